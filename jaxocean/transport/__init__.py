"""Transport-matrix sequestration of injected carbon (seed 002 Eq. 28; Primeau 2005; Siegel 2021).

    from jaxocean.transport import (TransportOperator, idealized_basin, idealized_circulation,
                                    read_ocim, write_ocim, SequestrationModel, SparseLU,
                                    IterativeSolver, source_from_injection, steady_state, transient,
                                    carbon_gtc, export_gtc_per_year, sequestration_time,
                                    mean_first_passage_time, fraction_remaining,
                                    sequestration_origin, fraction_stored_field, load_f100)

    op = read_ocim("OCIM2_CTL_He.mat")            # or idealized_basin(18, 36) (labelled idealized),
                                                  # or f100_circulation(lat, lon, ocean) (F100-fitted)
    model = SequestrationModel.build(op, dt=1.0)  # factorizes -A and I - dt A once (host SuperLU)
    s = source_from_injection(op, inj_3d)         # (ny, nx, nz) mg C m-2 d-1 -> (n,) mg C m-3 yr-1
    c = steady_state(model, s)                    # (n,) mg C m-3, C = 0 in the surface layer
    c_seq = carbon_gtc(op, c)                     # GtC; jax.grad works through the solve (adjoint)
    cs = transient(model, s_years)                # (nt, n) backward Euler from steady(s_years[0])
    tau = mean_first_passage_time(model)          # (n,) yr to first surface contact
    f100 = fraction_remaining(model, 100)[-1]     # (n,) fraction stored after 100 yr

Vectors are over wet boxes in OCIM order (``op.from_field`` / ``op.to_field`` convert).
Solvers implement ``LinearSolver`` (``solve``/``solve_transpose``), so ``solver=IterativeSolver``
swaps in a JAX Krylov solve (GPU) for the host LU.
"""

from jaxocean.transport.first_passage import (fraction_remaining, mean_first_passage_time,
                                              sequestration_origin)
from jaxocean.transport.idealized import (OCIM_LIKE_24_INTERFACES, idealized_basin,
                                          idealized_circulation)
from jaxocean.transport.ocim import read_ocim, write_ocim
from jaxocean.transport.operator import TransportOperator
from jaxocean.transport.sequestration import (SequestrationModel, carbon_gtc, check_source,
                                              column_total, export_gtc_per_year, inventory,
                                              sequestration_time, source_from_injection,
                                              steady_state, transient)
from jaxocean.transport.siegel import (compare_profiles, depth_profile, fraction_stored_field,
                                       load_f100)
from jaxocean.transport.solvers import IterativeSolver, LinearSolver, SparseLU, TridiagonalSolver
from jaxocean.transport.ventilated import (VentilationParams, f100_circulation, load_fitted,
                                           ventilated_circulation, ventilated_model)

__all__ = [
    "TransportOperator", "idealized_basin", "idealized_circulation", "OCIM_LIKE_24_INTERFACES",
    "read_ocim", "write_ocim", "SequestrationModel", "SparseLU", "IterativeSolver", "LinearSolver",
    "source_from_injection", "steady_state", "transient", "inventory", "carbon_gtc",
    "export_gtc_per_year", "sequestration_time", "column_total", "check_source",
    "mean_first_passage_time", "fraction_remaining", "sequestration_origin",
    "fraction_stored_field", "load_f100", "depth_profile", "compare_profiles", "TridiagonalSolver",
    "VentilationParams", "ventilated_circulation", "ventilated_model", "f100_circulation", "load_fitted",
]
