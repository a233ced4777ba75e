"""Trap observations matched to gridded production, and the region x layer regressions.

Seed 000 Sect. 2.2.4: each flux observation is matched to the 1-degree cell of the trap and,
for a monthly climatology, to the calendar month of its deployment (taken here as the month
of the deployment midpoint, start + duration / 2). Production below ``MIN_PRODUCTION``
(0.1 mg C m-2 d-1) is dropped. Statistics per group (region x layer, plus "Global") are the
jnp ``linear_fit`` on linear values and on log10 values (Fig. 5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from jaxocean.core.grid import cell_index
from jaxocean.core.validate import InputError
from jaxocean.traps.selection import TABLE1_LAYERS
from jaxocean.traps.stats import grouped_linear_fits

MIN_PRODUCTION = 0.1  # mg C m-2 d-1 (seed 000 Sect. 2.2.4)


def deployment_month(df: pd.DataFrame) -> np.ndarray:
    """Calendar month (1-12) of the midpoint of each deployment."""
    mid = pd.to_datetime(df["start"]) + pd.to_timedelta(df["duration"].fillna(0.0), unit="D") / 2
    return mid.dt.month.to_numpy()


def match_map(df: pd.DataFrame, field: xr.DataArray) -> np.ndarray:
    """Value of a (lat, lon) map in the cell of each trap (any lat spacing; lon regular)."""
    i, k = cell_index(df["lat"], df["lon"], field["lat"].values, field["lon"].values)
    return np.asarray(field.transpose("lat", "lon").values, float)[i, k]


def match_climatology(df: pd.DataFrame, clim: xr.DataArray) -> np.ndarray:
    """Value of a (month, lat, lon) climatology in each trap's cell and deployment month.

    Traps without a deployment date cannot be matched and get NaN (dropped by the regressions);
    a climatology lacking one of the needed months raises ``InputError``.
    """
    i, k = cell_index(df["lat"], df["lon"], clim["lat"].values, clim["lon"].values)
    months = np.asarray(clim["month"].values, int)
    want = deployment_month(df)
    dated = np.isfinite(want)
    missing = sorted({int(x) for x in want[dated]} - set(months.tolist()))
    if missing:
        raise InputError(f"climatology: month(s) {missing} needed by the traps are missing; "
                         f"it has {months.tolist()}")
    m = np.searchsorted(months, np.where(dated, want, months[0]).astype(int))
    values = np.asarray(clim.transpose("month", "lat", "lon").values, float)[m, i, k]
    return np.where(dated, values, np.nan)


def regression_table(df: pd.DataFrame, x: str, y: str, by=("region", "layer"), *,
                     min_x: float = MIN_PRODUCTION, log: bool = False,
                     include_global: bool = True) -> pd.DataFrame:
    """n, r, R^2, p, slope, intercept of ``y`` on ``x`` per group of ``by``.

    Rows with x < ``min_x`` or non-finite x / y are dropped first; ``log`` regresses log10(y)
    on log10(x) (both must be > 0). ``include_global`` adds groups with the first ``by``
    column set to "Global" (all regions pooled).
    """
    by = list(by)
    d = df[np.isfinite(df[x]) & np.isfinite(df[y]) & (df[x] >= min_x)].copy()
    if log:
        d = d[(d[x] > 0) & (d[y] > 0)]
        d[x], d[y] = np.log10(d[x]), np.log10(d[y])
    if include_global and len(d):
        g = d.copy()
        g[by[0]] = "Global"
        d = pd.concat([d.astype({by[0]: object}), g], ignore_index=True)
    if not len(d):
        return pd.DataFrame(columns=[*by, "n", "r", "r2", "p", "slope", "intercept"])
    key = d[by[0]].astype(str)
    for c in by[1:]:
        key = key + "|" + d[c].astype(str)
    key = key.to_numpy()
    keys, fits = grouped_linear_fits(d[x].to_numpy(), d[y].to_numpy(), key)
    out = pd.DataFrame([k.split("|") for k in keys], columns=by)
    for name in ("n", "r", "r2", "p", "slope", "intercept"):
        out[name] = np.asarray(getattr(fits, name))
    out["n"] = out["n"].astype(int)
    out["log10"] = log
    if "layer" in by:
        out["layer"] = pd.Categorical(out["layer"], categories=TABLE1_LAYERS, ordered=True)
        out = out.sort_values([c for c in by if c != "layer"] + ["layer"], kind="stable", ignore_index=True)
        out["layer"] = out["layer"].astype(str)
    return out
