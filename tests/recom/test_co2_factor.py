import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.recom import (CO2_FACTOR_SETS, CO2FactorParams, co2_factor, co2_factor_checked,
                            co2_factor_from_state,
                            co2_factor_unclipped)

from .gradcheck import assert_param_grads_match_fd

# A surface-ocean-like state: HCO3 1800, CO2 12 umol/kg, pH 8.05 (total).
HCO3, CO2, H = 1800.0, 12.0, 10.0 ** -8.05


def hand(a, b, c, d, hco3=HCO3, co2=CO2, h=H):
    return a * hco3 / (b + hco3) - math.exp(-c * co2) - d * h


def test_published_sets_and_small_phyto_c():
    assert CO2FactorParams.diatoms() == CO2FactorParams(1.040, 28.90, 0.8778, 2.640e6)
    p = CO2FactorParams.small_phytoplankton()
    # REcoM code uses 0.2255; the seed's Table A1 misprints 0.255.
    assert (p.a, p.b, p.c, p.d) == (1.162, 48.88, 0.2255, 1.023e7)
    assert CO2FactorParams.coccolithophores().c == 0.3912
    assert CO2FactorParams.calcification().d == 1.343e7
    assert CO2FactorParams().f_min == 0.0 and CO2FactorParams().f_max == 3.0


def test_hand_values():
    expected = {
        "diatoms": hand(1.040, 28.90, 0.8778, 2.640e6),
        "small_phytoplankton": hand(1.162, 48.88, 0.2255, 1.023e7),
        "coccolithophores": hand(1.109, 37.67, 0.3912, 9.450e6),
        "calcification": hand(1.102, 42.38, 0.7079, 1.343e7),
    }
    for name, value in expected.items():
        got = float(co2_factor(HCO3, CO2, H, getattr(CO2FactorParams, name)()))
        assert got == pytest.approx(value, rel=1e-13)
    # literal values (computed once from the formula) pin the numbers themselves
    assert expected["diatoms"] == pytest.approx(1.0000104266, abs=1e-9)
    assert expected["small_phytoplankton"] == pytest.approx(0.97330102, abs=1e-8)
    # with 0.255 instead of 0.2255 the small-phytoplankton factor would differ
    assert abs(hand(1.162, 48.88, 0.255, 1.023e7) - expected["small_phytoplankton"]) > 1e-2


def test_clipping():
    p = CO2FactorParams.diatoms()
    # low HCO3 (low alkalinity): the fitted curve is negative -> clipped to 0
    assert float(co2_factor_unclipped(5.0, 0.1, 1e-7, p)) < 0
    assert float(co2_factor(5.0, 0.1, 1e-7, p)) == 0.0
    # a large a pushes the curve above 3 -> clipped to 3
    big = CO2FactorParams(a=5.0, b=28.9, c=0.8778, d=2.64e6)
    assert float(co2_factor_unclipped(HCO3, CO2, H, big)) > 3
    assert float(co2_factor(HCO3, CO2, H, big)) == 3.0


def test_vmap_over_parameter_sets_equals_loop():
    hco3 = jnp.linspace(200.0, 2200.0, 7)
    co2 = jnp.linspace(0.5, 30.0, 7)
    h = jnp.logspace(-8.6, -7.6, 7)
    batched = jax.vmap(co2_factor, in_axes=(None, None, None, 0))(hco3, co2, h, CO2FactorParams.stacked())
    assert batched.shape == (4, 7)
    for i, name in enumerate(CO2_FACTOR_SETS):
        np.testing.assert_allclose(batched[i], co2_factor(hco3, co2, h, getattr(CO2FactorParams, name)()),
                                   rtol=1e-14)


def test_checked_rejects_bad_input():
    p = CO2FactorParams.diatoms()
    with pytest.raises(InputError, match="hco3"):
        co2_factor_checked(-1.0, CO2, H, p)
    with pytest.raises(InputError, match="co2"):
        co2_factor_checked(HCO3, np.nan, H, p)
    with pytest.raises(InputError, match="h"):
        co2_factor_checked(HCO3, CO2, 8.05, p)  # pH given instead of [H+]
    with pytest.raises(InputError, match="broadcast"):
        co2_factor_checked(np.ones(3), np.ones(4), H, p)
    assert float(co2_factor_checked(HCO3, CO2, H, p)) == pytest.approx(hand(1.040, 28.90, 0.8778, 2.640e6))


@pytest.mark.parametrize("name", CO2_FACTOR_SETS)
def test_param_gradients_match_fd(name):
    hco3 = jnp.array([600.0, 1500.0, 1900.0])
    co2 = jnp.array([2.0, 10.0, 25.0])
    h = jnp.array([3e-9, 8e-9, 1.5e-8])
    params = getattr(CO2FactorParams, name)()
    grad = assert_param_grads_match_fd(lambda p: co2_factor(hco3, co2, h, p), params)
    assert np.count_nonzero(grad) >= 4  # a, b, c, d all act


def test_from_carbonate_state():
    from jaxocean.carbonate import solve

    p = CO2FactorParams.diatoms()
    state = solve(1950.0, jnp.array([2100.0, 3000.0]), 20.0, 35.0)
    np.testing.assert_array_equal(co2_factor_from_state(state, p),
                                  co2_factor(state.hco3, state.co2, state.h, p))
    # (d f / d TA through the solver is checked against finite differences in notebook 01)
