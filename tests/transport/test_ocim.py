import h5py
import numpy as np
import pytest
import scipy.io

from jaxocean.core.validate import InputError
from jaxocean.transport import read_ocim, write_ocim


def test_v5_round_trip(basin, tmp_path):
    path = write_ocim(tmp_path / "OCIM_test.mat", basin)
    raw = scipy.io.loadmat(path, squeeze_me=True, struct_as_record=False)["output"]
    assert raw.TR.shape == (basin.n, basin.n) and raw.M3d.shape == basin.wet.shape
    assert raw.grid.DXT3d.shape == basin.wet.shape
    op = read_ocim(path)
    assert (op.matrix != basin.matrix).nnz == 0
    np.testing.assert_array_equal(op.wet, basin.wet)
    np.testing.assert_allclose(op.volume, basin.volume, rtol=1e-14)
    np.testing.assert_allclose(op.z_interfaces, basin.z_interfaces, rtol=1e-14)
    np.testing.assert_allclose(op.lat, basin.lat)
    np.testing.assert_allclose(op.lon, basin.lon)


def _write_v73(path, basin, tr_scale=1.0):
    """A MATLAB v7.3 (HDF5) file in the OCIM layout, written as MATLAB does (transposed arrays)."""
    tr = basin.matrix.tocsc() * tr_scale
    shape = basin.wet.shape
    with h5py.File(path, "w", userblock_size=512) as h5:
        out = h5.create_group("output")
        out.attrs["MATLAB_class"] = np.bytes_("struct")
        g = out.create_group("TR")
        g.attrs["MATLAB_class"] = np.bytes_("double")
        g.attrs["MATLAB_sparse"] = np.uint64(tr.shape[0])
        g["data"], g["ir"], g["jc"] = tr.data, tr.indices.astype(np.uint64), tr.indptr.astype(np.uint64)
        out["M3d"] = basin.wet.astype(float).T
        grid = out.create_group("grid")
        grid.attrs["MATLAB_class"] = np.bytes_("struct")
        z = basin.z_interfaces
        zt = 0.5 * (z[1:] + z[:-1])
        b = lambda a: np.broadcast_to(a, shape).astype(float).T  # noqa: E731
        grid["XT3d"] = b(basin.lon[None, :, None])
        grid["YT3d"] = b(basin.lat[:, None, None])
        grid["ZT3d"] = b(zt[None, None, :])
        grid["DZT3d"] = b(np.diff(z)[None, None, :])
        vol = np.zeros(basin.wet.size)
        vol[np.flatnonzero(basin.wet.ravel(order="F"))] = basin.volume
        grid["DVT3d"] = vol.reshape(shape, order="F").T
    with open(path, "r+b") as fh:
        fh.write(b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: test HDF5 schema 1.00 .".ljust(116))


def test_v73_reader_and_units(basin, tmp_path):
    path = tmp_path / "OCIM_v73.mat"
    _write_v73(path, basin, tr_scale=1.0 / (365.25 * 86400.0))
    op = read_ocim(path, tr_units="s-1")
    np.testing.assert_allclose(op.matrix.toarray(), basin.matrix.toarray(), rtol=1e-12, atol=1e-18)
    np.testing.assert_array_equal(op.wet, basin.wet)
    np.testing.assert_allclose(op.volume, basin.volume, rtol=1e-14)
    np.testing.assert_allclose(op.z_interfaces, basin.z_interfaces, rtol=1e-12)


def test_missing_fields_raise(tmp_path):
    path = tmp_path / "bad.mat"
    scipy.io.savemat(path, {"output": {"M3d": np.ones((2, 2, 2))}})
    with pytest.raises(InputError, match="TR"):
        read_ocim(path)
