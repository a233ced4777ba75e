"""Sequestration of injected DIC in a transport-matrix ocean (seed 002, Eq. 28).

dC/dt = T C + C_inj with C = 0 in the surface layer (instant air-sea equilibration): the
unknowns are the interior boxes, A = T restricted to them. Steady state: -A C = s. Transient:
backward Euler with yearly steps, (I - dt A) C_{n+1} = C_n + dt s_{n+1}, started from the steady
state of the first year (seed 002). Both factorizations are computed once in ``SequestrationModel``
and reused by every step and by the adjoint (gradients are transpose solves).

Units: sources in [amount] m-3 yr-1 give concentrations in [amount] m-3. The BOATS chain uses
mg C: ``source_from_injection`` turns per-layer injection (mg C m-2 d-1, ``jaxocean.export``)
into mg C m-3 yr-1, and ``carbon_gtc`` integrates mg C m-3 over volume to GtC (1 Gt = 1e18 mg).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp

from jaxocean.core.grid import DAYS_PER_YEAR
from jaxocean.core.integrate import integrate
from jaxocean.core.validate import InputError, check_finite, check_last_axis, input_errors, raise_if
from jaxocean.transport.operator import TransportOperator
from jaxocean.transport.solvers import LinearSolver, SparseLU

MG_PER_GT = 1e18


@dataclass(frozen=True, eq=False)
class SequestrationModel:
    """An operator with its factorized steady (-A) and backward-Euler (I - dt A) solvers."""

    operator: TransportOperator
    steady_solver: LinearSolver
    step_solver: LinearSolver
    dt: float

    @classmethod
    def build(cls, operator: TransportOperator, dt: float = 1.0, solver=SparseLU) -> "SequestrationModel":
        """Factorize once; ``solver`` is any ``LinearSolver`` class (SparseLU, IterativeSolver)."""
        a = operator.interior_matrix()
        eye = sp.identity(a.shape[0], format="csc")
        return cls(operator, solver(-a), solver((eye - dt * a).tocsc()), float(dt))

    @property
    def interior(self):
        return jnp.asarray(self.operator.interior)

    def scatter(self, c_interior):
        """(..., n_interior) -> (..., n) with zeros in the surface boxes."""
        c = jnp.asarray(c_interior)
        n_int = self.operator.interior.size
        check_last_axis("c_interior", c, n_int, f"the operator's {n_int} interior boxes")
        return jnp.zeros(c.shape[:-1] + (self.operator.n,), c.dtype).at[..., self.interior].set(c)


def source_from_injection(operator: TransportOperator, injection_3d):
    """Per-layer injection (..., ny, nx, nz) in mg C m-2 d-1 -> source (..., n) in mg C m-3 yr-1."""
    dz = jnp.asarray(operator.dz)
    return operator.from_field(injection_3d) / dz * DAYS_PER_YEAR


@input_errors
def steady_state(model: SequestrationModel, source):
    """Steady C (..., n) for a constant source (..., n): -A C = s, C = 0 at the surface."""
    source = jnp.asarray(source)
    model.operator.check_boxes("source", source)
    _check_finite_source("source", source)
    s = source[..., model.interior]
    return model.scatter(model.steady_solver.solve(s))


def _check_finite_source(name, source):
    """A NaN or inf source would come back as a finite (or zero) carbon field from some solvers:
    refuse it, also under jit (``core.validate.raise_if``)."""
    raise_if(~jnp.isfinite(source), name + ": non-finite value {} (expected a finite source per box)", source)


@input_errors
def transient(model: SequestrationModel, sources, c0=None):
    """Backward-Euler run over yearly ``sources`` (nt, n); returns C after each step (nt, n).

    ``c0`` (n,) defaults to the steady state of ``sources[0]`` (seed 002: pre-industrial 1950
    baseline), so the first saved state is that steady state when sources[0] repeats.
    """
    sources = jnp.asarray(sources)
    if sources.ndim < 2:
        raise InputError(f"sources: expected (time, ..., {model.operator.n} boxes), got shape {sources.shape}")
    model.operator.check_boxes("sources", sources)
    _check_finite_source("sources", sources)
    if c0 is not None:
        model.operator.check_boxes("c0", c0)
    idx = model.interior
    start = steady_state(model, sources[0]) if c0 is None else jnp.asarray(c0)

    def step(c, s_t, params, dt):
        c_new = model.step_solver.solve(c + dt * s_t[idx])
        return c_new, c_new

    _, cs = integrate(step, start[idx], sources, None, model.dt)
    return model.scatter(cs)


def inventory(operator: TransportOperator, c):
    """Volume integral sum_i V_i C_i (..., n) -> (...) [amount]."""
    operator.check_boxes("c", c)
    return jnp.asarray(c) @ jnp.asarray(operator.volume)


def carbon_gtc(operator: TransportOperator, c_mg_m3):
    """Sequestered carbon C_seq in GtC from C in mg C m-3 (seed 002)."""
    return inventory(operator, c_mg_m3) / MG_PER_GT


def export_gtc_per_year(operator: TransportOperator, flux_mg_m2_d):
    """Global export (GtC yr-1) from a flux map (..., ny, nx) in mg C m-2 d-1 (land ignored)."""
    area = jnp.asarray(operator.area)
    if jnp.shape(flux_mg_m2_d)[-2:] != area.shape:      # static: also under jit
        raise InputError(f"flux_mg_m2_d: expected (..., lat {area.shape[0]}, lon {area.shape[1]}), got shape "
                         f"{jnp.shape(flux_mg_m2_d)}")
    return jnp.sum(jnp.asarray(flux_mg_m2_d) * area, axis=(-2, -1)) * DAYS_PER_YEAR / MG_PER_GT


def sequestration_time(c_seq_gtc, export_gtc_yr):
    """Time of sequestration (yr) = C_seq / globally integrated export (seed 002)."""
    return jnp.asarray(c_seq_gtc) / jnp.asarray(export_gtc_yr)


def column_total(operator: TransportOperator, per_box):
    """Sum a per-box amount (..., n) over each water column -> (..., ny, nx) (0 on land)."""
    return jnp.sum(operator.to_field(per_box, fill=0.0), axis=-1)


def check_source(operator: TransportOperator, source) -> np.ndarray:
    """Checked entry point for a source vector: finite, shape (..., n)."""
    s = check_finite("source", source)
    operator.check_boxes("source", s)
    return s


__all__ = ["SequestrationModel", "source_from_injection", "steady_state", "transient", "inventory",
           "carbon_gtc", "export_gtc_per_year", "sequestration_time", "column_total", "check_source"]
