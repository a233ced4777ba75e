import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.recom import (TINY, CalcificationParams, calcification_nutrient_limitation,
                            calcification_rate, calcification_rate_control,
                            calcification_temperature_limitation, stack_params)

from .gradcheck import assert_param_grads_match_fd

P = CalcificationParams()


def test_temperature_limitation():
    assert float(calcification_temperature_limitation(5.0, P)) == pytest.approx(0.104 * 5 - 0.108, rel=1e-14)
    assert float(calcification_temperature_limitation(10.5, P)) == pytest.approx(0.984, rel=1e-14)
    assert float(calcification_temperature_limitation(10.6, P)) == 1.0   # threshold itself: no limitation
    assert float(calcification_temperature_limitation(25.0, P)) == 1.0
    # below ~1.04 degC the line is negative -> floored at REcoM's tiny
    assert float(calcification_temperature_limitation(0.5, P)) == TINY
    assert float(calcification_temperature_limitation(-1.8, P)) == TINY


def test_nutrient_limitation():
    assert float(calcification_nutrient_limitation(0.0, P)) == pytest.approx(1.31)   # N-depleted: +31 %
    assert float(calcification_nutrient_limitation(0.9, P)) == pytest.approx(-0.31 / 2 + 1.31)  # DIN = k
    assert float(calcification_nutrient_limitation(1e6, P)) == pytest.approx(1.0, abs=1e-6)
    assert P.k_din == 0.9


def test_rate_is_the_product():
    ps, c, temp, din, f_co2 = 0.8, 2.5, 7.0, 0.3, 1.05
    want = ps * c * 1.0 * (0.104 * 7 - 0.108) * (-0.31 * 0.3 / 1.2 + 1.31) * f_co2
    assert float(calcification_rate(ps, c, temp, din, f_co2, P)) == pytest.approx(want, rel=1e-14)
    assert float(calcification_rate_control(0.8, 2.5, P)) == pytest.approx(0.02 * 0.8 * 2.5)


def test_vmap_over_parameter_sets_equals_loop():
    sets = [CalcificationParams(), CalcificationParams(k_din=0.5, t_threshold=12.0, pic_poc_ref=0.8)]
    temp = jnp.linspace(-1.0, 20.0, 6)
    run = lambda p: calcification_rate(0.5, 1.0, temp, 0.4, 1.0, p)  # noqa: E731
    batched = jax.vmap(run)(stack_params(sets))
    for i, p in enumerate(sets):
        np.testing.assert_allclose(batched[i], run(p), rtol=1e-14)


def test_param_gradients_match_fd():
    temp = jnp.array([3.0, 8.0, 15.0])   # away from the 10.6 degC switch
    din = jnp.array([0.05, 0.8, 6.0])
    grad = assert_param_grads_match_fd(
        lambda p: calcification_rate(0.7, 2.0, temp, din, 1.1, p) + calcification_rate_control(0.7, 2.0, p), P)
    assert np.count_nonzero(grad) >= 6
