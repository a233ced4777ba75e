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

xarray at the edge (``jaxocean.io.labelled``): ``source_from_injection``, ``steady_state``,
``transient``, ``sequestration_origin``, ``carbon_gtc``, ``export_gtc_per_year``,
``sequestration_time`` and ``ConservativeRegrid.density`` / ``mean`` / ``mass`` also take
DataArrays with a ``units`` attribute (carbon: mol and g convert with the molar mass of C),
converted to the units above, and return labelled DataArrays: box vectors on a ``box`` axis
with ``lat``/``lon``/``depth`` coordinates (``op.to_dataarray`` maps any box vector to a
(lat, lon, depth) field, e.g. ``mean_first_passage_time``), a DataArray in the wrong units
or without one raises ``InputError`` naming the argument. ``load_f100(path, labelled=True)``
returns the F100 field as a DataArray.
"""

from jaxocean.core.units import MOLAR_MASS_C
from jaxocean.io.labelled import labelled
from jaxocean.transport import first_passage as _fp
from jaxocean.transport import sequestration as _seq
from jaxocean.transport.first_passage import Origin, fraction_remaining, mean_first_passage_time
from jaxocean.transport.idealized import (OCIM_LIKE_24_INTERFACES, idealized_basin,
                                          idealized_circulation)
from jaxocean.transport.ocim import read_ocim, write_ocim
from jaxocean.transport.operator import TransportOperator
from jaxocean.transport.sequestration import (SequestrationModel, check_source, column_total,
                                              inventory)
from jaxocean.transport.siegel import (compare_profiles, depth_profile, fraction_stored_field,
                                       load_f100)
from jaxocean.transport.solvers import IterativeSolver, LinearSolver, SparseLU, TridiagonalSolver
from jaxocean.transport.ventilated import (VentilationParams, f100_circulation, load_fitted,
                                           ventilated_circulation, ventilated_model)

# the public entry points also take xarray DataArrays with units (jaxocean.io.labelled)
_op_boxes = {"box": lambda a: a["operator"].box_coords()}
_model_boxes = {"box": lambda a: a["model"].operator.box_coords()}
_CONC = ("concentration", "mg m-3", "concentration of sequestered (injected) carbon")
source_from_injection = labelled(
    {"injection_3d": "mg m-2 d-1"}, ("source", "mg m-3 yr-1", "carbon source from the injected flux"),
    molar_mass=MOLAR_MASS_C, core_dims={"injection_3d": 3}, extra_dims=_op_boxes)(_seq.source_from_injection)
steady_state = labelled({"source": "mg m-3 yr-1"}, _CONC, molar_mass=MOLAR_MASS_C, core_dims={"source": 1},
                        extra_dims=_model_boxes)(_seq.steady_state)
transient = labelled({"sources": "mg m-3 yr-1", "c0": "mg m-3"}, _CONC, molar_mass=MOLAR_MASS_C,
                     core_dims={"sources": 1, "c0": 1}, extra_dims=_model_boxes)(_seq.transient)
carbon_gtc = labelled({"c_mg_m3": "mg m-3"}, ("c_seq", "Gt", "sequestered carbon (C_seq)"),
                      molar_mass=MOLAR_MASS_C, core_dims={"c_mg_m3": 1})(_seq.carbon_gtc)
export_gtc_per_year = labelled({"flux_mg_m2_d": "mg m-2 d-1"}, ("export", "Gt yr-1", "globally integrated export"),
                               molar_mass=MOLAR_MASS_C, core_dims={"flux_mg_m2_d": 2})(_seq.export_gtc_per_year)
sequestration_time = labelled({"c_seq_gtc": "Gt", "export_gtc_yr": "Gt yr-1"},
                              ("sequestration_time", "yr", "time of sequestration C_seq / export"),
                              molar_mass=MOLAR_MASS_C)(_seq.sequestration_time)
sequestration_origin = labelled(
    {"source": "mg m-3 yr-1"}, {"per_box": ("mg", "origin of sequestered carbon per box (V s tau)"),
                                "column": ("mg", "origin of sequestered carbon per water column")},
    molar_mass=MOLAR_MASS_C, core_dims={"source": 1},
    extra_dims={"per_box": _model_boxes,
                "column": {d: (lambda a, d=d: {d: a["model"].operator.grid_coords(False)[d]})
                           for d in ("lat", "lon")}})(_fp.sequestration_origin)

__all__ = [
    "TransportOperator", "idealized_basin", "idealized_circulation", "OCIM_LIKE_24_INTERFACES",
    "read_ocim", "write_ocim", "SequestrationModel", "SparseLU", "IterativeSolver", "LinearSolver",
    "source_from_injection", "steady_state", "transient", "inventory", "carbon_gtc",
    "export_gtc_per_year", "sequestration_time", "column_total", "check_source",
    "mean_first_passage_time", "fraction_remaining", "sequestration_origin", "Origin",
    "fraction_stored_field", "load_f100", "depth_profile", "compare_profiles", "TridiagonalSolver",
    "VentilationParams", "ventilated_circulation", "ventilated_model", "f100_circulation", "load_fitted",
]
