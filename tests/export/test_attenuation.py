import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.export import (ExponentialQ10, MartinCurve, bottom_index_from_mask, export_injection,
                             flux_at, flux_profile, injection, transit_time)

Z = jnp.array([0.0, 25.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0])
T = jnp.array([22.0, 20.0, 17.0, 12.0, 8.0, 5.0, 3.0, 2.0, 1.5])


def test_exponential_matches_closed_form_isothermal():
    p = ExponentialQ10(k1=0.2, t1=10.0, q10=2.0, w_sink=500.0, z0=75.0)
    f = flux_profile(p, 3.0, Z, {"temperature": jnp.full(9, 20.0)})
    k = 0.2 * 2.0 ** 1.0
    expect = 3.0 * np.exp(-k / 500.0 * np.maximum(np.asarray(Z) - 75.0, 0.0))
    np.testing.assert_allclose(f, expect, rtol=1e-13)


def test_layerwise_equation_25():
    """F(z+1) = F(z) exp(-k(T_z)/W dz) layer by layer below z_eu (seed 002 Eq. 25-26)."""
    p = ExponentialQ10.carcasses(z0=0.0)
    f = np.asarray(flux_profile(p, 1.0, Z, {"temperature": T}))
    k = 0.12 * 2.0 ** ((np.asarray(T) - 15.0) / 10.0)
    np.testing.assert_allclose(f[1:] / f[:-1], np.exp(-k / 1150.0 * np.diff(np.asarray(Z))), rtol=1e-13)


def test_flux_at_interfaces_and_inside_layers():
    p = ExponentialQ10.fecal_pellets()
    env = {"temperature": T}
    f = flux_profile(p, 2.0, Z, env)
    np.testing.assert_allclose(flux_at(p, 2.0, Z, Z, env), f, rtol=1e-13)
    # midway through layer 5 (500-1000 m) the attenuation is half the layer's
    mid = flux_at(p, 2.0, jnp.array([750.0]), Z, env)[0]
    np.testing.assert_allclose(mid, np.sqrt(f[5] * f[6]), rtol=1e-13)
    assert flux_at(p, 2.0, jnp.array([10.0]), Z, env)[0] == 2.0    # above z_eu: production


def test_injection_conserves_and_respects_floor():
    p = ExponentialQ10.fecal_pellets()
    flux_top = jnp.array([10.0, 4.0, 7.0])
    f = flux_profile(p, flux_top, Z, {"temperature": T})
    n_wet = jnp.array([9, 5, 1])
    inj = injection(f, n_wet)
    np.testing.assert_allclose(inj.sum(-1), flux_top, rtol=0, atol=1e-14)
    assert np.all(np.asarray(inj)[1, 5:] == 0.0) and np.all(np.asarray(inj)[2, 1:] == 0.0)
    np.testing.assert_allclose(inj[1, 4], f[1, 4], rtol=1e-15)     # all that reaches the floor
    assert np.all(np.asarray(inj) >= 0.0)


def test_bottom_index_from_mask():
    wet = jnp.array([[1, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]], bool)
    np.testing.assert_array_equal(bottom_index_from_mask(wet), [3, 1, 0])


def test_transit_time_linear_speed():
    t = transit_time(100.0, 1000.0, 20.0, 0.0288)
    np.testing.assert_allclose(t, np.log((20 + 28.8) / (20 + 2.88)) / 0.0288, rtol=1e-14)
    np.testing.assert_allclose(transit_time(100.0, 1000.0, 200.0, 0.0), 4.5, rtol=1e-15)
    # continuity of the small-slope series with the log branch
    np.testing.assert_allclose(transit_time(0.0, 10.0, 20.0, 1e-9), 0.5, rtol=1e-9)


def test_grad_through_flux_at_matches_finite_differences():
    env = {"temperature": T}
    zq = jnp.array([150.0, 1800.0, 3500.0])

    def loss(x):
        p = ExponentialQ10(k1=x[0], q10=x[1], w_sink=x[2])
        return jnp.sum(flux_at(p, 5.0, zq, Z, env) ** 2)

    x = jnp.array([0.12, 2.0, 787.0])
    g = jax.grad(loss)(x)
    for i, h in enumerate([1e-6, 1e-6, 1e-3]):
        e = jnp.zeros(3).at[i].set(h)
        fd = (loss(x + e) - loss(x - e)) / (2 * h)
        np.testing.assert_allclose(g[i], fd, rtol=1e-6)


def test_vmap_over_parameter_sets():
    ps = jax.vmap(lambda b: MartinCurve(b=b))(jnp.array([0.6, 0.858, 1.2]))
    f = jax.vmap(lambda p: flux_at(p, 1.0, jnp.array([1000.0]), Z))(ps)
    np.testing.assert_allclose(f[:, 0], 10.0 ** -np.array([0.6, 0.858, 1.2]), rtol=1e-13)


def test_checked_entry_point_errors():
    p = ExponentialQ10()
    with pytest.raises(InputError, match="flux_top"):
        export_injection(p, jnp.array([-1.0]), Z, {"temperature": T})
    with pytest.raises(InputError, match="z_interfaces"):
        export_injection(p, 1.0, Z[::-1], {"temperature": T})
    with pytest.raises(InputError, match="temperature"):
        export_injection(p, 1.0, Z, {})
    with pytest.raises(InputError, match="env\\['temperature'\\]"):
        export_injection(p, 1.0, Z, {"temperature": jnp.ones(4)})
    f, inj = export_injection(p, jnp.array([1.0, 2.0]), Z, {"temperature": T}, n_wet=jnp.array([9, 3]))
    np.testing.assert_allclose(inj.sum(-1), [1.0, 2.0], atol=1e-14)
