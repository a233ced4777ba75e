"""Conventions every observation reader returns (the contract ``observations.environment`` reads).

* ``lat`` ascending (south to north) [degrees_north]; ``lon`` wrapped to [-180, 180) with
  ``core.grid.wrap_longitude`` and ascending [degrees_east].
* 3-D products: ``depth`` = layer centres [m, positive down] with ``depth_bnds`` (depth, 2)
  the layer top and bottom [m]; the top of the first layer is the sea surface.
* Monthly products: ``month`` = 1..12 (climatological calendar month).
* Every data variable carries CF ``units`` (converted at the edge to jaxocean's internal
  units: degC, practical salinity "1", umol kg-1) and ``standard_name`` where CF has one; land
  and below-bottom cells are NaN.
* ``ds.attrs["lookup_max_distance_km"]``: default nearest-wet-cell distance limit, about one
  grid-cell diagonal of the product.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.core.grid import wrap_longitude
from jaxocean.core.validate import InputError, check_range
from jaxocean.io.netcdf import check_complete

LAT_ATTRS = {"units": "degrees_north", "standard_name": "latitude", "axis": "Y"}
LON_ATTRS = {"units": "degrees_east", "standard_name": "longitude", "axis": "X"}
DEPTH_ATTRS = {"units": "m", "standard_name": "depth", "positive": "down", "axis": "Z",
               "bounds": "depth_bnds"}
MONTH_ATTRS = {"units": "1", "long_name": "climatological calendar month", "axis": "T"}


def horizontal_coords(lat, lon, what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(lat sorted S->N, lon wrapped and sorted, lat order, lon order) of a regular global grid.

    Raises if the longitudes are not a regular global grid (n x dlon = 360 degrees).
    """
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    d = np.diff(lon)
    if lon.size < 2 or not np.allclose(d, d[0]) or not np.isclose(abs(d[0]) * lon.size, 360.0):
        raise InputError(f"{what}: longitude must be a regular global grid (n x dlon = 360 degrees), "
                         f"got {lon.size} values from {lon.min():g} to {lon.max():g}")
    wrapped = wrap_longitude(lon)
    lat_order, lon_order = np.argsort(lat), np.argsort(wrapped)
    return lat[lat_order], wrapped[lon_order], lat_order, lon_order


def layer_coords(edges) -> dict:
    """``depth`` (centres) and ``depth_bnds`` coordinates from layer interfaces [m]."""
    e = np.asarray(edges, float)
    return {"depth": ("depth", 0.5 * (e[:-1] + e[1:]), DEPTH_ATTRS),
            "depth_bnds": (("depth", "bnds"), np.stack([e[:-1], e[1:]], axis=1), {"units": "m"})}


def layer_edges(ds: xr.Dataset) -> np.ndarray:
    """Layer interfaces (nz+1,) [m] of a product from its ``depth_bnds``."""
    b = np.asarray(ds["depth_bnds"].values, float)
    return np.concatenate([b[:, 0], b[-1:, 1]])


def check_layout(name: str, values: np.ndarray, shape, what: str) -> None:
    """Raise naming the file and variable when ``values`` does not have ``shape``."""
    if tuple(values.shape) != tuple(shape):
        raise InputError(f"{what}: variable {name!r} has shape {tuple(values.shape)}, "
                         f"expected {tuple(shape)}")


def check_plausible(name: str, values: np.ndarray, lo: float, hi: float, units: str, what: str) -> None:
    """Raise when finite values fall outside [lo, hi] in ``units`` (a unit or layout mix-up):
    ``core.validate.check_range`` with the file and variable in the message."""
    v = np.asarray(values)
    if not np.isfinite(v).any():
        raise InputError(f"{what}: variable {name!r} has no finite value")
    check_range(f"{what}: variable {name!r}", v, lo, hi, units, ignore_nan=True)


def locate(path, shared_parts, label: str) -> Path:
    """``path``, or ``../shared/<shared_parts>`` when it is None (``InputError`` if absent)."""
    if path is None:
        from jaxocean.io.paths import shared_path
        path = shared_path(*shared_parts)
        if path is None:
            raise InputError(f"{label}: ../shared/{'/'.join(shared_parts)} not found")
    return Path(path)


def open_netcdf(path: Path, label: str, variables) -> xr.Dataset:
    """The whole file loaded into memory (and closed); ``InputError`` naming the file when it is
    missing, unreadable (e.g. truncated) or lacks one of ``variables``."""
    if not path.exists():
        raise InputError(f"{label} {path} does not exist")
    check_complete(path)
    try:
        with xr.open_dataset(path, decode_times=False) as raw:
            raw.load()
    except (OSError, ValueError, RuntimeError) as err:
        raise InputError(f"{label} {path}: cannot be read as netCDF ({err})") from err
    missing = [v for v in variables if v not in raw.variables]
    if missing:
        raise InputError(f"{label} {path}: missing variable(s) {missing}")
    return raw
