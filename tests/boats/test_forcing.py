"""Forcing readers: CF units, ISIMIP / CMIP names, 0-75 m averaging, ocean mask and input checks."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from jaxocean.boats.forcing import (annual_mean, cell_forcing, ocean_grid, read_netcdf_forcing,
                                    read_region_npz)
from jaxocean.core.validate import InputError


def _write(tmp_path, npp_units="mol m-2 s-1", npp_scale=1e-3, temp_name="thetao", temp_units="K",
           temp_offset=273.15, with_depth=True, nan_at=None, negative_at=None):
    lat, lon = np.array([-10.5, 0.5, 10.5]), np.array([0.5, 1.5, 2.5, 3.5])
    rng = np.random.default_rng(0)
    npp = rng.uniform(1e-4, 2e-3, (12, 3, 4)) * npp_scale                 # mmol -> given units
    npp[:, 0, 0] = np.nan                                                  # a land cell
    if nan_at is not None:
        npp[nan_at] = np.nan
    if negative_at is not None:
        npp[negative_at] = -1e-6
    temp_c = rng.uniform(0.0, 25.0, (12, 3, 4))
    temp_c[:, 0, 0] = np.nan
    ds = xr.Dataset(coords={"time": np.arange(12), "lat": lat, "lon": lon})
    ds["intpp"] = (("time", "lat", "lon"), npp, {"units": npp_units})
    if with_depth:
        levels = np.array([5.0, 25.0, 60.0, 150.0])
        t4 = temp_c[:, None] + np.array([0.0, -0.5, -1.0, -5.0])[None, :, None, None] + temp_offset
        ds = ds.assign_coords(lev=("lev", levels, {"units": "m"}))
        ds[temp_name] = (("time", "lev", "lat", "lon"), t4, {"units": temp_units})
    else:
        ds[temp_name] = (("time", "lat", "lon"), temp_c + temp_offset, {"units": temp_units})
    path = tmp_path / "forcing.nc"
    ds.to_netcdf(path)
    return path, npp / npp_scale, temp_c


def test_isimip_names_units_and_upper_ocean_mean(tmp_path):
    path, npp_mmol, temp_c = _write(tmp_path)
    ds = read_netcdf_forcing(path)
    np.testing.assert_allclose(ds["npp"].values, npp_mmol, rtol=1e-12)          # mol -> mmol
    np.testing.assert_allclose(ds["temp"].values, temp_c - 0.5, rtol=1e-12)    # mean of 5, 25, 60 m levels; K -> degC
    grid = ocean_grid(ds)
    assert grid.n_cells == 11 and not grid.mask[0, 0]
    f = cell_forcing(ds, grid)
    assert f.npp.shape == (12, 11)
    np.testing.assert_allclose(np.asarray(annual_mean(f).npp), npp_mmol.mean(0)[grid.mask], rtol=1e-12)
    back = grid.to_map(np.asarray(f.temp))
    assert np.isnan(back[:, 0, 0]).all() and np.allclose(back[:, grid.mask], f.temp)


def test_carbon_mass_units_and_sst(tmp_path):
    path, npp_mmol, temp_c = _write(tmp_path, npp_units="g m-2 d-1", npp_scale=12.011e-3 * 86400,
                                    temp_name="tos", temp_units="degC", temp_offset=0.0, with_depth=False)
    ds = read_netcdf_forcing(path)
    np.testing.assert_allclose(ds["npp"].values, npp_mmol, rtol=1e-12)
    np.testing.assert_allclose(ds["temp"].values, temp_c, rtol=1e-12)


@pytest.mark.parametrize("kind", ["nan", "negative", "kelvin"])
def test_bad_forcing_raises_before_run(tmp_path, kind):
    kw = {"nan": dict(nan_at=(3, 1, 2)), "negative": dict(negative_at=(5, 2, 1)),
          "kelvin": dict(temp_units="degC", temp_offset=273.15)}[kind]
    path, _, _ = _write(tmp_path, **kw)
    ds = read_netcdf_forcing(path)
    with pytest.raises(InputError, match="npp|temp"):
        cell_forcing(ds, ocean_grid(ds))


def test_missing_variable_and_units(tmp_path):
    ds = xr.Dataset({"chl": (("time",), np.ones(2), {"units": "mg m-3"})})
    ds.to_netcdf(tmp_path / "x.nc")
    with pytest.raises(InputError, match="intpp"):
        read_netcdf_forcing(tmp_path / "x.nc")
    path, _, _ = _write(tmp_path, npp_units="W m-2")
    with pytest.raises(InputError, match="intpp"):
        read_netcdf_forcing(path)


@pytest.mark.shared
def test_cesm_and_southern_ocean_files(shared):
    ds = read_netcdf_forcing(shared("data", "boats", "cesm_rcp85_intpp_zint_monthly_210001-210012.nc4"),
                             shared("data", "boats", "cesm_rcp85_to_zs_monthly_210001-210012.nc4"))
    grid = ocean_grid(ds)
    assert grid.n_cells == 41062                               # intpp and to share the land mask
    f = cell_forcing(ds, grid)
    assert float(f.npp.max()) == pytest.approx(2.966e-3, rel=1e-3)   # file units mmol/m^2/s
    assert -2.0 < float(f.temp.min()) < float(f.temp.max()) < 36.0
    so = read_region_npz(shared("data", "boats", "Ecological_region_SO_19x31_monclim.npz"))
    g = ocean_grid(so, so["area"].values)
    assert g.n_cells == int(np.isfinite(so["area"].values).sum())
    ref = np.load(shared("reference", "boats0d", "0d_site_SO_lat-49.5_lon127.5_monclim_set1_nh_300y.npz"))
    np.testing.assert_allclose(so["npp"].values[:, 18, 27], ref["ESM_mclim_intpp_mmolC_m2_s"], rtol=1e-14)
    np.testing.assert_allclose(so["temp"].values[:, 18, 27], ref["ESM_mclim_thetao75_C"], rtol=1e-14)


@pytest.mark.shared
def test_geo_time_and_lme_readers(shared):
    from jaxocean.boats.forcing import read_geo_time, read_lme_mask

    geo = read_geo_time(shared("data", "boats", "geo_time.mat"))
    assert geo["area"].shape == (180, 360) and geo["lat"].values[0] == -89.5
    ocean_area = np.nansum(geo["area"].values)
    assert 3.5e14 < ocean_area < 3.7e14                          # m2, global ocean
    lme = read_lme_mask(shared("data", "boats", "LME_mask.mat"))
    assert lme.shape == (180, 360) and np.nanmax(lme) == 66


def test_check_cell_forcing_arrays():
    from jaxocean.boats.forcing import check_cell_forcing

    check_cell_forcing(np.full((12, 3), 1e-4), np.full((12, 3), 10.0))
    with pytest.raises(InputError, match="npp"):
        check_cell_forcing(np.array([[1e-4, np.nan]]), np.array([[10.0, 10.0]]))
    with pytest.raises(InputError, match="temp"):
        check_cell_forcing(np.array([[1e-4, 1e-4]]), np.array([[283.0, 10.0]]))
