import equinox as eqx
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.calibrate import FreeParameters, Observations, Prior, Problem
from jaxocean.core.validate import InputError


class P(eqx.Module):
    a: float = 2.0
    b: float = 1.0


def line(p, x):
    return p.a + p.b * x


def test_gaussian_and_lognormal_residuals():
    g = Observations.gaussian([1.0, 2.0], [0.5, 2.0])
    np.testing.assert_allclose(np.asarray(g.residuals(jnp.array([2.0, 0.0]))), [2.0, -1.0])
    ln = Observations.lognormal([1.0, np.e], 0.5)
    np.testing.assert_allclose(np.asarray(ln.residuals(jnp.array([np.e, 1.0]))), [2.0, -2.0])
    rel = Observations.lognormal([1.0], rel_error=0.1)
    assert float(rel.sigma[0]) == pytest.approx(np.sqrt(np.log(1.01)))


def test_observation_checks():
    with pytest.raises(InputError, match="values > 0"):
        Observations.lognormal([1.0, 0.0], 0.1)
    with pytest.raises(InputError, match="non-finite"):
        Observations.gaussian([1.0, np.nan], 0.1)
    with pytest.raises(InputError, match="must be > 0"):
        Observations.gaussian([1.0], 0.0)
    with pytest.raises(InputError, match="exactly one"):
        Observations.lognormal([1.0], 0.1, rel_error=0.1)


def test_loss_is_half_chi_square_plus_prior():
    x = jnp.array([0.0, 1.0, 2.0])
    obs = Observations.gaussian([2.0, 3.5, 4.0], 0.5)
    free = FreeParameters.select(P(), ("a", "b"), {"b": "identity"})
    prob = Problem(line, x, free, obs, Prior.gaussian(b=(0.0, 2.0)))
    u = free.initial()
    # residuals (2-2, 3-3.5, 4-4)/0.5 = (0, -1, 0); prior (1-0)/2 = 0.5
    assert float(prob.misfit(u)) == pytest.approx(0.5)
    assert float(prob.loss(u)) == pytest.approx(0.5 + 0.125)
    with pytest.raises(InputError, match="not free"):
        Problem(line, x, FreeParameters.select(P(), ("a",)), obs, Prior.gaussian(b=(0.0, 1.0)))
