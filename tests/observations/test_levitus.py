"""Levitus (1994) raw big-endian reader: a binary set written in the MITgcm layout, wrong
sizes, and the real files."""

import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.observations import freezing_point, read_levitus94
from jaxocean.observations.levitus import FILES, LAYER_THICKNESS_M


def _write(folder, *, truncate=None):
    """Ocean only in two columns: (lat -2, lon 2E) 1000 m deep, (lat 78, lon 358E) 100 m deep."""
    folder.mkdir(exist_ok=True)
    bathy = np.zeros((40, 90))
    bathy[19, 0] = -1000.0          # lat index 19 = -2 N, lon index 0 = 2 E
    bathy[39, 89] = -100.0          # 78 N, 358 E
    top = np.concatenate([[0.0], np.cumsum(LAYER_THICKNESS_M)])[:-1]
    t = np.zeros((12, 15, 40, 90))
    s = np.zeros_like(t)
    for (i, j) in ((19, 0), (39, 89)):
        wet = -bathy[i, j] > top
        t[:, wet, i, j] = (20.0 - np.arange(15)[wet])[None, :] + np.arange(12)[:, None] / 10.0
        s[:, wet, i, j] = 35.0
    t[1, 0, 39, 89] = -4.0          # a high-latitude artefact below freezing
    arrays = {"temperature": t, "salinity": s, "sst": t[:, 0], "sss": s[:, 0], "bathymetry": bathy}
    for name, (fname, shape) in FILES.items():
        data = arrays[name].astype(">f4").tobytes()
        (folder / fname).write_bytes(data[:truncate] if name == "salinity" and truncate else data)
    return t


def test_binary_layout_mask_and_freezing_clip(tmp_path):
    t = _write(tmp_path / "lev")
    ds = read_levitus94(tmp_path / "lev")
    assert ds["temperature"].dims == ("month", "depth", "lat", "lon")
    np.testing.assert_allclose(ds["depth_bnds"].values[:3, 1], [50.0, 120.0, 220.0])
    col = ds["temperature"].sel(lat=-2.0, lon=2.0)
    # 1000 m column: layers with top < 1000 m are wet (tops 0..790 -> 7 layers), rest NaN
    assert np.isfinite(col.values).sum(axis=1).tolist() == [7] * 12
    np.testing.assert_allclose(col.values[4, :7], t[4, :7, 19, 0])      # May = index 4
    assert np.isnan(ds["temperature"].sel(lat=2.0, lon=2.0)).all()     # land
    # lon 358 E wraps to -2 and sorts first
    assert ds["lon"].values[0] == -178.0 and ds["lon"].values[-1] == 178.0
    np.testing.assert_allclose(ds["temperature"].sel(lat=78.0, lon=-2.0).values[1, 0], freezing_point(35.0))
    assert ds.attrs["n_below_minus2C"] == 1 and ds.attrs["n_clipped_to_freezing"] == 1
    assert ds.attrs["min_temperature_before_clip"] == -4.0
    np.testing.assert_allclose(freezing_point(40.0, 500.0), -2.588567, atol=1e-6)   # UNESCO 1983 check value
    assert ds["ocean_depth"].sel(lat=-2.0, lon=2.0) == 1000.0
    assert ds["temperature"].attrs["standard_name"] == "sea_water_potential_temperature"


def test_wrong_size_names_file_and_variable(tmp_path):
    _write(tmp_path / "lev", truncate=1000)
    with pytest.raises(InputError, match=r"lev_s.bin \(variable salinity\): 1000 bytes, expected 2592000"):
        read_levitus94(tmp_path / "lev")
    (tmp_path / "lev" / "lev_s.bin").unlink()
    with pytest.raises(InputError, match=r"lev_s.bin \(variable salinity\) does not exist"):
        read_levitus94(tmp_path / "lev")


def test_real_files(shared):
    ds = read_levitus94(shared("data", "levitus94_4deg"))
    assert ds["temperature"].shape == (12, 15, 40, 90)
    assert ds.attrs["n_below_minus2C"] == 490 and ds.attrs["n_clipped_to_freezing"] == 661
    assert ds.attrs["n_wet_zero_temperature"] == 0 and ds.attrs["n_dry_nonzero_temperature"] == 0
    land = np.isnan(ds["sst"].values[0]).mean()
    assert 0.30 < land < 0.40
    eq = ds["temperature"].sel(lat=2.0, lon=-142.0)          # equatorial Pacific
    assert 25.0 < float(eq.mean("month")[0]) < 29.0
    assert 1.0 < float(eq.mean("month")[12]) < 2.0           # 3280-3870 m
    assert float(ds["temperature"].min()) >= -1.95           # clipped at Tf(S)
    # the seasonal cycle is there: northern mid-latitude surface warmer in August than February
    nm = ds["sst"].sel(lat=slice(30, 50)).mean(("lat", "lon"))
    assert float(nm.sel(month=8) - nm.sel(month=2)) > 3.0
