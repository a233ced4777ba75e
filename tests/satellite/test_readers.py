import numpy as np
import pandas as pd
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.satellite import read_climatology, read_monthly_product

LAT = np.array([10.5, -10.5])          # north to south, as in GlobColour L3m
LON = np.array([0.5, 179.5, 359.5])    # 0..360 convention


def globcolour_file(path, name, value, units, month, coords=("lat", "lon")):
    da = xr.DataArray(np.full((2, 3), value, np.float32), dims=coords, coords={coords[0]: LAT, coords[1]: LON},
                      attrs={"units": units})
    da[0, 0] = np.nan
    ds = xr.Dataset({name: da}, attrs={"start_time": f"2003{month:02d}01T000000Z"})
    ds.to_netcdf(path)
    return path


def test_globcolour_layout_and_units(tmp_path):
    pic = [globcolour_file(tmp_path / f"pic{m}.nc", "PIC_mean", 2e-4 * m, "mol.m-3", m) for m in (2, 1)]
    da = read_monthly_product(pic, "pic")
    assert da.dims == ("time", "lat", "lon") and da.attrs["units"] == "mol m-3"
    assert da["time"].dt.month.values.tolist() == [1, 2]                 # sorted
    assert da["lat"].values.tolist() == [-10.5, 10.5] and da["lon"].values.tolist() == [-0.5, 0.5, 179.5]
    assert float(da.sel(lat=-10.5, lon=0.5)[1]) == pytest.approx(4e-4, rel=1e-6)
    assert np.isnan(float(da.sel(lat=10.5, lon=0.5)[0]))
    poc = read_monthly_product(globcolour_file(tmp_path / "poc.nc", "POC_mean", 120.11, "mg m-3", 1), "poc")
    assert float(poc.sel(lat=-10.5, lon=0.5)[0]) == pytest.approx(10.0, rel=1e-5)       # mg -> mmol C
    par = read_monthly_product(globcolour_file(tmp_path / "par.nc", "PAR_mean", 35.0, "einstein m-2 day-1", 1), "par")
    assert par.attrs["units"] == "mol m-2 d-1" and float(par[0, 0, 1]) == pytest.approx(35.0)
    kd = read_monthly_product(globcolour_file(tmp_path / "kd.nc", "KD490_mean", 0.03, "m-1", 1), "kd490")
    assert float(kd[0, 0, 1]) == pytest.approx(0.03)


def test_cmems_nasa_layouts(tmp_path):
    t = pd.date_range("2000-01-01", periods=2, freq="MS")
    sst = xr.Dataset({"analysed_sst": (("time", "latitude", "longitude"), np.full((2, 2, 3), 288.15),
                                       {"units": "kelvin"})},
                     coords={"time": t, "latitude": LAT, "longitude": LON})
    sst.to_netcdf(tmp_path / "sst.nc")
    out = read_monthly_product(tmp_path / "sst.nc", "sst")
    assert out.attrs["units"] == "degC" and float(out[1, 0, 0]) == pytest.approx(15.0)
    pp = xr.Dataset({"PP": (("time", "lat", "lon"), np.full((2, 2, 3), 0.5), {"units": "g m-2 d-1"})},
                    coords={"time": t, "lat": LAT, "lon": LON})
    pp.to_netcdf(tmp_path / "pp.nc")
    assert float(read_monthly_product(tmp_path / "pp.nc", "npp")[0, 0, 0]) == pytest.approx(500.0)
    with pytest.raises(InputError, match="PIC_mean"):
        read_monthly_product(tmp_path / "pp.nc", "pic")
    with pytest.raises(InputError, match="unknown product"):
        read_monthly_product(tmp_path / "pp.nc", "chl")
    pp["PP"].attrs = {}
    pp.to_netcdf(tmp_path / "pp_nounits.nc")
    with pytest.raises(InputError, match="units"):
        read_monthly_product(tmp_path / "pp_nounits.nc", "npp")


def test_climatology_from_series_and_month_axis(tmp_path):
    t = pd.date_range("1998-01-01", periods=36, freq="MS")
    v = (t.month.to_numpy() * 1.0 + np.repeat([0.0, 1.0, 2.0], 12))[:, None, None] * np.ones((1, 2, 3))
    ds = xr.Dataset({"pic_production": (("time", "lat", "lon"), v / 1e3, {"units": "g m-2 d-1"})},
                    coords={"time": t, "lat": LAT, "lon": LON})
    ds.to_netcdf(tmp_path / "series.nc")
    clim = read_climatology(tmp_path / "series.nc")
    assert list(clim.data_vars) == ["pic_production"] and clim["pic_production"].dims == ("month", "lat", "lon")
    np.testing.assert_allclose(clim["pic_production"][:, 0, 0], np.arange(1, 13) + 1.0)        # mg, mean of years
    m = xr.Dataset({"npp": (("month", "lat", "lon"), np.ones((12, 2, 3)), {"units": "mg m-2 d-1"})},
                   coords={"month": np.arange(1, 13), "lat": LAT, "lon": LON})
    m.to_netcdf(tmp_path / "m.nc")
    assert float(read_climatology(tmp_path / "m.nc")["npp"].sum()) == 72.0
    m.isel(month=slice(0, 6)).to_netcdf(tmp_path / "short.nc")
    with pytest.raises(InputError, match="month"):
        read_climatology(tmp_path / "short.nc")
    m.rename({"npp": "other"}).to_netcdf(tmp_path / "none.nc")
    with pytest.raises(InputError, match="pic_production"):
        read_climatology(tmp_path / "none.nc")


def test_products_to_climatology_pipeline(tmp_path):
    from jaxocean.satellite import (ez_pic_production, ez_pic_production_from_products, production_climatology,
                                    write_climatology)

    t = pd.date_range("2001-01-01", periods=24, freq="MS")
    spec = {"pic": ("PIC", 1e-4, "mol m-3"), "sst": ("sst", 15.0, "degree_C"),
            "par": ("PAR", 30.0, "einstein m-2 day-1"), "kd490": ("KD490", 0.04, "m-1")}
    paths = {}
    for key, (name, value, units) in spec.items():
        v = value * (1.0 + 0.1 * (t.month.to_numpy() % 2))[:, None, None] * np.ones((1, 2, 3))
        xr.Dataset({name: (("time", "lat", "lon"), v, {"units": units})},
                   coords={"time": t, "lat": LAT, "lon": LON}).to_netcdf(tmp_path / f"{key}.nc")
        paths[key] = tmp_path / f"{key}.nc"
    prod = ez_pic_production_from_products(paths)
    assert prod.attrs["units"] == "mg m-2 d-1"
    expected = 1e3 * float(ez_pic_production(1e-4 * 1.1, 15.0 * 1.1, 30.0 * 1.1, 0.04 * 1.1))
    assert float(prod[0, 0, 0]) == pytest.approx(expected, rel=1e-10)                         # January: odd month
    clim = production_climatology(prod, npp=prod * 50)
    write_climatology(clim, tmp_path / "clim.nc")
    back = read_climatology(tmp_path / "clim.nc")
    np.testing.assert_allclose(back["npp"].values, 50 * back["pic_production"].values, rtol=1e-12)
    assert float(back["pic_production"][0, 0, 0]) == pytest.approx(expected, rel=1e-10)
    xr.Dataset({"sst": (("time", "lat", "lon"), np.full((24, 2, 3), 300.0), {"units": "degC"})},
               coords={"time": t, "lat": LAT, "lon": LON}).to_netcdf(tmp_path / "hot.nc")
    with pytest.raises(InputError, match="sst"):
        ez_pic_production_from_products({**paths, "sst": tmp_path / "hot.nc"})
    with pytest.raises(InputError, match="kd490"):
        ez_pic_production_from_products({k: v for k, v in paths.items() if k != "kd490"})
