import numpy as np
import pytest

from jaxocean.transport import SequestrationModel, idealized_basin, idealized_circulation

SECONDS_PER_YEAR = 365.25 * 86400.0


def column(n=20, dz=50.0, kv=1e-3):
    """1-D vertical column, constant diffusion only (the analytic test case)."""
    z = np.arange(n + 1) * dz
    return idealized_circulation([0.0], [0.0], z, np.ones((1, 1, n), bool), kv=kv, kh=0.0,
                                 overturning_sv=0.0, periodic=False, name="column")


@pytest.fixture(scope="module")
def column_model():
    return SequestrationModel.build(column())


@pytest.fixture(scope="module")
def basin():
    return idealized_basin(8, 12, land_fraction=0.2, seed=1)


@pytest.fixture(scope="module")
def basin_model(basin):
    return SequestrationModel.build(basin)
