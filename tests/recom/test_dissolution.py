import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.recom import (DissolutionParams, SinkingParams, calcite_dissolution_rate,
                            calcite_dissolution_rate_depth, stack_params)

from .gradcheck import assert_param_grads_match_fd

P = DissolutionParams()


def test_omega_rate():
    assert float(calcite_dissolution_rate(0.5, P)) == pytest.approx(0.197 * 0.5)
    assert float(calcite_dissolution_rate(0.0, P)) == pytest.approx(0.197)
    np.testing.assert_array_equal(calcite_dissolution_rate(jnp.array([1.0, 3.5]), P), 0.0)  # supersaturated
    sq = DissolutionParams(exponent=2.0)
    assert float(calcite_dissolution_rate(0.5, sq)) == pytest.approx(0.197 * 0.25)
    # gradient w.r.t. the exponent stays finite where Omega >= 1
    g = jax.grad(lambda e: calcite_dissolution_rate(jnp.array([0.4, 1.0, 2.0]), DissolutionParams(exponent=e)).sum())(1.0)
    assert np.isfinite(g) and float(g) == pytest.approx(0.197 * 0.6 * np.log(0.6))


def test_depth_only_control_rate():
    assert float(calcite_dissolution_rate_depth(0.0, P)) == pytest.approx(0.005714)
    assert float(calcite_dissolution_rate_depth(-1000.0, P)) == pytest.approx(0.005714 * (20 + 28.8) / 20)
    assert float(calcite_dissolution_rate_depth(1000.0, P)) == float(calcite_dissolution_rate_depth(-1000.0, P))


def test_vmap_over_parameter_sets_equals_loop():
    sets = [DissolutionParams(), DissolutionParams(rate_omega=0.1, exponent=1.5)]
    omega = jnp.linspace(0.2, 1.8, 5)
    batched = jax.vmap(lambda p: calcite_dissolution_rate(omega, p))(stack_params(sets))
    for i, p in enumerate(sets):
        np.testing.assert_allclose(batched[i], calcite_dissolution_rate(omega, p), rtol=1e-14)


def test_param_gradients_match_fd():
    omega = jnp.array([0.3, 0.8, 1.4])
    z = jnp.array([-50.0, -2000.0])
    grad = assert_param_grads_match_fd(
        lambda p: calcite_dissolution_rate(omega, p).sum() + calcite_dissolution_rate_depth(z, p).sum(), P)
    assert np.count_nonzero(grad) == 4
    grad = assert_param_grads_match_fd(lambda s: calcite_dissolution_rate_depth(z, P, s), SinkingParams())
    assert np.count_nonzero(grad) == 2   # w_surface, w_slope (w_fast does not enter)
