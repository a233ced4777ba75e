"""Forcing edges: base climatologies, coarsening, synthetic scenarios, ISIMIP3b reader."""

import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.ensemble.climatology import coarsen, embedded_base, from_fields, read_climatology
from jaxocean.ensemble.isimip import IsimipScenarios
from jaxocean.ensemble.scenario import SyntheticScenarios

LAT, LON = np.array([-45.0, -15.0, 15.0, 45.0]), np.array([30.0, 90.0, 150.0, 210.0])


def fields(npp=1e-3, temp=10.0):
    n = np.full((12, 4, 4), npp)
    t = np.full((12, 4, 4), temp) + np.arange(12)[:, None, None]
    n[:, 0, 0] = t[:, 0, 0] = np.nan          # one land cell
    return n, t


def test_embedded_demo_forcing_is_global_and_plausible():
    c = embedded_base()
    assert c.ocean.shape == (36, 72) and 1500 < c.ocean.sum() < 1800
    npp = np.nanmean(c.npp) * 12.011 * 86400   # mg C m-2 d-1; global mean ~ 50 PgC/yr / 3.6e14 m2
    assert 200 < npp < 600
    assert -2.0 < np.nanmin(c.temp) and np.nanmax(c.temp) < 36.0


def test_read_converts_units_and_checks_grids(tmp_path):
    n, t = fields(npp=1e-3)                     # mmol m-2 s-1, CESM's slash spelling
    xr.Dataset({"intpp": (("time", "lat", "lon"), n, {"units": "mmol/m^2/s"})},
               coords={"lat": LAT, "lon": LON}).to_netcdf(tmp_path / "n.nc")
    xr.Dataset({"to": (("time", "lat", "lon"), t, {"units": "K"})},
               coords={"lat": LAT, "lon": LON}).to_netcdf(tmp_path / "t.nc")
    with pytest.raises(InputError, match="temp"):   # 10 K is not sea water
        read_climatology(tmp_path / "n.nc", tmp_path / "t.nc")
    xr.Dataset({"to": (("time", "lat", "lon"), t, {"units": "degC"})},
               coords={"lat": LAT, "lon": LON + 1}).to_netcdf(tmp_path / "t2.nc")
    with pytest.raises(InputError, match="lon: NPP and temperature files are on inconsistent grids"):
        read_climatology(tmp_path / "n.nc", tmp_path / "t2.nc")
    xr.Dataset({"to": (("time", "lat", "lon"), t, {"units": "degC"})},
               coords={"lat": LAT, "lon": LON}).to_netcdf(tmp_path / "t3.nc")
    c = read_climatology(tmp_path / "n.nc", tmp_path / "t3.nc")
    np.testing.assert_allclose(c.npp[0, 1, 1], 1e-3, rtol=1e-12)      # already BOATS units
    assert c.ocean.sum() == 15 and c.cells(c.npp).shape == (12, 15)
    with pytest.raises(InputError, match="none of the variable names"):
        read_climatology(tmp_path / "t3.nc")


def test_coarsen_block_mean_over_ocean():
    n, t = fields()
    n[:, 1, 1] = 2e-3
    c = coarsen(from_fields(LAT, LON, n, t, "t"), 2)
    assert c.npp.shape == (12, 2, 2) and c.ocean.all()
    np.testing.assert_allclose(c.npp[0, 0, 0], (1e-3 + 1e-3 + 2e-3) / 3)   # land cell excluded
    np.testing.assert_allclose(c.lat, [-30.0, 30.0])


def test_synthetic_scenarios_follow_anchors():
    n, t = fields()
    s = SyntheticScenarios(from_fields(LAT, LON, n, t, "t"), ("GFDL-ESM4:ssp585", "IPSL-CM6A-LR:ssp126"))
    npp, temp = s.year(1950)
    assert npp.shape == (12, 2, 15)
    np.testing.assert_allclose(npp, 1e-3)
    npp, temp = s.year(2100)
    np.testing.assert_allclose(temp[0, :, 0] - 10.0, [2.8, 1.6])
    np.testing.assert_allclose(npp[0, :, 0], [0.97e-3, 0.97e-3])
    dt, _ = s.anomalies(2057.0)                 # halfway 2014 -> 2100
    np.testing.assert_allclose(dt, [(0.5 + 2.8) / 2, (0.7 + 1.6) / 2])
    with pytest.raises(InputError, match="unknown synthetic scenario"):
        SyntheticScenarios(s.base, ("CESM:rcp85",))


def write_isimip(root, esm, exp, y0, y1, temp_var="thetao", npp_units="mol m-2 s-1"):
    time = xr.date_range(f"{y0}-01-01", periods=12 * (y1 - y0 + 1), freq="MS", use_cftime=True)
    n = np.full((time.size, 4, 4), 2e-6)
    n[:, 0, 0] = np.nan
    xr.Dataset({"intpp": (("time", "lat", "lon"), n, {"units": npp_units})},
               coords={"time": time, "lat": LAT, "lon": LON}).to_netcdf(
        root / f"{esm}_r1i1p1f1_{exp}_intpp_onedeg_global_monthly_{y0}_{y1}.nc")
    lev = np.array([5.0, 50.0, 150.0])
    th = np.broadcast_to(np.array([20.0, 10.0, 4.0])[None, :, None, None], (time.size, 3, 4, 4)).copy()
    th[:, :, 0, 0] = np.nan
    xr.Dataset({temp_var: (("time", "lev", "lat", "lon"), th, {"units": "degC"})},
               coords={"time": time, "lev": lev, "lat": LAT, "lon": LON}).to_netcdf(
        root / f"{esm}_r1i1p1f1_{exp}_{temp_var}_onedeg_global_monthly_{y0}_{y1}.nc")


def test_isimip_reader(tmp_path):
    write_isimip(tmp_path, "gfdl-esm4", "historical", 2013, 2014)
    write_isimip(tmp_path, "gfdl-esm4", "ssp585", 2015, 2016)
    src = IsimipScenarios(tmp_path, ("GFDL-ESM4:ssp585",), 2014, 2015)
    npp, temp = src.year(2015)
    assert npp.shape == (12, 1, 15)
    np.testing.assert_allclose(npp, 2e-3, rtol=1e-12)          # mol m-2 s-1 -> mmol m-2 s-1
    np.testing.assert_allclose(temp, (20.0 + 10.0) / 2)        # levels at 5 and 50 m (<= 75 m)
    with pytest.raises(InputError, match="covering 2017"):
        IsimipScenarios(tmp_path, ("GFDL-ESM4:ssp585",), 2014, 2017)
    with pytest.raises(InputError, match="no IPSL-CM6A-LR historical"):
        IsimipScenarios(tmp_path, ("IPSL-CM6A-LR:ssp585",), 2014, 2015)


def test_isimip_unit_mismatch(tmp_path):
    write_isimip(tmp_path, "gfdl-esm4", "historical", 2014, 2014, npp_units="degC")
    with pytest.raises(InputError, match="intpp"):
        IsimipScenarios(tmp_path, ("GFDL-ESM4:ssp585",), 2014, 2014)
