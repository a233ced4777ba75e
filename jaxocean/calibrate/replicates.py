"""Replicate fits for twin experiments: many noisy data sets fitted in one jitted vmap.

``fit_replicates`` refits the problem to each row of ``values`` (replicate observation
sets, e.g. truth + noise) and computes the Laplace approximation of each; ``coverage`` gives
the fraction of replicates whose reported interval contains the truth.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp

from jaxocean.calibrate.fit import FitResult, _options, _run
from jaxocean.calibrate.laplace import Laplace, laplace
from jaxocean.calibrate.loss import Problem


@eqx.filter_jit
def _replicates_jit(problem, values, u0, options, scale_by_misfit):
    def one(y):
        p = eqx.tree_at(lambda q: q.obs.values, problem, y)
        res = _run(p, u0, **dict(options))
        return res, laplace(p, res.u, scale_by_misfit=scale_by_misfit)

    return jax.vmap(one)(values)


def fit_replicates(problem: Problem, values, u0=None, *, scale_by_misfit: bool = False,
                   method: str = "lbfgs", learning_rate: float = 0.05, max_steps: int = 200,
                   rtol: float = 1e-10, gtol: float = 1e-8, patience: int = 20
                   ) -> tuple[FitResult, Laplace]:
    """Fit every replicate ``values[k]`` (same shape as ``problem.obs.values``) from ``u0``."""
    u0 = problem.free.initial() if u0 is None else jnp.asarray(u0, float)
    return _replicates_jit(problem, jnp.asarray(values), u0,
                           _options(method, learning_rate, max_steps, rtol, gtol, patience),
                           scale_by_misfit)


def coverage(lap: Laplace, truth, *, n_sigma: float = 2.0, symmetric: bool = True):
    """Fraction of replicates (per parameter) whose interval contains ``truth`` (physical).

    ``symmetric``: theta +- n_sigma se (delta method); else the transformed interval
    [ci_low, ci_high] that ``laplace`` reports (computed there with its own n_sigma).
    """
    truth = jnp.asarray(truth, float)
    if symmetric:
        inside = jnp.abs(lap.theta - truth) <= n_sigma * lap.se
    else:
        inside = (lap.ci_low <= truth) & (truth <= lap.ci_high)
    return jnp.mean(inside.astype(lap.theta.dtype), axis=0)
