import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.export import ExponentialQ10, flux_profile, injection
import pytest

from jaxocean.core.validate import InputError
from jaxocean.transport import (carbon_gtc, check_source, export_gtc_per_year,
                                inventory, sequestration_time, source_from_injection, steady_state,
                                transient)

from .conftest import SECONDS_PER_YEAR


def test_column_steady_state_matches_closed_form(column_model):
    """K C'' = -s, C(z0) = 0 at the surface-box centre, no flux through the floor."""
    op = column_model.operator
    n, dz, k = op.n, 50.0, 1e-3 * SECONDS_PER_YEAR
    s = np.where(op.surface, 0.0, 2.0)                          # per m3 per yr
    c = np.asarray(steady_state(column_model, s))
    z, z0, h = (np.arange(n) + 0.5) * dz, 0.5 * dz, n * dz
    expect = 2.0 / k * (h * (z - z0) - (z ** 2 - z0 ** 2) / 2)
    np.testing.assert_allclose(c, expect, rtol=1e-10, atol=1e-14)


def test_backward_euler_converges_to_steady_state(column_model):
    s = jnp.where(jnp.asarray(column_model.operator.surface), 0.0, 1.0)
    c_ss = steady_state(column_model, s)
    zero_start = jnp.zeros_like(s)
    cs = transient(column_model, jnp.tile(s, (400, 1)), c0=zero_start)
    err = np.abs(np.asarray(cs) - np.asarray(c_ss)).max(axis=1) / np.abs(c_ss).max()
    assert err[-1] < 1e-6 and err[50] > err[100] > err[200]
    # default start: the steady state of the first year stays put under a constant source
    held = transient(column_model, jnp.tile(s, (3, 1)))
    np.testing.assert_allclose(held[-1], c_ss, rtol=1e-10)


def test_export_chain_conserves_and_gradients_match_fd(basin, basin_model):
    op = basin
    rng = np.random.default_rng(2)
    flux_top = jnp.asarray(rng.uniform(0.5, 3.0, op.wet.shape[:2])) * op.wet[:, :, 0]   # mg C m-2 d-1
    temp = jnp.broadcast_to(jnp.linspace(18.0, 2.0, op.wet.shape[2]), op.wet.shape)
    n_wet = jnp.asarray(op.n_wet_layers)

    @jax.jit
    def c_seq(x, model=basin_model):
        prof = ExponentialQ10(k1=x[0], q10=x[1], w_sink=x[2])
        f = flux_profile(prof, flux_top, op.z_interfaces, {"temperature": temp})
        src = source_from_injection(op, injection(f, n_wet))
        return carbon_gtc(op, steady_state(model, src))

    x = jnp.array([0.12, 2.0, 787.0])
    # injected carbon = exported carbon (mg C yr-1) before transport
    f = flux_profile(ExponentialQ10(), flux_top, op.z_interfaces, {"temperature": temp})
    src = source_from_injection(op, injection(f, n_wet))
    np.testing.assert_allclose(inventory(op, src) / 1e18, export_gtc_per_year(op, flux_top), rtol=1e-12)
    g = jax.grad(c_seq)(x)
    for i, h in enumerate([1e-5, 1e-5, 1e-2]):
        e = jnp.zeros(3).at[i].set(h)
        fd = (c_seq(x + e) - c_seq(x - e)) / (2 * h)
        np.testing.assert_allclose(g[i], fd, rtol=1e-6)
    assert g[0] < 0 and g[2] > 0          # faster remineralization: shallower, shorter storage
    tau = sequestration_time(c_seq(x), export_gtc_per_year(op, flux_top))
    assert 10.0 < float(tau) < 2000.0
    # gradient with respect to the injection field = V * mean first-passage time / 1e18
    src_grad = jax.grad(lambda s: carbon_gtc(op, steady_state(basin_model, s)))(src)
    from jaxocean.transport import mean_first_passage_time
    np.testing.assert_allclose(src_grad, op.volume * mean_first_passage_time(basin_model) / 1e18, rtol=1e-10)


def test_transient_gradient_matches_fd(column_model):
    op = column_model.operator
    base = jnp.where(jnp.asarray(op.surface), 0.0, 1.0)
    ramp = jnp.linspace(1.0, 2.0, 30)[:, None] * base

    @jax.jit
    def final_inventory(scale):
        return inventory(op, transient(column_model, ramp * scale)[-1])

    g = jax.grad(final_inventory)(1.3)
    fd = (final_inventory(1.3 + 1e-4) - final_inventory(1.3 - 1e-4)) / 2e-4
    np.testing.assert_allclose(g, fd, rtol=1e-7)


def test_vmap_over_scenarios_and_checked_source(basin, basin_model):
    rng = np.random.default_rng(5)
    s = jnp.asarray(rng.uniform(0, 1, (3, basin.n)))
    batched = jax.vmap(lambda x: steady_state(basin_model, x))(s)
    np.testing.assert_allclose(batched[2], steady_state(basin_model, s[2]), rtol=1e-12)
    check_source(basin, s)
    with pytest.raises(InputError, match="source"):
        check_source(basin, s[:, :-1])
    with pytest.raises(InputError, match="source"):
        check_source(basin, s.at[0, 0].set(jnp.nan))
