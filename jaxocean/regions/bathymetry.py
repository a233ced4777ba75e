"""1-degree ETOPO1 bathymetry and the open-ocean mask (water deeper than 200 m).

``etopo1_marmap_1deg.csv`` (CONVERSE data release) holds ETOPO1 elevation resampled by
marmap on 180 x 360 nodes spanning lat 90..-90 and lon -180..180 (node spacing 180/179 and
360/359 degrees). Node (r, c) is assigned to the 1-degree cell r from the north and c
from the west; the resulting half-node shift is at most 0.5 degree, i.e. within a cell.
"""

from __future__ import annotations

from pathlib import Path

import jax.numpy as jnp
import numpy as np
import pandas as pd
import xarray as xr

from jaxocean.core.grid import cell_centres, cell_index
from jaxocean.core.validate import InputError, file_errors

OPEN_OCEAN_DEPTH_M = 200.0  # seed 000 Sect. 2.2.2


@file_errors("ETOPO1 bathymetry")
def read_etopo1_1deg(path) -> xr.DataArray:
    """Elevation [m, negative below sea level] on the 1-degree grid (lat -89.5..89.5, lon -179.5..179.5)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"ETOPO1 1-degree bathymetry: {path} does not exist")
    t = pd.read_csv(path)
    if t.shape != (180 * 360, 3):
        raise InputError(f"{path}: expected 64800 rows x (lon, lat, elevation), got {t.shape}")
    lon_nodes, lat_nodes = t.iloc[:, 0].to_numpy(), t.iloc[:, 1].to_numpy()
    if not (lat_nodes[0] > lat_nodes[-1] and lon_nodes[1] > lon_nodes[0] and lat_nodes[1] == lat_nodes[0]):
        raise InputError(f"{path}: expected rows ordered north to south, longitude fastest")
    z = t.iloc[:, 2].to_numpy(float).reshape(180, 360)[::-1]  # south to north
    lat, lon = cell_centres(1.0)
    return xr.DataArray(z, coords={"lat": lat, "lon": lon}, dims=("lat", "lon"), name="elevation",
                        attrs={"units": "m", "long_name": "ETOPO1 elevation (marmap 1-degree)"})


def open_ocean_mask(elevation, min_depth: float = OPEN_OCEAN_DEPTH_M):
    """True where the water is at least ``min_depth`` [m] deep (elevation <= -min_depth)."""
    return jnp.asarray(elevation) <= -min_depth


def regrid_to(da: xr.DataArray, lat, lon) -> np.ndarray:
    """Values of a 1-degree (lat, lon) DataArray at cell centres ``lat``, ``lon`` (nearest cell)."""
    la, lo = np.meshgrid(np.asarray(lat, float), np.asarray(lon, float), indexing="ij")
    i, k = cell_index(la.ravel(), lo.ravel(), da["lat"].values, da["lon"].values)
    return np.asarray(da.values)[i, k].reshape(la.shape)
