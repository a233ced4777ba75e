"""ERSSTv5 / COBE monthly SST climatology readers: small files in the PSL layout, bad files, real files."""

import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.observations import read_sst_climatology


def _write(path, ntime=12, drop=None):
    lat = np.array([60.0, 0.0, -60.0])                        # N -> S as distributed
    lon = np.arange(0.0, 360.0, 90.0)                          # 0..270
    sst = np.broadcast_to(np.arange(ntime)[:, None, None] + 10.0 * np.arange(3)[None, :, None]
                          + 0.1 * np.arange(4)[None, None, :], (ntime, 3, 4)).astype("f4").copy()
    sst[:, 0, 1] = np.nan                                      # land
    sst[0, 2, 3] = 99.0                                        # outside valid_range
    ds = xr.Dataset({"sst": (("time", "lat", "lon"), sst, {"units": "degC", "valid_range": [-5.0, 40.0]})},
                    coords={"time": np.arange(ntime, dtype=float), "lat": lat, "lon": lon})
    if drop:
        ds = ds.drop_vars(drop)
    ds.to_netcdf(path)
    return sst


def test_small_file_orientation_and_masks(tmp_path):
    raw = _write(tmp_path / "s.nc")
    ds = read_sst_climatology("cobe", tmp_path / "s.nc")
    np.testing.assert_allclose(ds["lat"], [-60.0, 0.0, 60.0])
    np.testing.assert_allclose(ds["lon"], [-180.0, -90.0, 0.0, 90.0])
    # lat 60 (file row 0) -> row 2; lon 180 (file col 2) -> col 0
    np.testing.assert_allclose(ds["sst"].values[:, 2, 0], raw[:, 0, 2])
    np.testing.assert_allclose(ds["sst"].sel(month=5, lat=0.0, lon=0.0), raw[4, 1, 0])
    assert np.isnan(ds["sst"].sel(lat=60.0, lon=90.0)).all()
    assert np.isnan(ds["sst"].sel(month=1, lat=-60.0, lon=-90.0)) and ds.attrs["n_outside_valid_range"] == 1
    assert ds["sst"].attrs == {**ds["sst"].attrs, "units": "degC", "standard_name": "sea_surface_temperature"}


@pytest.mark.parametrize("kw, match", [({"ntime": 11}, r"'sst' has dimensions .*time': 11"),
                                       ({"drop": ["sst"]}, r"missing variable\(s\) \['sst'\]")])
def test_bad_files(tmp_path, kw, match):
    _write(tmp_path / "s.nc", **kw)
    with pytest.raises(InputError, match=match):
        read_sst_climatology("ersst_v5", tmp_path / "s.nc")
    with pytest.raises(InputError, match="unknown"):
        read_sst_climatology("hadisst", tmp_path / "s.nc")


@pytest.mark.parametrize("product, shape", [("ersst_v5", (12, 89, 180)), ("cobe", (12, 180, 360))])
def test_real_files(shared, product, shape):
    name = {"ersst_v5": "ersst_v5_sst.mon.ltm.1991-2020.nc", "cobe": "cobe_sst.mon.ltm.1991-2020.nc"}[product]
    ds = read_sst_climatology(product, shared("data", "sst_climatology", name))
    assert ds["sst"].shape == shape and np.all(np.diff(ds["lat"]) > 0) and np.all(np.diff(ds["lon"]) > 0)
    assert 0.30 < float(np.isnan(ds["sst"].values[0]).mean()) < 0.34        # land (+ no-data polar caps)
    nino34 = ds["sst"].sel(lat=slice(-5, 5), lon=slice(-170, -120)).mean(("lat", "lon"))
    assert 26.0 < float(nino34.mean()) < 28.0                               # 1991-2020 Nino-3.4 ~27 degC
    assert float(nino34.sel(month=4) - nino34.sel(month=11)) > 0.5           # spring warm phase
    assert float(np.nanmin(ds["sst"])) >= -1.81
