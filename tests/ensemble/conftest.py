"""A five-member ensemble run once per session, the reference of the member-batch and
multi-process tests (which must reproduce its annual.nc bitwise)."""

import netCDF4
import numpy as np
import pytest

from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict

FIVE = {"ensemble": {"name": "five", "start_year": 1950, "end_year": 1951, "spinup_years": 1,
                     "effort_freeze_year": 1951, "coarsen": 6},
        "members": {"param_sets": [6290, 6363, 9459, 8874, 6920],
                    "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}}
FIELDS = ("biomass", "catch", "effort", "carcass_flux", "fecal_flux", "year", "member", "param_set")


def annual_maps(path):
    """Every variable of an annual file the runs must reproduce (NaN on land)."""
    with netCDF4.Dataset(path) as nc:
        return {n: np.ma.filled(nc[n][:], np.nan) for n in FIELDS}


def assert_bitwise(got, ref):
    for name in ref:
        np.testing.assert_array_equal(got[name], ref[name], err_msg=name)   # NaN == NaN


@pytest.fixture(scope="session")
def five_members(tmp_path_factory):
    """annual.nc of the five-member ensemble run as one batch in one process."""
    out = tmp_path_factory.mktemp("five")
    run_ensemble(from_dict(FIVE), out, progress=False)
    return annual_maps(out / "annual.nc")
