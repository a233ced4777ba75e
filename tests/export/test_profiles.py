import jax.numpy as jnp
import numpy as np

from jaxocean.export import CalciteDissolution, DetritusREcoM, ExponentialQ10, MartinCurve, flux_at, q10_rate

Z = jnp.array([0.0, 100.0, 300.0, 700.0, 1500.0, 3000.0, 5000.0])


def test_published_defaults():
    assert ExponentialQ10.fecal_pellets().w_sink == 787.0 and ExponentialQ10.carcasses().w_sink == 1150.0
    assert ExponentialQ10().z0 == 75.0 and ExponentialQ10().q10 == 2.0
    assert DetritusREcoM.fast().w0 == 200.0 and DetritusREcoM.fast().w_slope == 0.0


def test_q10_doubles_per_10_degrees():
    np.testing.assert_allclose(q10_rate(0.1, 2.0, jnp.array([5.0, 15.0, 25.0]), 15.0), [0.05, 0.1, 0.2])


def test_martin_curve():
    f = flux_at(MartinCurve(b=0.858, z0=100.0), 7.0, jnp.array([100.0, 1000.0, 5000.0]), Z)
    np.testing.assert_allclose(f, 7.0 * np.array([1.0, 10.0, 50.0]) ** -0.858, rtol=1e-13)


def test_recom_detritus_isothermal_closed_form():
    d = DetritusREcoM.slow()
    env = {"temperature": jnp.full(6, 15.0)}
    zq = jnp.array([500.0, 4000.0])
    f = flux_at(d, 1.0, zq, Z, env)
    expect = ((20 + 0.0288 * np.asarray(zq)) / (20 + 0.0288 * 100.0)) ** (-d.remin / 0.0288)
    np.testing.assert_allclose(f, expect, rtol=1e-12)
    fast = flux_at(DetritusREcoM.fast(), 1.0, zq, Z, env)
    np.testing.assert_allclose(fast, np.exp(-d.remin * (np.asarray(zq) - 100.0) / 200.0), rtol=1e-12)
    cold = flux_at(d, 1.0, zq, Z, {"temperature": jnp.full(6, 2.0)})
    assert np.all(np.asarray(cold) > np.asarray(f))     # slower remineralization in the cold


def test_calcite_dissolves_only_below_saturation():
    omega = jnp.array([4.0, 3.0, 1.5, 0.9, 0.7, 0.6])     # saturation horizon inside layer 3
    c = CalciteDissolution()
    f = flux_at(c, 1.0, jnp.array([700.0, 1500.0, 3000.0]), Z, {"omega_calcite": omega})
    assert f[0] == 1.0
    rate = 0.197 * (1 - 0.9)
    expect = np.exp(-rate * np.log((20 + 0.0288 * 1500) / (20 + 0.0288 * 700)) / 0.0288)
    np.testing.assert_allclose(f[1], expect, rtol=1e-12)
    assert f[2] < f[1]
