"""Jitted gradient fits of a calibration Problem: Adam or L-BFGS, early stopping, restarts.

The whole optimisation is one ``lax.while_loop`` (no host syncs between steps): it stops
when the gradient norm falls below ``gtol`` or the best loss has not improved by more than
``rtol`` (relative) for ``patience`` steps. The loop returns the best iterate seen and a
fixed-length history (NaN after the stop), so fits vmap over initial guesses (restarts) and
over replicate observation sets.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import optax

from jaxocean.calibrate.loss import Problem
from jaxocean.core.progress import Progress


class FitResult(eqx.Module):
    """Outcome of one fit (leaves gain a leading axis when fits are vmapped)."""

    u: jax.Array              # best unconstrained parameters
    theta: jax.Array          # best physical parameters (flat, ``free.labels`` order)
    loss: jax.Array           # loss at the best iterate
    grad_norm: jax.Array      # |d loss / d u| at the last evaluated iterate
    n_steps: jax.Array        # optimiser steps taken
    converged: jax.Array      # stopped by a tolerance (not by max_steps or a non-finite loss)
    loss_history: jax.Array   # (max_steps,) loss per step, NaN after the stop
    theta_history: jax.Array  # (max_steps, n) physical parameters per step


def optimizer(method: str, learning_rate: float) -> optax.GradientTransformation:
    """"adam" (robust far from the optimum) or "lbfgs" (quasi-Newton with a zoom line search)."""
    if method == "adam":
        return optax.adam(learning_rate)
    if method == "lbfgs":
        return optax.lbfgs()
    raise ValueError(f"unknown method {method!r}; choose 'adam' or 'lbfgs'")


_BARS: list = []       # the bar of the fit in progress (host side; see fit(progress=True))


def _tick(step, value):
    if _BARS:
        _BARS[-1].advance(int(step), f"loss {float(value):.6g}")


def _run(problem: Problem, u0, method, learning_rate, max_steps, rtol, gtol, patience, progress=False):
    opt = optimizer(method, learning_rate)
    loss = problem.loss
    value_and_grad = (optax.value_and_grad_from_state(loss) if method == "lbfgs"
                      else lambda u, state: jax.value_and_grad(loss)(u))
    u0 = jnp.asarray(u0, float)
    inf = jnp.full((), jnp.inf, u0.dtype)
    init = dict(u=u0, state=opt.init(u0), step=jnp.zeros((), int), best_u=u0, best=inf,
                stall=jnp.zeros((), int), gnorm=inf, done=jnp.zeros((), bool), failed=jnp.zeros((), bool),
                hist_loss=jnp.full((max_steps,), jnp.nan), hist_theta=jnp.full((max_steps, u0.size), jnp.nan))

    def body(c):
        value, grad = value_and_grad(c["u"], state=c["state"])
        gnorm = jnp.linalg.norm(grad)
        improved = value < c["best"] - rtol * jnp.abs(c["best"])
        better = value < c["best"]
        best_u = jnp.where(better, c["u"], c["best_u"])
        best = jnp.where(better, value, c["best"])
        stall = jnp.where(improved, 0, c["stall"] + 1)
        if method == "lbfgs":
            updates, state = opt.update(grad, c["state"], c["u"], value=value, grad=grad, value_fn=loss)
        else:
            updates, state = opt.update(grad, c["state"], c["u"])
        i = c["step"]
        if progress:
            jax.debug.callback(_tick, i, value)
        return dict(u=optax.apply_updates(c["u"], updates), state=state, step=i + 1, best_u=best_u,
                    best=best, stall=stall, gnorm=gnorm,
                    done=(gnorm < gtol) | (stall >= patience) | ~jnp.isfinite(value),
                    failed=~jnp.isfinite(value),
                    hist_loss=c["hist_loss"].at[i].set(value),
                    hist_theta=c["hist_theta"].at[i].set(problem.free.physical(c["u"])))

    c = jax.lax.while_loop(lambda c: ~c["done"] & (c["step"] < max_steps), body, init)
    return FitResult(u=c["best_u"], theta=problem.free.physical(c["best_u"]), loss=c["best"],
                     grad_norm=c["gnorm"], n_steps=c["step"], converged=c["done"] & ~c["failed"],
                     loss_history=c["hist_loss"], theta_history=c["hist_theta"])


_STATIC = ("method", "learning_rate", "max_steps", "rtol", "gtol", "patience")


@eqx.filter_jit
def _fit_jit(problem, u0, options):
    return _run(problem, u0, **dict(options))


def _options(method, learning_rate, max_steps, rtol, gtol, patience):
    return tuple(zip(_STATIC, (method, float(learning_rate), int(max_steps), float(rtol), float(gtol),
                               int(patience))))


def fit(problem: Problem, u0=None, *, method: str = "lbfgs", learning_rate: float = 0.05,
        max_steps: int = 500, rtol: float = 1e-10, gtol: float = 1e-8, patience: int = 20,
        progress: bool = False) -> FitResult:
    """Minimise ``problem.loss`` from ``u0`` (default: the template's free values), jitted.

    ``learning_rate`` is used by Adam only (steps are in unconstrained units, so 0.05 means
    about 5 % per step for log-transformed parameters). ``progress=True`` shows a bar over the
    optimiser steps with the current loss (a host callback per step; same result).
    """
    u0 = problem.free.initial() if u0 is None else jnp.asarray(u0, float)
    options = _options(method, learning_rate, max_steps, rtol, gtol, patience)
    if not progress:
        return _fit_jit(problem, u0, options)
    bar = Progress("fit", unit="step")
    bar.start(0, max_steps)
    _BARS.append(bar)
    try:
        result = jax.block_until_ready(_fit_jit(problem, u0, options + (("progress", True),)))
        jax.effects_barrier()
    finally:
        _BARS.pop()
        bar.close(stopped_early=True)
    return result


class Restarts(eqx.Module):
    """Batched restarts: every fit, the best one and the spread of the near-best ones."""

    fits: FitResult            # leaves with a leading (n_restarts,) axis
    best: FitResult
    best_index: jax.Array
    spread: jax.Array          # std of theta across restarts within ``delta_loss`` of the best
    n_near_best: jax.Array     # how many restarts reached the best loss (within delta_loss)


@eqx.filter_jit
def _restarts_jit(problem, u0s, options, delta_loss):
    fits = jax.vmap(lambda u0: _run(problem, u0, **dict(options)))(u0s)
    loss = jnp.where(jnp.isfinite(fits.loss), fits.loss, jnp.inf)
    k = jnp.argmin(loss)
    best = jax.tree_util.tree_map(lambda x: x[k], fits)
    near = loss <= loss[k] + delta_loss
    w = near / jnp.sum(near)
    mean = jnp.sum(w[:, None] * fits.theta, axis=0)
    spread = jnp.sqrt(jnp.sum(w[:, None] * (fits.theta - mean) ** 2, axis=0))
    return Restarts(fits, best, k, spread, jnp.sum(near))


def fit_restarts(problem: Problem, key, n_restarts: int = 8, *, scale: float = 1.0, u0=None,
                 delta_loss: float = 0.5, method: str = "lbfgs", learning_rate: float = 0.05,
                 max_steps: int = 500, rtol: float = 1e-10, gtol: float = 1e-8, patience: int = 20
                 ) -> Restarts:
    """vmap the fit over ``n_restarts`` initial guesses ``u0 + scale * N(0, 1)`` (unconstrained).

    The first restart starts at ``u0`` itself. ``delta_loss`` (loss units; 0.5 is one sigma
    for a single parameter) decides which restarts count as reaching the best optimum.
    """
    u0 = problem.free.initial() if u0 is None else jnp.asarray(u0, float)
    noise = scale * jax.random.normal(key, (n_restarts, u0.size), u0.dtype)
    u0s = u0 + noise.at[0].set(0.0)
    return _restarts_jit(problem, u0s, _options(method, learning_rate, max_steps, rtol, gtol, patience),
                         float(delta_loss))
