"""Export and sequestration chain of the ensemble (seed 002, Eqs. 25-28).

Annual carcass and fecal-pellet fluxes at 75 m (BOATS grid) -> attenuation with depth on the
BOATS grid at the circulation's layer interfaces (:mod:`jaxocean.export`, Q10 exponential
profiles, W_sink 1150 / 787 m d-1) -> conservative regridding of the flux through every
interface onto the circulation's horizontal grid (:mod:`jaxocean.transport.regrid`: global
flux at each depth identical before and after; flux over the circulation's land goes to the
nearest wet column and is reported) -> injection into each column's wet layers (what reaches
the floor is remineralised in the column's last wet layer, Eq. 27) -> sequestered carbon in the
transport-matrix ocean (:mod:`jaxocean.transport`): steady states of the first and last years,
and a transient backward-Euler run with yearly changing injection started from the first
year's steady state; C_seq [GtC], export [GtC yr-1], sequestration time = C_seq / export [yr],
and the sequestration-origin map (injection x mean first-passage time) used for the KMCA.

Circulations: by default the F100-CONSTRAINED ventilated-column operator
(``transport.ventilated``: fitted to the Siegel et al. 2021 OCIM2-48L F100, parameters embedded
in ``jaxocean/data``) on the grid it was fitted on, OCIM2-48L (91 x 180 x 48, real bathymetry;
per-column tridiagonal solves, ``transport.ventilated.ocim2_model``): on coarser columns the
area-mean floor depth hides shelves and slopes and the export-weighted F100 of the demo
injection rises from 0.81 to 0.85 (``transport.ventilated`` docstring);
``[transport] circulation = "idealized"``: the IDEALIZED built-in operator
(``transport.idealized_circulation``), every ocean column ``depth_m`` deep (labelled as a
stand-in in the outputs); an OCIM file (``[transport] ocim``, seed 002: 2 degrees x 24 layers,
real bathymetry) read by ``transport.read_ocim``. The layer temperature of the Q10
remineralization is the OBSERVED present-day profile where the base climatology has one
(Levitus 1994 on the seed's coarse layers, ``Climatology.temp_coarse``), mapped onto the
circulation's layers (``export.temperature.coarse_to_grid``) plus the scenario's warming of the
upper ocean attenuated with depth, (T_up - T_up,base) exp(-z / z_T); elsewhere (and for bases
without observations) an IDEALIZED thermocline T(z) = T_deep + (T_up - T_deep) exp(-z / z_T)
from the forcing's annual upper-ocean temperature T_up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from jaxocean import export, transport
from jaxocean.core.grid import DAYS_PER_YEAR
from jaxocean.core.integrate import integrate
from jaxocean.export.temperature import (T_DEEP_DEGC, idealized_thermocline,
                                         thermocline_decay)
from jaxocean.ensemble.climatology import block_mean
from jaxocean.transport import ventilated
from jaxocean.transport.regrid import ConservativeRegrid, conservative_regrid
from jaxocean.transport.sequestration import MG_PER_GT

DEPTH_M = 4000.0


@dataclass(frozen=True)
class TransportGrid:
    operator: transport.TransportOperator
    model: transport.SequestrationModel
    ocean: np.ndarray             # (ny, nx) wet columns of the circulation
    tau: np.ndarray               # (n,) mean first-passage time [yr]
    f100: np.ndarray              # (n,) fraction of an injection still stored after 100 yr (F100)
    regrid: ConservativeRegrid    # ensemble grid -> circulation grid
    label: str                    # provenance for the outputs' attrs


def transport_grid(op: transport.TransportOperator, lat, lon, area, label: str,
                   model: transport.SequestrationModel | None = None) -> TransportGrid:
    """Factorize ``op`` (unless ``model``, its solvers, is given) and map the ensemble grid
    (lat, lon, cell areas [m2]) onto it."""
    model = transport.SequestrationModel.build(op, dt=1.0) if model is None else model
    ocean = op.n_wet_layers > 0
    rg = conservative_regrid(lat, lon, area, op.lat, op.lon, op.area, ocean)
    return TransportGrid(op, model, ocean, np.asarray(transport.mean_first_passage_time(model)),
                         np.asarray(transport.fraction_remaining(model, 100.0)[-1]), rg, label)


def coarse_grid(lat, lon, ocean, factor: int):
    """The ensemble grid block-averaged by ``factor``: lat, lon and ocean (>= half ocean)."""
    ocean_c = block_mean(ocean.astype(float), np.ones_like(ocean, bool), factor) >= 0.5
    return lat.reshape(-1, factor).mean(1), lon.reshape(-1, factor).mean(1), ocean_c


def f100_transport(lat, lon, area, tail_bound: bool = True) -> TransportGrid:
    """F100-constrained circulation on OCIM2-48L, the grid it was fitted on
    (``transport.ventilated.ocim2_model``, per-column tridiagonal solves); ``tail_bound``:
    the default fit (mean first-passage time bounded after DeVries & Primeau 2011), else the
    F100-only fit."""
    model = ventilated.ocim2_model(None if tail_bound else ventilated.F100_ONLY_PATH)
    op = model.operator
    ny, nx, nz = op.shape3d
    fit = (f"mean first-passage time bounded by {ventilated.TAU_MAX_YR:g} yr after DeVries & Primeau 2011" if tail_bound else
           "fitted to F100 ONLY, no bound on the mean first-passage time")
    return transport_grid(op, lat, lon, area, f"{op.name}: ventilated columns on the OCIM2-48L grid it was "
                                              f"fitted on ({ny}x{nx}x{nz}, {op.n} wet boxes, per-column "
                                              f"tridiagonal solves; {fit})", model)


def build_transport(lat, lon, ocean, area, factor: int = 1, depth_m: float = DEPTH_M) -> TransportGrid:
    """IDEALIZED circulation on the ensemble grid block-averaged by ``factor``."""
    lat_c, lon_c, ocean_c = coarse_grid(lat, lon, ocean, factor)
    z = transport.OCIM_LIKE_24_INTERFACES
    z = z[: int(np.searchsorted(z, depth_m)) + 1]
    centres = 0.5 * (z[1:] + z[:-1])
    wet = ocean_c[:, :, None] & (centres <= depth_m)[None, None, :]
    op = transport.idealized_circulation(lat_c, lon_c, z, wet,
                                         name=f"idealized circulation, {abs(lat_c[1] - lat_c[0]):g} degree")
    return transport_grid(op, lat, lon, area, f"{op.name} (IDEALIZED stand-in for OCIM), columns "
                                              f"{depth_m:g} m deep")


def ocim_transport(path, lat, lon, area, tr_units: str = "yr-1") -> TransportGrid:
    """The OCIM circulation in ``path`` (``transport.read_ocim``; TR in ``tr_units``)."""
    op = transport.read_ocim(path, tr_units=tr_units)
    ny, nx, nz = op.shape3d
    return transport_grid(op, lat, lon, area, f"{op.name}: OCIM file {Path(path).name} "
                                              f"({ny}x{nx}x{nz}, {op.n} wet boxes, TR in {tr_units})")


def layer_temperature(temp_upper, z_interfaces, observed=None):
    """Temperature on layer centres (..., nz) [degC] from the upper-ocean temperature (...).

    ``observed``: None (IDEALIZED thermocline everywhere) or (t_coarse (..., 5) observed
    temperature on ``export.temperature.COARSE_EDGES``, NaN where none; t_upper_base (...) the
    upper-ocean temperature of the base climatology): where observed, t_coarse on the layers
    plus the warming (temp_upper - t_upper_base) attenuated as exp(-z / z_T)."""
    ideal = idealized_thermocline(temp_upper, z_interfaces)
    if observed is None:
        return ideal
    t_coarse, t_base = (jnp.asarray(x) for x in observed)
    have = jnp.all(jnp.isfinite(t_coarse), axis=-1, keepdims=True)
    obs = export.coarse_to_grid(jnp.nan_to_num(t_coarse), z_interfaces)
    warming = jnp.asarray(temp_upper)[..., None] - t_base[..., None]
    return jnp.where(have, obs + warming * thermocline_decay(z_interfaces), ideal)


def export_profiles(**overrides) -> tuple:
    """(carcass, fecal-pellet) export profiles: ``export.ExponentialQ10`` with W_sink 1150 and
    787 m d-1 (seed 002); ``overrides`` (e.g. ``k1=0.5``) apply to both."""
    return (export.ExponentialQ10.carcasses(**overrides), export.ExponentialQ10.fecal_pellets(**overrides))


def regridded_injection(tg: TransportGrid, carcass, fecal, temp_upper, valid, profiles=None,
                        observed=None):
    """Per-layer injection (..., ny_t, nx_t, nz) [mg C m-2 d-1] on the transport grid from fields
    (..., ny, nx) on the ENSEMBLE grid, where the fluxes and temperatures live: carcass and fecal
    fluxes at 75 m [mg C m-2 d-1] are attenuated there on the circulation's layer interfaces
    (``profiles``, default :func:`export_profiles`; layer temperature :func:`layer_temperature`
    of ``temp_upper`` [degC], T_deep outside the ``valid`` (ocean) cells; ``observed``: None or
    (t_coarse (5, ny, nx), t_upper_base (ny, nx)) of the base); the flux through every interface is
    regridded conservatively onto the circulation's columns (global flux at each depth kept;
    what falls on its land goes to the nearest wet column), and each column remineralizes the
    flux divergence in its wet layers and what reaches its floor in its last wet layer (Eq. 27),
    so each column's total equals its regridded flux at 75 m."""
    z = tg.operator.z_interfaces
    valid = jnp.asarray(valid, bool)
    temp = jnp.where(valid, jnp.nan_to_num(jnp.asarray(temp_upper)), T_DEEP_DEGC)
    if observed is not None:
        observed = (jnp.moveaxis(jnp.asarray(observed[0]), 0, -1), jnp.nan_to_num(jnp.asarray(observed[1])))
    env = {"temperature": layer_temperature(temp, z, observed)}
    flux = sum(export.flux_profile(p, jnp.nan_to_num(jnp.asarray(f)), z, env)
               for p, f in zip(profiles or export_profiles(), (carcass, fecal)))      # (..., ny, nx, nz+1)
    flux_t = jnp.moveaxis(tg.regrid.density(jnp.moveaxis(flux, -1, -3)), -3, -1)
    inj = export.injection(flux_t, tg.operator.n_wet_layers)
    return jnp.where(jnp.asarray(tg.ocean)[..., None], inj, 0.0)


def member_sequestration(tg: TransportGrid, injection_of, inputs) -> dict:
    """Sequestration of one member, one year at a time: ``injection_of(x)`` is the per-layer
    injection (ny, nx, nz) [mg C m-2 d-1] of each year's slice ``x`` of ``inputs`` (a pytree
    with a leading years axis, e.g. the flux maps of ``regridded_injection``), so memory holds
    one year's 3-D injection, not the run's. Steady states of the first and last years; the
    transient (backward Euler, ``transport.transient``) starts from the first one."""
    op, model = tg.operator, tg.model
    tau, area = jnp.asarray(tg.tau), jnp.asarray(op.area)
    floor = jnp.arange(op.shape3d[2]) == jnp.asarray(op.n_wet_layers)[..., None] - 1    # last wet layer
    f100_volume = jnp.asarray(tg.f100 * op.volume)

    def source(x):
        inj = injection_of(x)
        return inj, transport.source_from_injection(op, inj)

    ends = [source(jax.tree_util.tree_map(lambda a: a[i], inputs))[1] for i in (0, -1)]
    steady = transport.steady_state(model, jnp.stack(ends))

    def year(c, x, _params, _dt):
        inj, src = source(x)
        c_new = transport.transient(model, src[None], c0=c)[0]
        per_layer = jnp.sum(inj * area[..., None], axis=(0, 1)) * DAYS_PER_YEAR / MG_PER_GT
        export_gtc = transport.export_gtc_per_year(op, jnp.sum(inj, -1))
        return c_new, (transport.carbon_gtc(op, c_new), export_gtc, per_layer,
                       transport.export_gtc_per_year(op, jnp.sum(jnp.where(floor, inj, 0.0), -1)),
                       src @ f100_volume / (src @ jnp.asarray(op.volume)),
                       transport.sequestration_origin(model, src, tau)[1])

    _, (c_seq, export_gtc, per_layer, at_floor, f100, origin) = integrate(year, steady[0], inputs, None, model.dt)
    c_steady = transport.carbon_gtc(op, steady)
    return {"c_seq": c_seq, "export": export_gtc, "seq_time": c_seq / export_gtc,
            "c_seq_steady": c_steady, "seq_time_steady": c_steady / export_gtc[jnp.array([0, -1])],
            "injection_by_layer": per_layer, "injection_at_floor": at_floor, "f100_export": f100,
            "origin": origin}
