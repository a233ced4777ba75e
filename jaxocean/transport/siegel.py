"""Fraction of injected carbon still stored after N years, and the Siegel et al. (2021) F100.

Siegel, DeVries, Doney & Bell (2021, Environ. Res. Lett. 16:104003) mapped, with the OCIM2-48L
circulation, the fraction of carbon injected in each box that remains sequestered after 100
years (F100, 91 x 180 x 48, lat x lon x depth; shipped in ../shared/data/henson_bcp_maps).
``fraction_stored_field`` computes the same product from any circulation (``fraction_remaining``
in ``first_passage``); ``depth_profile`` and ``compare_profiles`` put two products on a common
footing (horizontal means against depth), since grids differ.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from jaxocean.core.validate import InputError, file_errors
from jaxocean.io.matlab import load_mat
from jaxocean.io.netcdf import LAT_ATTRS, LON_ATTRS
from jaxocean.transport.first_passage import fraction_remaining
from jaxocean.transport.operator import DEPTH_ATTRS
from jaxocean.transport.sequestration import SequestrationModel


@file_errors("Siegel et al. F100 file")
def load_f100(path, as_dataarray: bool = False):
    """Read F100.mat: ``F100`` (lat, lon, depth) in [0, 1], ``lat``, ``lon``, ``depth`` (m), as a
    dict of arrays, or with ``as_dataarray`` as one labelled DataArray (CF coordinates, units 1,
    NaN where the file has no value)."""
    d = load_mat(Path(path), variables=["F100", "lat", "lon", "depth"])
    f = np.asarray(d["F100"], float)
    lat, lon, depth = (np.asarray(d[k], float).ravel() for k in ("lat", "lon", "depth"))
    if f.shape != (lat.size, lon.size, depth.size):
        raise InputError(f"F100: shape {f.shape} does not match lat/lon/depth sizes "
                         f"({lat.size}, {lon.size}, {depth.size})")
    if not as_dataarray:
        return {"F100": f, "lat": lat, "lon": lon, "depth": depth}
    import xarray as xr

    return xr.DataArray(f, dims=("lat", "lon", "depth"), name="F100",
                        coords={"lat": ("lat", lat, LAT_ATTRS), "lon": ("lon", lon, LON_ATTRS),
                                "depth": ("depth", depth, DEPTH_ATTRS | {"axis": "Z"})},
                        attrs={"units": "1", "long_name": "fraction of carbon injected in the box still "
                               "sequestered after 100 years (Siegel et al. 2021, OCIM2-48L)"})


def fraction_stored_field(model: SequestrationModel, years: float = 100.0) -> np.ndarray:
    """(ny, nx, nz) fraction of an injection in each box still stored after ``years`` (NaN on land)."""
    f = fraction_remaining(model, years)[-1]
    return np.asarray(model.operator.to_field(f))


def depth_profile(field3d, weights=None) -> np.ndarray:
    """Horizontal (area-weighted where ``weights`` (lat, lon) is given) mean per depth, NaN-aware."""
    f = np.asarray(field3d, float)
    w = np.ones(f.shape[:2]) if weights is None else np.asarray(weights, float)
    w3 = np.where(np.isfinite(f), w[:, :, None], 0.0)
    tot = w3.sum(axis=(0, 1))
    return np.where(tot > 0, np.sum(np.nan_to_num(f) * w3, axis=(0, 1)) / np.where(tot > 0, tot, 1.0), np.nan)


def compare_profiles(depth_a, profile_a, depth_b, profile_b, z_min: float = 100.0) -> dict:
    """Interpolate profile a onto depths b (>= z_min, inside a's range); RMSE, bias and pairs."""
    da, pa = np.asarray(depth_a, float), np.asarray(profile_a, float)
    ok_a = np.isfinite(pa)
    db, pb = np.asarray(depth_b, float), np.asarray(profile_b, float)
    sel = (db >= z_min) & (db <= da[ok_a].max()) & (db >= da[ok_a].min()) & np.isfinite(pb)
    a_on_b = np.interp(db[sel], da[ok_a], pa[ok_a])
    diff = a_on_b - pb[sel]
    return {"depth": db[sel], "a": a_on_b, "b": pb[sel], "rmse": float(np.sqrt(np.mean(diff ** 2))),
            "bias": float(np.mean(diff))}
