"""The seed-000 subset of trap observations and its Table 1 summary.

Rules (seed 000 Sect. 2.2.1): PIC flux observed; deployments of 31 days or less
(0 < duration <= 31 d); open ocean only (water depth >= 200 m); seven trap-depth layers.
Layers are right-closed: (0, 100], (100, 500], (500, 1000], (1000, 2000], (2000, 3000],
(3000, 4000], (4000, inf) m, so a trap at exactly 100 m is in "0-100m".
Locations in Table 1 are distinct 1-degree cells (floor of lat / lon) per layer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jaxocean.core.grid import cell_index, one_degree_cell_id
from jaxocean.core.validate import InputError, require_variables

TABLE1_LAYERS = ("0-100m", "100-500m", "500-1000m", "1000-2000m", "2000-3000m",
                 "3000-4000m", ">4000m")
LAYER_EDGES = (0.0, 100.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0, np.inf)  # m
MAX_DURATION_D = 31.0
MIN_WATER_DEPTH_M = 200.0


def depth_layer(trap_depth) -> pd.Categorical:
    """Table 1 layer label of each trap depth [m] (NaN / <= 0 m -> missing)."""
    return pd.cut(np.asarray(trap_depth, float), bins=LAYER_EDGES, labels=TABLE1_LAYERS,
                  right=True)


def water_depth_from_bathymetry(df: pd.DataFrame, bathymetry) -> np.ndarray:
    """Water depth [m, positive] of each row from a 1-degree elevation grid.

    ``bathymetry`` is an xarray DataArray of elevation [m, negative below sea level] with
    ``lat`` and ``lon`` coordinates (see ``jaxocean.regions.read_etopo1_1deg``).
    """
    i, k = cell_index(df["lat"], df["lon"], bathymetry["lat"].values, bathymetry["lon"].values)
    return -np.asarray(bathymetry.values, float)[i, k]


def select_seed(df: pd.DataFrame, *, bathymetry=None, max_duration: float = MAX_DURATION_D,
                min_water_depth: float = MIN_WATER_DEPTH_M, flux: str = "pic") -> pd.DataFrame:
    """Rows of a tidy trap table kept by the seed-000 rules, with ``layer`` and ``cell`` added.

    Water depth: the table's ``water_depth`` where given; missing values are filled from
    ``bathymetry`` (1-degree elevation DataArray) when it is supplied, else the row is dropped.
    ``flux`` names the flux column that must be observed ("pic", "poc").
    """
    require_variables(df, ["lat", "lon", "trap_depth", "water_depth", "duration", flux],
                      what="trap table")
    if not np.isfinite(df["lat"]).all() or not np.isfinite(df["lon"]).all():
        raise InputError("trap table: lat/lon contain NaN")
    water = df["water_depth"].to_numpy(float)
    if bathymetry is not None:
        water = np.where(np.isfinite(water), water, water_depth_from_bathymetry(df, bathymetry))
    dur = df["duration"].to_numpy(float)
    keep = (df[flux].notna().to_numpy() & (dur > 0) & (dur <= max_duration)
            & (water >= min_water_depth))
    out = df.loc[keep].copy()
    out["water_depth"] = water[keep]
    out["layer"] = depth_layer(out["trap_depth"])
    out["cell"] = one_degree_cell_id(out["lat"], out["lon"])
    return out[out["layer"].notna()]


def table1(sel: pd.DataFrame) -> pd.DataFrame:
    """Seed Table 1: observations and distinct 1-degree trap locations per depth layer."""
    g = sel.groupby("layer", observed=False)
    t = pd.DataFrame({"observations": g.size(), "locations": g["cell"].nunique()})
    t.index.name = "layer"
    return t.reindex(list(TABLE1_LAYERS)).fillna(0).astype(int)
