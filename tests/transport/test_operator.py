import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.transport import TransportOperator


def test_ocim_ordering_and_round_trip(basin):
    wet = basin.wet
    field = np.arange(wet.size, dtype=float).reshape(wet.shape)
    v = np.asarray(basin.from_field(field))
    # MATLAB find(M3d(:)): column-major order of the wet mask
    np.testing.assert_array_equal(v, field.ravel(order="F")[np.flatnonzero(wet.ravel(order="F"))])
    back = np.asarray(basin.to_field(v))
    np.testing.assert_array_equal(back[wet], field[wet])
    assert np.all(np.isnan(back[~wet]))


def test_geometry_properties(basin):
    assert basin.surface.sum() == basin.wet[:, :, 0].sum()
    np.testing.assert_allclose(basin.dz[basin.surface], basin.z_interfaces[1] - basin.z_interfaces[0])
    assert np.all(basin.area[basin.wet[:, :, 0]] > 0) and np.all(basin.area[~basin.wet[:, :, 0]] == 0)
    np.testing.assert_array_equal(basin.n_wet_layers, basin.wet.sum(2))


def test_shape_errors(basin):
    with pytest.raises(InputError, match="wet boxes"):
        TransportOperator(basin.matrix[:-1, :-1], basin.wet, basin.volume, basin.lat, basin.lon,
                          basin.z_interfaces)
    with pytest.raises(InputError, match="volume"):
        TransportOperator(basin.matrix, basin.wet, basin.volume[:-1], basin.lat, basin.lon, basin.z_interfaces)


def test_from_field_batched(basin):
    f = jnp.ones((3,) + basin.shape3d)
    assert basin.from_field(f).shape == (3, basin.n)
