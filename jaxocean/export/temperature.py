"""Temperature on the export model's coarse layers, mapped to any vertical grid (seed 002).

Seed 002 (Mariani et al. 2025) divides the ocean into coarse layers 0-200, 200-500,
500-1000, 1000-2000 m and 2000 m to the bottom, takes ESM potential temperature on those,
removes the linear drift of the two deepest layers against the preindustrial control run,
and runs the export model on the 24 OCIM layers.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from jaxocean.core.validate import InputError
from jaxocean.transport.regrid import interval_overlap

COARSE_EDGES = (0.0, 200.0, 500.0, 1000.0, 2000.0, np.inf)   # m (seed 002)
DEEP_LAYERS = (3, 4)                                            # 1000-2000 m, 2000 m-bottom
# IDEALIZED thermocline, CHOSEN stand-in where no observed profile exists (docs/PARAMETERS.md)
T_DEEP_DEGC, Z_THERMOCLINE_M = 2.0, 500.0


def thermocline_decay(z_interfaces, scale_m: float = Z_THERMOCLINE_M):
    """exp(-z / z_T) at the centres of the layers bounded by ``z_interfaces`` (nz,)."""
    z = np.asarray(z_interfaces, float)
    return jnp.exp(-0.5 * (z[1:] + z[:-1]) / scale_m)


def idealized_thermocline(t_upper, z_interfaces, *, t_deep: float = T_DEEP_DEGC,
                          scale_m: float = Z_THERMOCLINE_M):
    """T = T_deep + (T_up - T_deep) exp(-z / z_T) on layer centres (..., nz) [degC] from the
    upper-ocean temperature ``t_upper`` (...): the IDEALIZED profile used only where no observed
    temperature exists."""
    t = jnp.asarray(t_upper)[..., None]
    return t_deep + (t - t_deep) * thermocline_decay(z_interfaces, scale_m)


def coarse_to_grid_weights(z_interfaces, coarse_edges=COARSE_EDGES) -> np.ndarray:
    """(nz, n_coarse) overlap weights: fraction of each target layer inside each coarse layer.

    Rows sum to 1; a target layer that straddles a coarse edge gets the thickness-weighted
    mean of the two coarse temperatures.
    """
    z = np.asarray(z_interfaces, float)
    return interval_overlap(np.asarray(coarse_edges, float), z) / np.diff(z)[:, None]


def coarse_to_grid(t_coarse, z_interfaces, coarse_edges=COARSE_EDGES):
    """Map a field on coarse layers (..., n_coarse) to the layers of ``z_interfaces`` (..., nz)."""
    w = jnp.asarray(coarse_to_grid_weights(z_interfaces, coarse_edges))
    if jnp.shape(t_coarse)[-1:] != (w.shape[1],):
        raise InputError(f"t_coarse: last axis must be the {w.shape[1]} coarse layers of "
                         f"{list(coarse_edges)} m, got shape {jnp.shape(t_coarse)}")
    return jnp.asarray(t_coarse) @ w.T


def linear_trend(series, time):
    """Least-squares (slope, intercept) of ``series`` (time, ...) against ``time`` (time,)."""
    t = jnp.asarray(time, float)
    tc = t - t.mean()
    y = jnp.asarray(series)
    shape = (-1,) + (1,) * (y.ndim - 1)
    slope = jnp.sum(tc.reshape(shape) * (y - y.mean(0)), axis=0) / jnp.sum(tc * tc)
    return slope, y.mean(0) - slope * t.mean()


def detrend_against_control(t_coarse, time, t_control, time_control, layers=DEEP_LAYERS):
    """Remove the control run's linear drift from the given coarse layers (seed 002).

    ``t_coarse`` (time, ..., n_coarse) scenario temperature; ``t_control`` (time_c, ...,
    n_coarse) the preindustrial control over ``time_control``. The control slope times the
    time elapsed since the start of the scenario is subtracted from ``layers`` only, so the
    first scenario year is unchanged and forced warming is kept.
    """
    slope, _ = linear_trend(t_control, time_control)           # (..., n_coarse)
    t = jnp.asarray(time, float)
    sel = jnp.zeros(slope.shape[-1], bool).at[jnp.asarray(layers)].set(True)
    drift = jnp.where(sel, slope, 0.0)
    elapsed = (t - t[0]).reshape((-1,) + (1,) * (jnp.ndim(t_coarse) - 1))
    return jnp.asarray(t_coarse) - elapsed * drift
