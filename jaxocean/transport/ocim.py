"""OCIM-format MATLAB files: reader (v5 and v7.3) and writer (v5), for any circulation.

Layout as distributed by T. DeVries (OCIM1/OCIM2, e.g. ``OCIM2_CTL_He.mat``; see also
AIBECS/OceanCirculations loaders): one struct ``output`` with
  ``TR``    sparse (n_wet, n_wet) transport operator, yr-1, dC/dt = TR C (flux convergence),
  ``M3d``   wet mask (lat, lon, depth), wet boxes ordered as MATLAB ``find(M3d(:))``,
  ``grid``  struct: ``xt, yt, zt`` (1-D), ``XT3d, YT3d, ZT3d, DXT3d, DYT3d, DZT3d`` (lat, lon,
            depth) in degrees / m, optionally ``ZW3d`` (layer tops), ``DVT3d``/``dVt`` (volumes).
The real OCIM files are not shipped with jaxocean; the tests write small files in this layout.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.io
import scipy.sparse as sp

from jaxocean.core.validate import InputError, file_errors
from jaxocean.io.matlab import load_mat
from jaxocean.transport.idealized import SECONDS_PER_YEAR, grid_geometry
from jaxocean.transport.operator import TransportOperator


def _get(struct, name, default=None):
    if isinstance(struct, dict):
        return struct.get(name, default)
    return getattr(struct, name, default)


def _sparse(x, n: int) -> sp.csc_matrix:
    """A MATLAB sparse matrix from either reader: scipy sparse (v5) or HDF5 data/ir/jc (v7.3)."""
    if sp.issparse(x):
        return sp.csc_matrix(x, dtype=np.float64)
    if isinstance(x, dict) and {"ir", "jc"} <= set(x):
        data = np.ravel(x.get("data", np.ones(len(np.ravel(x["ir"])))))
        return sp.csc_matrix((data.astype(np.float64), np.ravel(x["ir"]).astype(np.int64),
                              np.ravel(x["jc"]).astype(np.int64)), shape=(n, n))
    raise InputError(f"output.TR: expected a sparse matrix, got {type(x).__name__}")


@file_errors("OCIM file")
def read_ocim(path, *, tr_units: str = "yr-1", name: str | None = None) -> TransportOperator:
    """Read an OCIM .mat file into a ``TransportOperator`` (T in yr-1).

    ``tr_units``: "yr-1" (OCIM2) or "s-1" (OCIM0/1 files store s-1); converted to yr-1.
    """
    path = Path(path)
    out = load_mat(path, variables=["output"])["output"]
    missing = [k for k in ("TR", "M3d", "grid") if _get(out, k) is None]
    if missing:
        raise InputError(f"{path.name}: output struct lacks {missing} (OCIM layout: output.TR, output.M3d, output.grid)")
    wet = np.asarray(_get(out, "M3d")) != 0
    if wet.ndim != 3:
        raise InputError(f"{path.name}: output.M3d must be 3-D (lat, lon, depth), got shape {wet.shape}")
    grid = _get(out, "grid")
    need = ["XT3d", "YT3d", "ZT3d", "DZT3d"]
    lack = [k for k in need if _get(grid, k) is None]
    if lack:
        raise InputError(f"{path.name}: output.grid lacks {lack}")
    g = {k: np.asarray(_get(grid, k), float) for k in ("XT3d", "YT3d", "ZT3d", "DXT3d", "DYT3d", "DZT3d")
         if _get(grid, k) is not None}
    iwet = np.flatnonzero(wet.ravel(order="F"))
    vol3d = next((np.asarray(_get(grid, k), float) for k in ("DVT3d", "dVt", "DVt") if _get(grid, k) is not None),
                 None)
    if vol3d is None:
        if "DXT3d" not in g or "DYT3d" not in g:
            raise InputError(f"{path.name}: output.grid needs DXT3d and DYT3d (or DVT3d/dVt) for volumes")
        vol3d = g["DXT3d"] * g["DYT3d"] * g["DZT3d"]
    volume = vol3d.ravel(order="F")[iwet] if vol3d.shape == wet.shape else np.ravel(vol3d)
    dz = g["DZT3d"][0, 0, :]
    zw = _get(grid, "ZW3d")
    top = np.asarray(zw, float)[0, 0, :] if zw is not None else np.concatenate([[0.0], np.cumsum(dz)[:-1]])
    z_interfaces = np.concatenate([top, [top[-1] + dz[-1]]])
    scale = {"yr-1": 1.0, "s-1": SECONDS_PER_YEAR}.get(tr_units)
    if scale is None:
        raise InputError(f"tr_units: expected 'yr-1' or 's-1', got {tr_units!r}")
    matrix = _sparse(_get(out, "TR"), iwet.size) * scale
    return TransportOperator(matrix=matrix, wet=wet, volume=np.asarray(volume, float),
                             lat=g["YT3d"][:, 0, 0], lon=g["XT3d"][0, :, 0], z_interfaces=z_interfaces,
                             name=name or path.stem)


def write_ocim(path, operator: TransportOperator) -> Path:
    """Write ``operator`` in the OCIM layout (MATLAB v5, TR in yr-1)."""
    ny, nx, nz = operator.shape3d
    dx, dy, dz, _, _ = grid_geometry(operator.lat, operator.lon, operator.z_interfaces)
    shape = (ny, nx, nz)
    zt = 0.5 * (operator.z_interfaces[1:] + operator.z_interfaces[:-1])
    grid = {
        "xt": operator.lon, "yt": operator.lat, "zt": zt,
        "XT3d": np.broadcast_to(operator.lon[None, :, None], shape).copy(),
        "YT3d": np.broadcast_to(operator.lat[:, None, None], shape).copy(),
        "ZT3d": np.broadcast_to(zt[None, None, :], shape).copy(),
        "ZW3d": np.broadcast_to(np.asarray(operator.z_interfaces[:-1])[None, None, :], shape).copy(),
        "DXT3d": np.broadcast_to(dx[:, :, None], shape).copy(),
        "DYT3d": np.broadcast_to(dy[:, None, None], shape).copy(),
        "DZT3d": np.broadcast_to(dz[None, None, :], shape).copy(),
    }
    flat = np.zeros(ny * nx * nz)
    flat[np.flatnonzero(operator.wet.ravel(order="F"))] = operator.volume
    grid["DVT3d"] = flat.reshape(shape, order="F")
    out = {"TR": sp.csc_matrix(operator.matrix), "M3d": operator.wet.astype(np.float64), "grid": grid}
    path = Path(path)
    scipy.io.savemat(path, {"output": out}, do_compression=True)
    return path
