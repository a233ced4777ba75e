"""The one time-stepping driver every jaxocean model uses (a ``jax.lax.scan``).

A model supplies a pure step function ``step(state, forcing, params, dt) -> (state, diag)``.
``forcing_seq`` is a pytree whose leaves have a leading time axis (one entry per step);
``diag`` is any pytree of per-step diagnostics (``None`` for none). Everything is a pytree,
so ``integrate`` jits, vmaps (members, cells, parameter sets) and differentiates as a whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax

StepFn = Callable[[Any, Any, Any, Any], tuple[Any, Any]]


def integrate(step: StepFn, state0, forcing_seq, params, dt, *,
              save: Callable[[Any, Any], Any] | None = None, checkpoint: bool = False):
    """Run ``step`` over the leading axis of ``forcing_seq``.

    Args:
      step: pure ``(state, forcing_t, params, dt) -> (new_state, diagnostics)``.
      state0: initial state pytree.
      forcing_seq: pytree of arrays with a leading time axis.
      params: parameter pytree (e.g. an ``equinox.Module``), closed over by every step.
      dt: time step (scalar, the model's units).
      save: optional ``(new_state, diagnostics) -> output`` selecting what to stack per step;
        by default the diagnostics are stacked.
      checkpoint: rematerialise each step in the backward pass (``jax.checkpoint``) so that
        gradients through long runs need memory for the carry only, not every step.

    Returns:
      ``(final_state, outputs)``, outputs stacked along a new leading time axis.
    """

    def body(state, forcing_t):
        new_state, diag = step(state, forcing_t, params, dt)
        out = diag if save is None else save(new_state, diag)
        return new_state, out

    if checkpoint:
        body = jax.checkpoint(body)
    return jax.lax.scan(body, state0, forcing_seq)
