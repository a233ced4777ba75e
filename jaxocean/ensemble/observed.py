"""Observed present-day temperature for the ensemble's base climatology and export profiles.

Decision (docs/PARAMETERS.md, "Observed temperature"): the BOATS temperature forcing of the
base is observed monthly SST, COBE SST 1991-2020 (1 degree, the CESM grid's resolution; seed
002 forces BOATS with ESM SST), so the base temperature represents ~2005 (``SST_EPOCH``). The
temperature along the export path is the observed annual-mean potential temperature of
Levitus & Boyer (1994, 4 degrees, 15 layers to 5200 m), averaged onto the seed's coarse layers
(0-200, 200-500, 500-1000, 1000-2000 m, 2000 m-bottom; ``export.temperature.COARSE_EDGES``).

Both are sampled with the ``observations`` lookup on their own grids: each target cell takes
its nearest wet product cell (great-circle distance) within the product's lookup distance;
cells with no product cell that near keep NaN here (the callers fall back and count them).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.export.temperature import COARSE_EDGES
from jaxocean.observations import (column_values, layer_profile, nearest_wet_cell, read_levitus94,
                                   read_sst_climatology)
from jaxocean.observations.conventions import layer_edges

SST_PRODUCT = "cobe"
SST_EPOCH = 2005.5             # centre of the 1991-2020 climatology [year]


def coarse_edges_finite(product: xr.Dataset) -> np.ndarray:
    """The seed's coarse layer edges with the last ("2000 m to the bottom") ending at the
    product's deepest interface (5200 m for Levitus)."""
    e = np.asarray(COARSE_EDGES, float).copy()
    e[-1] = layer_edges(product)[-1]
    return e


def observed_sst(lat2d, lon2d, *, product: str = SST_PRODUCT, path=None) -> tuple[np.ndarray, str]:
    """Monthly observed SST (12, ny, nx) [degC] at the cell centres ``lat2d``, ``lon2d`` (2-D)
    from the nearest wet cell of the product (NaN beyond its lookup distance); and provenance."""
    sst = read_sst_climatology(product, path)
    lat, lon = np.asarray(lat2d, float).ravel(), np.asarray(lon2d, float).ravel()
    match = nearest_wet_cell(sst, lat, lon, variables=["sst"])
    vals = np.stack([column_values(sst, "sst", match, np.full(lat.shape, m)) for m in range(12)])
    vals = np.where(match.within[None], vals, np.nan).reshape((12,) + np.shape(lat2d))
    return vals, f"{sst.attrs['product']} ({sst.attrs['references']}), nearest wet cell"


def observed_coarse_temperature(lat2d, lon2d, *, folder=None) -> tuple[np.ndarray, str]:
    """Annual-mean observed potential temperature on the seed's 5 coarse layers (5, ny, nx)
    [degC] at the cell centres (NaN where no Levitus column lies within its lookup distance)."""
    lev = read_levitus94(folder)
    annual = lev.drop_vars(["salinity", "sst", "sss"]).mean("month", keep_attrs=True)
    lat, lon = np.asarray(lat2d, float).ravel(), np.asarray(lon2d, float).ravel()
    match = nearest_wet_cell(annual, lat, lon, variables=["temperature"])
    prof = np.asarray(layer_profile(column_values(annual, "temperature", match), layer_edges(annual),
                                    coarse_edges_finite(annual)))
    prof = np.where(match.within[:, None], prof, np.nan)
    return prof.T.reshape((-1,) + np.shape(lat2d)), \
        f"{lev.attrs['product']} annual mean on the coarse layers {list(COARSE_EDGES)} m, nearest wet column"
