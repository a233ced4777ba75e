import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.satellite import (CalcificationParams, depth_factor, euphotic_depth, ez_pic_production,
                                ez_pic_production_checked, growth_rate, kd_par, light_limitation)

P = CalcificationParams()


def test_components():
    assert float(growth_rate(15.0, P)) == pytest.approx(0.1419 * 15.0 ** 0.8151, rel=1e-12)  # Fielding 2013
    assert float(growth_rate(-1.5, P)) == 0.0
    assert float(light_limitation(0.0, P)) == 0.0
    assert float(light_limitation(P.ik, P)) == pytest.approx(1 - np.exp(-1.0))
    assert float(light_limitation(1e3, P)) == pytest.approx(1.0)
    kd = 0.05
    assert float(kd_par(kd, P)) == pytest.approx(0.0864 + 0.884 * kd - 0.00137 / kd)          # Morel et al. 2007
    zeu = float(euphotic_depth(kd, P))
    assert np.exp(-float(kd_par(kd, P)) * zeu) == pytest.approx(0.01)                          # 1 % light level
    # g(Zeu) is the integral of exp(-K z) over the euphotic zone
    z = np.linspace(0.0, zeu, 200001)
    k = float(kd_par(kd, P))
    assert float(depth_factor(zeu, P)) == pytest.approx(np.trapezoid(np.exp(-k * z), z), rel=1e-8)


def test_production_units_and_magnitude():
    pic, sst, par, kd = 1e-4, 15.0, 30.0, 0.04  # mol C m-3 (0.1 mmol), degC, mol photons m-2 d-1, m-1
    v = float(ez_pic_production(pic, sst, par, kd))
    expected = pic * 12.011 * float(growth_rate(sst, P) * light_limitation(par, P) * depth_factor(euphotic_depth(kd, P), P))
    assert v == pytest.approx(expected, rel=1e-12)
    assert 1e-3 < v < 0.1          # g C m-2 d-1: a few to tens of mg, as in seed Fig. 2b
    assert np.isnan(float(ez_pic_production(np.nan, sst, par, kd)))


def test_jit_vmap_grad_over_params():
    sst = jnp.linspace(0.0, 30.0, 7)
    f = jax.jit(jax.vmap(lambda t, p: ez_pic_production(1e-4, t, 30.0, 0.04, p), in_axes=(0, None)))
    assert f(sst, P).shape == (7,) and float(f(sst, P)[0]) == 0.0
    mus = jnp.array([0.10, 0.1419, 0.2])
    batch = jax.vmap(lambda a: ez_pic_production(1e-4, 15.0, 30.0, 0.04, CalcificationParams(mu_a=a)))(mus)
    np.testing.assert_allclose(np.asarray(batch) / float(batch[1]), np.asarray(mus) / 0.1419, rtol=1e-12)
    g = jax.grad(lambda t: ez_pic_production(1e-4, t, 30.0, 0.04))(10.0)
    assert np.isfinite(float(g)) and float(g) > 0
    g0 = jax.grad(lambda t: ez_pic_production(1e-4, t, 30.0, 0.04))(0.0)
    assert np.isfinite(float(g0))


def test_checked_entry_names_the_field():
    ok = ez_pic_production_checked(np.array([1e-4, np.nan]), 10.0, 20.0, 0.05)
    assert np.isfinite(float(ok[0])) and np.isnan(float(ok[1]))
    with pytest.raises(InputError, match="sst"):
        ez_pic_production_checked(1e-4, 290.0, 20.0, 0.05)       # kelvin passed as degC
    with pytest.raises(InputError, match="pic"):
        ez_pic_production_checked(0.1 * 1e3, 10.0, 20.0, 0.05)   # mmol passed as mol
    with pytest.raises(InputError, match="par"):
        ez_pic_production_checked(1e-4, 10.0, -1.0, 0.05)
    with pytest.raises(InputError, match="broadcast"):
        ez_pic_production_checked(np.ones(3) * 1e-4, np.ones(2), 20.0, 0.05)
