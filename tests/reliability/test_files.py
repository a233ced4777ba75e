"""Bad data files: every reader raises InputError naming the file (and the missing variable),
never a raw xarray / pandas / scipy / h5py error; config validation catches truncation."""

import h5py
import numpy as np
import pytest
import scipy.io
import xarray as xr

from jaxocean.core.validate import InputError


def truncated(path, keep=0.5):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def test_truncated_or_foreign_netcdf(tmp_path):
    from jaxocean.io.netcdf import open_dataset

    good = tmp_path / "f.nc"
    xr.Dataset({"npp": (("lat",), np.arange(500.0))}).to_netcdf(good)
    with pytest.raises(InputError, match=r"netCDF file .*f\.nc: cannot be read .*complete"):
        open_dataset(truncated(good))
    (tmp_path / "t.nc").write_text("hello")
    with pytest.raises(InputError, match=r"t\.nc: cannot be read"):
        open_dataset(tmp_path / "t.nc")
    with pytest.raises(InputError, match=r"missing\.nc does not exist"):
        open_dataset(tmp_path / "missing.nc")
    xr.Dataset({"npp": (("lat",), np.arange(3.0))}).to_netcdf(good)
    with pytest.raises(InputError, match=r"missing variable\(s\) \['temp'\]"):
        open_dataset(good, ["npp", "temp"])


def _mat73(path):
    with h5py.File(path, "w", userblock_size=512) as h5:
        h5["x"] = np.random.default_rng(0).random((200, 200))
    data = path.read_bytes()
    path.write_bytes(b"MATLAB 7.3 MAT-file".ljust(128) + data[128:])
    return path


@pytest.mark.parametrize("compressed", [False, True])
def test_truncated_mat_v5(tmp_path, compressed):
    from jaxocean.io.matlab import check_complete, load_mat

    path = tmp_path / "a.mat"
    scipy.io.savemat(path, {"output": {"TR": np.random.default_rng(0).random((60, 60))}},
                     do_compression=compressed)
    assert check_complete(path) == ["output"]
    truncated(path, 0.7)
    with pytest.raises(InputError, match=r"a\.mat: truncated \(\d+ bytes; a data element needs \d+"):
        check_complete(path)
    with pytest.raises(InputError, match=r"MATLAB file .*a\.mat: cannot be read"):
        load_mat(path)


def test_truncated_mat_v73_and_missing_variable(tmp_path):
    from jaxocean.io.matlab import check_complete, load_mat

    path = _mat73(tmp_path / "h.mat")
    assert check_complete(path) == ["x"]
    with pytest.raises(InputError, match=r"h\.mat: missing variable\(s\) \['output'\]"):
        load_mat(path, ["output"])
    truncated(path)
    for fn in (check_complete, load_mat):
        with pytest.raises(InputError, match=r"h\.mat: cannot be read .*truncated file"):
            fn(path)


def test_truncated_ocim_refused_by_config_validation(tmp_path):
    from jaxocean.ensemble.spec import from_dict
    from jaxocean.transport import read_ocim, write_ocim
    from jaxocean.transport.idealized import idealized_basin

    path = tmp_path / "ocim.mat"
    write_ocim(path, idealized_basin(ny=6, nx=8))
    cfg = {"ensemble": {"name": "t", "start_year": 1950, "end_year": 1951},
           "members": {"param_sets": [6290], "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]},
           "transport": {"ocim": str(path)}}
    from_dict(cfg)                                               # complete file: accepted
    truncated(path, 0.8)
    with pytest.raises(InputError, match=r"transport\.ocim: MATLAB file .*ocim\.mat: (truncated|cannot)"):
        from_dict(cfg)
    with pytest.raises(InputError, match=r"ocim\.mat"):
        read_ocim(path)


def test_empty_or_short_trap_files(tmp_path):
    from jaxocean.traps.mouw import read_mouw2016
    from jaxocean.traps.timeseries import read_aloha, read_pap

    tab = tmp_path / "GO_flux.tab"
    tab.write_text("")
    with pytest.raises(InputError, match=r"PANGAEA \.tab \(Mouw et al\. 2016\) .*GO_flux\.tab"):
        read_mouw2016(tab)
    csv = tmp_path / "aloha.csv"
    csv.write_text("a\nb\nc\nd\n1990,2,3\n")
    with pytest.raises(InputError, match=r"HOT/ALOHA trap file .*aloha\.csv: missing variable or column"):
        read_aloha(csv)
    xlsx = tmp_path / "pap.xlsx"
    xlsx.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match=r"PAP trap file .*pap\.xlsx: cannot be read"):
        read_pap(xlsx)


def test_satellite_and_boats_readers_name_the_file(tmp_path):
    from jaxocean.boats.forcing import read_netcdf_forcing
    from jaxocean.satellite.readers import read_climatology

    bad = tmp_path / "clim.nc"
    bad.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(100))
    with pytest.raises(InputError, match=r"clim\.nc"):
        read_climatology(bad)
    with pytest.raises(InputError, match=r"clim\.nc"):
        read_netcdf_forcing(bad)
