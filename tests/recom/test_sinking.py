import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.recom import SinkingParams, detritus_sinking_speed, fast_detritus_sinking_speed

from .gradcheck import assert_param_grads_match_fd


def test_speeds():
    p = SinkingParams()
    z = jnp.array([0.0, -100.0, -4000.0])
    np.testing.assert_allclose(detritus_sinking_speed(z, p), [20.0, 22.88, 135.2], rtol=1e-14)
    assert float(detritus_sinking_speed(100.0, p)) == pytest.approx(22.88)  # depth sign does not matter
    np.testing.assert_array_equal(fast_detritus_sinking_speed(z, p), 200.0)
    assert fast_detritus_sinking_speed(z, p).shape == (3,)


def test_param_gradients_match_fd():
    z = jnp.array([-10.0, -500.0, -3000.0])
    grad = assert_param_grads_match_fd(
        lambda p: detritus_sinking_speed(z, p) + fast_detritus_sinking_speed(z, p), SinkingParams())
    np.testing.assert_allclose(grad, [3.0, 3510.0, 3.0])
