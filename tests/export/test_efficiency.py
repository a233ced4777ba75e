import jax.numpy as jnp
import numpy as np

from jaxocean.export import MartinCurve, export_efficiency, profile_transfer_efficiency, transfer_efficiency


def test_ratios_and_undefined():
    np.testing.assert_allclose(export_efficiency(jnp.array([2.0, 1.0]), jnp.array([10.0, 0.0])), [0.2, np.nan])
    np.testing.assert_allclose(transfer_efficiency(1.0, 4.0), 0.25)


def test_martin_transfer_efficiency_100_to_2000():
    z = jnp.array([0.0, 100.0, 500.0, 1000.0, 2500.0])
    te = profile_transfer_efficiency(MartinCurve(b=0.858), 100.0, 2000.0, z)
    np.testing.assert_allclose(te, 20.0 ** -0.858, rtol=1e-13)
