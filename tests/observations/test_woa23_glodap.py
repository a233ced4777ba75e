"""WOA23/GLODAP coarse-grid reader: a small file written in the product's layout, bad files,
and the real file."""

import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.observations import read_woa23_glodap
from jaxocean.observations.woa23_glodap import layer_interfaces_from_midpoints

EDGES = np.array([0.0, 80.0, 200.0, 400.0])


def _write(path, *, drop=None, dic_units="mol/kg", dic_scale=1e-6, sal_units="PSU"):
    zt = 0.5 * (EDGES[1:] + EDGES[:-1])
    lat = np.array([-30.0, 0.0, 30.0])
    lon = np.array([-255.0, -165.0, -75.0, 15.0])          # 90-degree steps, as in the file
    shape = (zt.size, lat.size, lon.size)
    temp = np.arange(np.prod(shape), dtype=float).reshape(shape) / 10.0
    temp[:, 0, 0] = np.nan                                  # land column
    temp[2, 1, 1] = np.nan                                  # shallow column
    conc = np.where(np.isfinite(temp), 1.0, np.nan)
    ds = xr.Dataset(
        {"temp": (("zt", "lat", "lon"), temp.astype("f4"), {"units": "degC"}),
         "sal": (("zt", "lat", "lon"), (35 * conc).astype("f4"), {"units": sal_units}),
         "dic": (("zt", "lat", "lon"), 2000 * dic_scale * conc, {"units": dic_units}),
         "alk": (("zt", "lat", "lon"), 2300e-6 * conc, {"units": "mol/kg"}),
         "po4": (("zt", "lat", "lon"), 1e-6 * conc, {"units": "mol/kg"}),
         "si": (("zt", "lat", "lon"), 10e-6 * conc, {"units": "mol/kg"}),
         "no3": (("zt", "lat", "lon"), 15e-6 * conc, {"units": "mol/kg"}),
         "o2": (("zt", "lat", "lon"), 200e-6 * conc, {"units": "mol/kg"})},
        coords={"zt": ("zt", zt.astype("f4"), {"units": "meters"}), "lat": lat, "lon": lon})
    if drop:
        ds = ds.drop_vars(drop)
    ds.to_netcdf(path)
    return temp


def test_small_file_layout_units_and_land(tmp_path):
    temp = _write(tmp_path / "w.nc")
    ds = read_woa23_glodap(tmp_path / "w.nc")
    np.testing.assert_allclose(ds["lon"], [-165.0, -75.0, 15.0, 105.0])   # -255 wraps to 105
    np.testing.assert_allclose(ds["depth_bnds"][:, 0], EDGES[:-1])
    np.testing.assert_allclose(ds["depth_bnds"][:, 1], EDGES[1:])
    # lon -255 (file column 0) is now the last column
    np.testing.assert_allclose(ds["temperature"].values[:, :, 3], temp[:, :, 0], rtol=1e-6)
    np.testing.assert_allclose(ds["temperature"].values[:, :, 0], temp[:, :, 1], rtol=1e-6)
    assert ds["dic"].attrs["units"] == "umol kg-1" and ds["salinity"].attrs["units"] == "1"
    np.testing.assert_allclose(np.nanmax(ds["dic"].values), 2000.0)
    np.testing.assert_allclose(np.nanmax(ds["ta"].values), 2300.0)
    assert np.isnan(ds["dic"].values[:, 0, 3]).all()
    assert ds["temperature"].attrs["standard_name"] == "sea_water_temperature"
    assert ds["lat"].attrs["axis"] == "Y" and ds["depth"].attrs["positive"] == "down"


def test_interfaces_from_midpoints_match_cgenie_grid():
    e = layer_interfaces_from_midpoints([40.42, 127.80, 229.30])
    np.testing.assert_allclose(e, [0.0, 80.84, 174.76, 283.84], atol=1e-9)
    with pytest.raises(InputError, match="midpoints"):
        layer_interfaces_from_midpoints([40.0, 60.0, 200.0])


@pytest.mark.parametrize("kw, match", [
    ({"drop": ["alk"]}, r"missing variable\(s\) \['alk'\]"),
    ({"dic_scale": 1.0}, r"'dic': maximum 2e\+09"),                         # umol/kg labelled mol/kg
    ({"sal_units": "mol/kg"}, r"variable 'sal' in units 'mol/kg', expected convertible to '1'"),
])
def test_bad_files_name_file_and_variable(tmp_path, kw, match):
    _write(tmp_path / "w.nc", **kw)
    with pytest.raises(InputError, match=match):
        read_woa23_glodap(tmp_path / "w.nc")


def test_truncated_and_missing_files(tmp_path):
    _write(tmp_path / "w.nc")
    data = (tmp_path / "w.nc").read_bytes()
    (tmp_path / "t.nc").write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match="t.nc"):
        read_woa23_glodap(tmp_path / "t.nc")
    with pytest.raises(InputError, match="does not exist"):
        read_woa23_glodap(tmp_path / "none.nc")


def test_real_file(shared):
    ds = read_woa23_glodap(shared("data", "woa23_glodap_coarse", "worjh2_obs.nc"))
    assert ds["temperature"].shape == (16, 36, 36)
    np.testing.assert_allclose(ds["depth_bnds"].values[-1, 1], 5000.0, atol=0.1)
    np.testing.assert_allclose(np.sin(np.deg2rad(ds["lat"].values[:2])), [-0.97222, -0.91667], atol=1e-4)
    land = np.isnan(ds["temperature"].values[0]).mean()
    assert 0.25 < land < 0.40                         # surface land fraction of the coarse grid
    eq = ds["temperature"].sel(lat=0, lon=-145, method="nearest")
    assert 25.0 < float(eq[0]) < 29.0                 # equatorial Pacific, 0-81 m
    assert 1.2 < float(eq[-2]) < 1.8                  # 3576-4235 m (the last layer is below the floor)
    dic0 = ds["dic"].values[0]
    assert 1850 < np.nanmedian(dic0[ds["lat"].values.__abs__() < 30]) < 2100   # umol/kg
    assert 2200 < float(np.nanmean(ds["ta"].values)) < 2450
