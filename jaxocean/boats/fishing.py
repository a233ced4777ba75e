"""Open-access fishing (Carozza et al. 2017 PLoS One; seed 002 Eq. 12; SCHEME.md Sect. 2).

Harvest Lambda_F = q S(m) E (seed Eq. 12), limited to the biomass present; effort follows
the open-access rule dE/dt = k_e (revenue - cost) / E. Everything is switched by traced
values (``enabled``, ``effort_freeze_step``), never by Python branches, so scenarios with and
without fishing can share one vmapped run.
"""

from __future__ import annotations

import equinox as eqx
import jax.numpy as jnp
import numpy as np

from jaxocean.boats.mass_sum import class_sum

# Carozza et al. (2017) global economics (parameters.m): landed value and yield give the price,
# cost and effort give the cost per unit effort.
_PRICE_PER_G = 8.4233e10 / 7.9963e13                      # $ g-1 (landedvalue / yield)
_COST_PER_EFFORT = 8.4233e10 / 14.6229e9 / 31104000.0    # $ W-1 s-1 (cost / effort / spery)


class FishingParams(eqx.Module):
    """Economic and fishing-gear parameters.

    ``catchability``, ``price`` and ``cost`` may be scalars or per-step series (1-D, indexed
    by the state's step counter, the last value held beyond the end), as the global code's
    ``Economical`` structure. ``enabled`` (1 = fishing, 0 = none) and ``effort_freeze_step``
    (effort held constant from this step index on; inf = never) are traced values.
    """

    enabled: float = 0.0                        # -, 1 fishing on, 0 off
    catchability: float = 1.0e-5 * 1.05 ** -100  # m2 W-1 s-1, q (global parameters.m qcatch0)
    price: float = _PRICE_PER_G * 0.12          # $ mmolC-1, price per unit catch (1.264e-4)
    cost: float = _COST_PER_EFFORT              # $ W-1 s-1, cost per unit effort (1.852e-7)
    k_e: float = 1.0e-6                         # W $-1, effort response rate (code: "W $-1 s-1")
    sel_slope: float = 18.0                     # -, slope of the length selectivity sigmoid
    sel_pos_scale: float = 1.0                  # -, scale of the selectivity position
    sel_pos: np.ndarray = eqx.field(default_factory=lambda: np.array([1.0, 0.5, 0.25]))  # x m_alpha
    effort_freeze_step: float = float("inf")    # step index from which effort stays constant


def at_step(x, step):
    """Value of a scalar-or-series parameter at ``step`` (series: last value held)."""
    x = jnp.asarray(x)
    if x.ndim == 0:
        return x
    return x[jnp.clip(step, 0, x.shape[0] - 1)]


def selectivity(fishing: FishingParams, grid, dtype):
    """Length-based sigmoid S(m) = [1 + (L/L50)^(-sel_slope)]^-1, L = (m/0.01)^(1/3), (3, 50).

    L50 is the length at m50 = sel_pos_scale sel_pos_g m_alpha,g (Carozza 2017 Eq. 6).
    """
    length = (jnp.asarray(grid.mass, dtype) / 0.01) ** (1.0 / 3.0)
    m50 = fishing.sel_pos_scale * jnp.asarray(fishing.sel_pos, dtype)[:, None] * jnp.asarray(grid.malpha_col, dtype)
    l50 = (m50 / 0.01) ** (1.0 / 3.0)
    return 1.0 / (1.0 + (length / l50) ** (-fishing.sel_slope))


def harvest_and_effort(b_star, effort, step, fishing: FishingParams, grid, dt, eps):
    """Open-access harvest and effort update, in the order of the MATLAB code.

    Args: b_star biomass after the ecological step [mmolC m-2 g-1] (..., 3, 50); effort E
    [W m-2] (..., 3); step index; dt [s]; eps the regulariser.
    Returns (harvest H [mmolC m-2 g-1 s-1] (..., 3, 50), new effort, revenue, cost [$ m-2 s-1],
    catch sum_k H dm [mmolC m-2 s-1], per group).

    H = min(B*/dt, q (E+eps) S B*) (clipped >= 0); C = c (E+eps); dE/dt = k_e (R - C)/(E + eps),
    evaluated as k_e (p sum_k dm B* min(1/(dt (E+eps)), q S) - c), the same quantity written so
    that it stays finite when eps underflows (float32). That one class sum also gives the catch,
    sum_k H dm = (E+eps) sum_k dm B* min(1/(dt (E+eps)), q S), and the revenue R = p x catch:
    one pass over the spectrum instead of three.
    """
    dtype = b_star.dtype
    on = fishing.enabled
    q = at_step(fishing.catchability, step)
    price = at_step(fishing.price, step)
    cost = at_step(fishing.cost, step)
    sel = selectivity(fishing, grid, dtype)
    dm = jnp.asarray(grid.dmass, dtype)
    e_eps = (effort + eps)[..., None]
    harvest = on * jnp.maximum(jnp.minimum(b_star / dt, q * e_eps * sel * b_star), 0.0)
    per_effort = class_sum(jnp.minimum(1.0 / (dt * e_eps), q * sel) * b_star * dm)
    catch = on * (effort + eps) * per_effort
    d_effort = on * fishing.k_e * (price * per_effort - cost)
    frozen = step >= fishing.effort_freeze_step
    new_effort = jnp.where(frozen, effort, jnp.maximum(effort + dt * d_effort, 0.0))
    return harvest, new_effort, price * catch, on * cost * (effort + eps), catch
