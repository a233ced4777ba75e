"""Output Dataset (CF attributes, land as NaN), annual means, LME aggregation, netCDF round trip."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from jaxocean.boats import BoatsParams, FishingParams
from jaxocean.boats.forcing import ocean_grid
from jaxocean.boats.gridded import run_gridded
from jaxocean.boats.output import lme_aggregate, write_output
from tests.cfcheck import assert_cf_clean
from jaxocean.core.validate import InputError


@pytest.fixture(scope="module")
def gridded():
    lat, lon = np.array([-30.5, -29.5, 40.5]), np.array([10.5, 11.5])
    rng = np.random.default_rng(1)
    npp = rng.uniform(1e-4, 1e-3, (12, 3, 2))
    temp = rng.uniform(2.0, 20.0, (12, 3, 2))
    npp[:, 1, 1] = np.nan
    temp[:, 1, 1] = np.nan                                   # land
    ds = xr.Dataset({"npp": (("month", "lat", "lon"), npp, {"units": "mmol m-2 s-1"}),
                     "temp": (("month", "lat", "lon"), temp, {"units": "degC"})},
                    coords={"lat": lat, "lon": lon})
    params = BoatsParams.published_set(6290, fishing=FishingParams(enabled=1.0, catchability=5e-5))
    out, final, grid = run_gridded(ds, params, 2, dt_days=30.0, spectra=True)
    return ds, out, final, grid, params


def test_dataset_layout_and_land(gridded):
    ds, out, final, grid, params = gridded
    assert out["biomass"].dims == ("year", "group", "lat", "lon") and out.sizes["year"] == 2
    assert np.isnan(out["biomass"].values[..., 1, 1]).all()
    assert np.isfinite(out["biomass"].values[..., grid.mask]).all()
    for name in out.data_vars:
        assert "units" in out[name].attrs, name
    assert out["carcass_flux"].attrs["units"] == "mg m-2 d-1"
    np.testing.assert_allclose(out["biomass_total"].values, out["biomass"].values.sum(1))
    spec = out["spectrum"].values                                # (3, 50, lat, lon), NaN above m_inf
    assert np.isnan(spec[0, 19:]).all() and np.isfinite(spec[2][:, grid.mask]).all()
    assert np.all(np.asarray(final.biomass) >= 0.0)
    by_class = out["spectrum_annual"].sum("mass_class", skipna=True).values        # (year, 3, lat, lon)
    np.testing.assert_allclose(by_class[..., grid.mask], out["biomass"].values[..., grid.mask], rtol=1e-12)


def test_gridded_run_rejects_bad_input(gridded):
    ds, *_ , params = gridded
    bad = ds.copy(deep=True)
    bad["npp"].values[4, 0, 0] = np.nan                          # NaN over an ocean cell, one month
    with pytest.raises(InputError, match="npp"):
        run_gridded(bad, params, 1, grid=ocean_grid(ds))
    with pytest.raises(InputError, match="years"):
        run_gridded(ds, params, 0.5)


def test_lme_aggregate_and_netcdf(gridded, tmp_path):
    _, out, _, grid, _ = gridded
    codes = np.array([[1, 1], [2, np.nan], [0, 2]])
    lme = lme_aggregate(out, codes)
    area = out["area"].values
    sel = codes == 1
    expect = (out["biomass"].values[..., sel] * area[sel]).sum(-1)
    np.testing.assert_allclose(lme["biomass_integral"].sel(lme=1).values, expect)
    np.testing.assert_allclose(lme["biomass"].sel(lme=1).values, expect / area[sel].sum())
    assert lme["biomass_integral"].attrs["units"] == "g"
    path = write_output(out, tmp_path / "boats.nc")
    back = xr.open_dataset(path)
    np.testing.assert_allclose(back["fecal_flux"].values, out["fecal_flux"].values)
    assert back.attrs["Conventions"].startswith("CF")
    assert back["carcass_flux"].attrs["standard_name"] == "sinking_mass_flux_of_particulate_carbon_in_sea_water"
    assert back["group_label"].values.tolist() == ["small", "medium", "large"]
    assert_cf_clean(path)
