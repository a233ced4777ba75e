import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.integrate import integrate


def _decay(state, forcing, k, dt):
    # forward Euler on dy/dt = -k y + f
    new = state + dt * (-k * state + forcing)
    return new, {"y": new}


def test_matches_closed_form_recursion():
    f = jnp.zeros(50)
    final, out = integrate(_decay, jnp.asarray(2.0), f, 0.3, 0.1)
    expected = 2.0 * (1 - 0.03) ** np.arange(1, 51)
    np.testing.assert_allclose(out["y"], expected, rtol=1e-13)
    assert final == out["y"][-1]


def test_jit_vmap_grad_and_checkpoint_agree():
    f = jnp.linspace(0, 1, 40)

    def final(k, checkpoint=False):
        return integrate(_decay, jnp.asarray(1.0), f, k, 0.05, checkpoint=checkpoint)[0]

    ks = jnp.array([0.1, 0.5, 2.0])
    batched = jax.jit(jax.vmap(final))(ks)
    np.testing.assert_array_equal(batched, jnp.stack([final(k) for k in ks]))
    g = jax.grad(final)(0.5)
    g_ckpt = jax.grad(lambda k: final(k, True))(0.5)
    fd = (final(0.5 + 1e-6) - final(0.5 - 1e-6)) / 2e-6
    np.testing.assert_allclose(g, fd, rtol=1e-6)
    np.testing.assert_allclose(g_ckpt, g, rtol=1e-14)


def test_save_selects_outputs():
    _, out = integrate(_decay, jnp.asarray(1.0), jnp.zeros(5), 1.0, 0.1,
                       save=lambda s, d: s * 2)
    np.testing.assert_allclose(out, 2 * 0.9 ** np.arange(1, 6), rtol=1e-14)
