import pytest

from jaxocean.traps import read_mouw2016, read_timeseries_traps


@pytest.fixture(scope="session")
def mouw(shared):
    return read_mouw2016(shared("data", "mouw2016_goflux", "GO_flux.tab"))


@pytest.fixture(scope="session")
def timeseries(shared):
    return read_timeseries_traps(shared("data", "ts_traps"))
