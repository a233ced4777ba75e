import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.calibrate.transforms import Bounded, Identity, Log, Softplus, by_name, derivative


@pytest.mark.parametrize("t, theta, dtheta_du", [
    (Identity(), np.array([-3.0, 0.5, 7.0]), lambda th: np.ones_like(th)),
    (Log(), np.array([1e-4, 0.5, 800.0]), lambda th: th),
    (Softplus(), np.array([1e-3, 0.5, 40.0]), lambda th: -np.expm1(-th)),      # sigmoid(u) = 1 - e^-theta
    (Bounded(0.5, 4.0), np.array([0.6, 2.0, 3.9]), lambda th: (th - 0.5) * (4.0 - th) / 3.5),
])
def test_roundtrip_and_analytic_derivative(t, theta, dtheta_du):
    u = t.inverse(theta)
    np.testing.assert_allclose(np.asarray(t.forward(u)), theta, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(derivative(t, u)), dtheta_du(theta), rtol=1e-10)


def test_by_name():
    assert isinstance(by_name("log"), Log)
    b = by_name("bounded", 0.0, 2.0)
    assert float(b.forward(jnp.array(0.0))) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="lo < hi"):
        by_name("bounded", 2.0, 1.0)
    with pytest.raises(ValueError, match="unknown transform"):
        by_name("exp")
