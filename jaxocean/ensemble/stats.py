"""Ensemble statistics and key macrofauna carbon areas (KMCA), seed 002.

* Group statistics: mean and standard deviation over the parameter sets of each
  (forcing, fishing) combination, as the seed reports them (the R ``sd``, ddof = 1).
* KMCA (seed 002, "Estimation of KMCAs"): ocean cells in the upper quartile of BOTH the
  macrofauna biomass and its contribution to carbon sequestration.
"""

from __future__ import annotations

import numpy as np


def groups(members) -> dict[tuple[str, bool], list[int]]:
    """{(forcing, fishing): [member indices]} in first-appearance order."""
    out: dict[tuple[str, bool], list[int]] = {}
    for i, m in enumerate(members):
        out.setdefault((m.forcing, m.fishing), []).append(i)
    return out


def group_mean_sd(values: np.ndarray, members, axis: int = 0) -> dict:
    """{(forcing, fishing): (mean, sd)} over the members (parameter sets) of each group along
    ``axis``; sd uses ddof = 1 (0 for a single-member group)."""
    values = np.asarray(values, float)
    out = {}
    for key, idx in groups(members).items():
        sub = np.take(values, idx, axis=axis)
        sd = sub.std(axis=axis, ddof=1) if len(idx) > 1 else np.zeros_like(sub.mean(axis=axis))
        out[key] = (sub.mean(axis=axis), sd)
    return out


def upper_quartile(field: np.ndarray, ocean: np.ndarray) -> np.ndarray:
    """Ocean cells with ``field`` >= its 75th percentile over the ocean cells."""
    return ocean & (field >= np.nanpercentile(np.where(ocean, field, np.nan), 75.0))


def kmca(biomass: np.ndarray, sequestration: np.ndarray, ocean: np.ndarray) -> np.ndarray:
    """Key macrofauna carbon areas: upper quartile of biomass AND of the contribution to
    sequestration (seed 002); all maps (ny, nx) on the same grid, ``ocean`` bool."""
    ocean = np.asarray(ocean, bool) & np.isfinite(biomass) & np.isfinite(sequestration)
    return upper_quartile(biomass, ocean) & upper_quartile(sequestration, ocean)
