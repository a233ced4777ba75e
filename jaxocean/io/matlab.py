"""MATLAB .mat reader for both formats in use: v5 (scipy) and v7.3 (HDF5, via h5py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.io

from jaxocean.core.validate import InputError, file_errors


def _is_hdf5(path: Path) -> bool:
    with open(path, "rb") as fh:
        return b"MATLAB 7.3" in fh.read(128)


def _h5_to_numpy(h5, obj):
    import h5py

    if isinstance(obj, h5py.Group):
        return {k: _h5_to_numpy(h5, obj[k]) for k in obj.keys() if not k.startswith("#")}
    data = obj[()]
    if obj.dtype == object:  # cell arrays: references
        return np.array([_h5_to_numpy(h5, h5[r]) for r in np.ravel(data)], dtype=object)
    if obj.attrs.get("MATLAB_class", b"") in (b"char",):
        return "".join(map(chr, np.ravel(data)))
    # HDF5 stores MATLAB arrays transposed (column-major)
    return np.asarray(data).T if np.ndim(data) > 1 else np.asarray(data)


@file_errors("MATLAB file")
def check_complete(path) -> list[str]:
    """Cheap completeness check of a .mat file (no data read): the names of its variables.

    v5: walks the data-element tags (type, byte count) from the 128-byte header; a file that
    ends before the last element's declared bytes is truncated. v7.3 (HDF5): opening checks
    the file's recorded end-of-file address against its size. Raises ``InputError``.
    """
    path = Path(path)
    if _is_hdf5(path):
        import h5py

        with h5py.File(path, "r") as h5:
            return [k for k in h5.keys() if not k.startswith("#")]
    size = path.stat().st_size
    with open(path, "rb") as fh:
        header = fh.read(128)
        if len(header) < 128 or not header.startswith(b"MATLAB"):
            raise InputError(f"MATLAB file {path}: not a MATLAB .mat file (no v5 header)")
        endian = "<" if header[126:128] == b"IM" else ">"
        offset = 128
        while offset < size:
            fh.seek(offset)
            tag = fh.read(8)
            if len(tag) < 8:
                raise InputError(f"MATLAB file {path}: truncated ({size} bytes, ends inside a data "
                                 "element tag): download or copy it again")
            dtype, nbytes = np.frombuffer(tag, dtype=f"{endian}u4")
            if dtype >> 16:          # small data element: data packed into the tag
                offset += 8
                continue
            offset += 8 + int(nbytes) + (0 if dtype == 15 else -int(nbytes) % 8)   # 15: compressed
            if offset > size + 7:
                raise InputError(f"MATLAB file {path}: truncated ({size} bytes; a data element "
                                 f"needs {offset} bytes): download or copy it again")
    return [name for name, _, _ in scipy.io.whosmat(path)]


@file_errors("MATLAB file")
def load_mat(path, variables=None) -> dict:
    """Load a .mat file into a dict of numpy arrays (structs become dicts / record arrays).

    ``variables`` restricts what is read and raises naming any that are missing. Arrays
    keep MATLAB's (row, column, ...) orientation in both formats.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"MATLAB file {path} does not exist")
    if _is_hdf5(path):
        import h5py

        with h5py.File(path, "r") as h5:
            names = [k for k in h5.keys() if not k.startswith("#")]
            want = names if variables is None else list(variables)
            missing = [v for v in want if v not in names]
            if missing:
                raise InputError(f"{path.name}: missing variable(s) {missing}; available: {names}")
            return {k: _h5_to_numpy(h5, h5[k]) for k in want}
    out = scipy.io.loadmat(path, squeeze_me=True, struct_as_record=False,
                           variable_names=None if variables is None else list(variables))
    out = {k: v for k, v in out.items() if not k.startswith("__")}
    if variables is not None:
        missing = [v for v in variables if v not in out]
        if missing:
            raise InputError(f"{path.name}: missing variable(s) {missing}; available: {sorted(out)}")
    return out
