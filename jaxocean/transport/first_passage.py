"""Where injected carbon leaves the ocean, and when: adjoint (surface-exit) diagnostics.

With the surface held at C = 0, carbon injected in interior box j returns to the atmosphere
when it first reaches the surface layer. Adjoint (Primeau 2005, JPO 35:545; Siegel et al. 2021,
ERL 16:104003) quantities per box, all from transpose solves with the model's factorizations:

* mean first-passage (sequestration) time tau_j = [(-A)^-T V]_j / V_j  (yr),
* fraction of an injection still stored after t years f_j(t) = [exp(A^T t) V]_j / V_j,
  integrated with the same backward-Euler steps as the forward model (Siegel's F100 is f(100)),
* sequestration origin: injection x tau per box (seed 002; its column sum maps where the
  sequestered carbon comes from, and its global sum equals the steady-state inventory).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from jaxocean.core.validate import InputError
from jaxocean.transport.sequestration import SequestrationModel, column_total


def mean_first_passage_time(model: SequestrationModel):
    """(n,) mean time (yr) until carbon injected in each box first reaches the surface (0 there)."""
    v = jnp.asarray(model.operator.volume)[model.interior]
    return model.scatter(model.steady_solver.solve_transpose(v) / v)


def fraction_remaining(model: SequestrationModel, years):
    """f_j(t) for t = dt, 2 dt, ..., years: (n_steps, n) fraction of a pulse at j still stored.

    Backward Euler on the adjoint with the model's (I - dt A) factorization, dt = ``model.dt``
    (rebuild the model for another step). Surface boxes give 0.
    """
    if jnp.ndim(years) != 0:
        raise InputError(f"years: expected one duration in years, got shape {jnp.shape(years)}")
    n_steps = int(round(float(years) / model.dt))
    if n_steps < 1:
        raise InputError(f"years: {years} is shorter than one step of the model (dt = {model.dt} yr)")
    v = jnp.asarray(model.operator.volume)[model.interior]

    def step(y, _):
        y_new = model.step_solver.solve_transpose(y)
        return y_new, y_new / v

    _, f = jax.lax.scan(step, v, None, length=n_steps)
    return model.scatter(f)


class Origin(NamedTuple):
    per_box: jax.Array       # (..., n) V s tau per box [amount]
    column: jax.Array        # (..., ny, nx) its column sums [amount], 0 on land


def sequestration_origin(model: SequestrationModel, source, tau=None) -> Origin:
    """Origin of sequestered carbon: per box V s tau (..., n) and its column map (..., ny, nx).

    ``source`` (..., n) in [amount] m-3 yr-1; the result is in [amount] (e.g. mg C) and sums to
    the steady-state inventory of that source. ``tau``: ``mean_first_passage_time(model)`` if
    already computed (one transpose solve saved per call).
    """
    op = model.operator
    op.check_boxes("source", source)
    tau = mean_first_passage_time(model) if tau is None else jnp.asarray(tau)
    per_box = jnp.asarray(source) * jnp.asarray(op.volume) * tau
    return Origin(per_box, column_total(op, per_box))
