import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.recom import (TINY, ArrheniusTemperature, CoccoTemperature, NutrientLimitationParams,
                            PhytoplanktonParams, gross_photosynthesis, iron_limitation,
                            light_limitation, nutrient_limitation, quota_limitation,
                            stack_params, temperature_arrhenius, temperature_cocco,
                            temperature_dependence)

from .gradcheck import assert_param_grads_match_fd


def test_arrhenius_equals_psmax_at_15C():
    assert float(temperature_arrhenius(15.0, ArrheniusTemperature.diatoms())) == pytest.approx(3.5, rel=1e-15)
    assert float(temperature_arrhenius(15.0, ArrheniusTemperature.small_phytoplankton())) == pytest.approx(3.0, rel=1e-15)
    want = 3.5 * math.exp(-4500.0 * (1 / 298.15 - 1 / 288.15))
    assert float(temperature_arrhenius(25.0, ArrheniusTemperature.diatoms())) == pytest.approx(want, rel=1e-14)
    assert want == pytest.approx(5.9095, abs=1e-4)  # ~1.69x faster at 25 degC


def test_cocco_temperature_power_law_and_floor():
    p = CoccoTemperature.coccolithophores()
    assert float(temperature_cocco(20.0, p)) == pytest.approx(2.8 * 0.1419 * 20.0 ** 0.8151, rel=1e-14)
    t = jnp.array([-2.0, 0.0])
    np.testing.assert_allclose(temperature_cocco(t, p), 2.8 * TINY, rtol=1e-14)
    g = jax.vmap(jax.grad(lambda x: temperature_cocco(x, p)))(jnp.array([-2.0, 0.0, 1e-30, 5.0]))
    assert np.all(np.isfinite(g))
    assert float(g[3]) == pytest.approx(2.8 * 0.1419 * 0.8151 * 5.0 ** -0.1849, rel=1e-12)
    # dispatch on the parameter type
    assert float(temperature_dependence(20.0, p)) == float(temperature_cocco(20.0, p))
    assert float(temperature_dependence(15.0, ArrheniusTemperature())) == pytest.approx(3.5)


def test_quota_and_iron_limitation():
    assert float(quota_limitation(0.15, 0.05, 50.0)) == pytest.approx(1 - math.exp(-2.0), rel=1e-14)
    assert float(quota_limitation(0.05, 0.05, 50.0)) == 0.0   # at the minimum quota
    assert float(quota_limitation(0.03, 0.05, 50.0)) == 0.0   # below it
    assert float(iron_limitation(0.5, 0.12)) == pytest.approx(0.5 / 0.62, rel=1e-15)


def test_nutrient_limitation_is_the_minimum():
    dia = NutrientLimitationParams.diatoms()
    lim_n = 1 - math.exp(-50 * 0.2 ** 2)            # q_nc 0.15, NCmin_d 0.05
    lim_fe = 0.5 / (0.12 + 0.5)                      # k_Fe_d 0.12
    lim_si = 1 - math.exp(-1000 * (2 * (0.2 - 0.04)) ** 2)
    assert float(nutrient_limitation(0.15, 0.5, dia, q_sic=0.2)) == pytest.approx(min(lim_n, lim_fe, lim_si))
    # Si becomes the limiting term at a low Si:C quota
    assert float(nutrient_limitation(0.15, 0.5, dia, q_sic=0.045)) == pytest.approx(
        1 - math.exp(-1000 * 0.01 ** 2), rel=1e-12)
    with pytest.raises(ValueError, match="q_sic"):
        nutrient_limitation(0.15, 0.5, dia)
    small = NutrientLimitationParams.small_phytoplankton()
    assert float(nutrient_limitation(0.15, 0.02, small)) == pytest.approx(0.02 / 0.06)  # Fe-limited


def test_light_limitation():
    assert float(light_limitation(50.0, 0.03, 2.0, 0.19)) == pytest.approx(1 - math.exp(-0.19 * 0.03 * 50 / 2.0))
    assert float(light_limitation(50.0, 0.03, 0.0, 0.19)) == 0.0   # REcoM: no photosynthesis at P_max < tiny
    g = jax.grad(lambda pm: light_limitation(50.0, 0.03, pm, 0.19))(0.0)
    assert np.isfinite(g)


def test_gross_photosynthesis_hand_value():
    p = PhytoplanktonParams.diatoms()
    temp, par, chl_c, q_nc, fe, q_sic, f_co2 = 25.0, 50.0, 0.03, 0.15, 0.5, 0.2, 1.1
    f_t = 3.5 * math.exp(-4500.0 * (1 / 298.15 - 1 / 288.15))
    f_n = min(1 - math.exp(-2.0), 0.5 / 0.62, 1 - math.exp(-1000 * 0.32 ** 2))
    f_par = 1 - math.exp(-0.19 * chl_c * par / (f_t * f_n))
    want = f_t * f_n * f_par * f_co2
    got = gross_photosynthesis(temp, par, chl_c, q_nc, fe, p, f_co2=f_co2, q_sic=q_sic)
    assert float(got) == pytest.approx(want, rel=1e-13)
    # coccolithophores: power-law f(T), alpha 0.10, NCmin 0.04, k_Fe 0.09
    c = PhytoplanktonParams.coccolithophores()
    f_t = 2.8 * 0.1419 * 20.0 ** 0.8151
    f_n = min(1 - math.exp(-50 * (2 * 0.11) ** 2), 0.5 / 0.59)
    want = f_t * f_n * (1 - math.exp(-0.10 * chl_c * par / (f_t * f_n)))
    assert float(gross_photosynthesis(20.0, par, chl_c, q_nc, fe, c)) == pytest.approx(want, rel=1e-13)
    # no light, no photosynthesis
    assert float(gross_photosynthesis(20.0, 0.0, chl_c, q_nc, fe, c)) == 0.0


def test_published_photosynthesis_parameters():
    d, s, c = (PhytoplanktonParams.diatoms(), PhytoplanktonParams.small_phytoplankton(),
               PhytoplanktonParams.coccolithophores())
    assert (d.temperature.ps_max, s.temperature.ps_max, c.temperature.ps_max) == (3.5, 3.0, 2.8)
    assert (d.alpha, s.alpha, c.alpha) == (0.19, 0.14, 0.10)
    assert (d.nutrients.fe_half_sat, s.nutrients.fe_half_sat, c.nutrients.fe_half_sat) == (0.12, 0.04, 0.09)
    assert (d.nutrients.nc_min, s.nutrients.nc_min, c.nutrients.nc_min) == (0.05, 0.05, 0.04)
    assert d.nutrients.si_limited and not s.nutrients.si_limited


def test_vmap_over_parameter_sets_equals_loop():
    sets = [PhytoplanktonParams.diatoms(), PhytoplanktonParams.diatoms()]
    sets[1] = PhytoplanktonParams(ArrheniusTemperature(ps_max=2.0), 0.3, NutrientLimitationParams.diatoms(),
                                  sets[0].co2)
    temp = jnp.linspace(-1.0, 28.0, 5)
    run = lambda p: gross_photosynthesis(temp, 40.0, 0.02, 0.12, 0.3, p, q_sic=0.1)  # noqa: E731
    batched = jax.vmap(run)(stack_params(sets))
    for i, p in enumerate(sets):
        np.testing.assert_allclose(batched[i], run(p), rtol=1e-14)


@pytest.mark.parametrize("group", ["diatoms", "small_phytoplankton", "coccolithophores"])
def test_param_gradients_match_fd(group):
    p = getattr(PhytoplanktonParams, group)()
    temp = jnp.array([2.0, 12.0, 24.0])
    q_nc = jnp.array([0.08, 0.06, 0.12])   # N-limited in some cells
    fe = jnp.array([0.05, 0.4, 0.02])      # Fe-limited in others
    q_sic = jnp.array([0.06, 0.2, 0.1]) if group == "diatoms" else None
    grad = assert_param_grads_match_fd(
        lambda pp: gross_photosynthesis(temp, 30.0, 0.025, q_nc, fe, pp, q_sic=q_sic), p)
    assert np.count_nonzero(grad) >= 4


def test_temperature_param_gradients_match_fd_including_floor():
    temp = jnp.array([-1.5, 0.0, 4.0, 22.0])
    grad = assert_param_grads_match_fd(lambda p: temperature_cocco(temp, p), CoccoTemperature())
    assert np.all(np.isfinite(grad))
    assert_param_grads_match_fd(lambda p: temperature_arrhenius(temp, p), ArrheniusTemperature.small_phytoplankton())
    # quota limiter at and around q_min: finite, FD-consistent gradients w.r.t. q_min and slope
    q = jnp.array([0.03, 0.05, 0.09])
    g = jax.grad(lambda a: quota_limitation(q, a[0], a[1]).sum())(jnp.array([0.05, 50.0]))
    assert np.all(np.isfinite(g))
