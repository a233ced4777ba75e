"""Export and sequestration chain of the ensemble (seed 002, Eqs. 25-28).

Annual carcass and fecal-pellet fluxes at 75 m (BOATS grid) -> conservative regridding onto
the circulation's horizontal grid (:mod:`jaxocean.transport.regrid`: global export identical
before and after; flux over the circulation's land goes to the nearest wet column and is
reported) -> attenuation with depth and injection into the circulation's own wet layers
(:mod:`jaxocean.export`, Q10 exponential profiles, W_sink 1150 / 787 m d-1; what reaches the
floor is remineralised in the column's last wet layer, Eq. 27) -> sequestered carbon in the
transport-matrix ocean (:mod:`jaxocean.transport`): steady states of the first and last years,
and a transient backward-Euler run with yearly changing injection started from the first
year's steady state; C_seq [GtC], export [GtC yr-1], sequestration time = C_seq / export [yr],
and the sequestration-origin map (injection x mean first-passage time) used for the KMCA.

Circulations: by default the F100-CONSTRAINED ventilated-column operator
(``transport.ventilated``: fitted to the Siegel et al. 2021 OCIM2-48L F100, parameters embedded
in ``jaxocean/data``; OCIM2-48L layers and column depths) on the ensemble grid block-averaged by
``factor``; ``[transport] circulation = "idealized"``: the IDEALIZED built-in operator
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
from jaxocean.export.temperature import (T_DEEP_DEGC, idealized_thermocline,
                                         thermocline_decay)
from jaxocean.ensemble.climatology import block_mean
from jaxocean.transport.regrid import ConservativeRegrid, conservative_regrid
from jaxocean.transport.sequestration import MG_PER_GT

DEPTH_M = 4000.0


@dataclass(frozen=True)
class TransportGrid:
    operator: transport.TransportOperator
    model: transport.SequestrationModel
    ocean: np.ndarray             # (ny, nx) wet columns of the circulation
    tau: np.ndarray               # (n,) mean first-passage time [yr]
    regrid: ConservativeRegrid    # ensemble grid -> circulation grid
    label: str                    # provenance for the outputs' attrs


def transport_grid(op: transport.TransportOperator, lat, lon, area, label: str) -> TransportGrid:
    """Factorize ``op`` and map the ensemble grid (lat, lon, cell areas [m2]) onto it."""
    model = transport.SequestrationModel.build(op, dt=1.0)
    ocean = op.n_wet_layers > 0
    rg = conservative_regrid(lat, lon, area, op.lat, op.lon, op.area, ocean)
    return TransportGrid(op, model, ocean, np.asarray(transport.mean_first_passage_time(model)), rg, label)


def coarse_grid(lat, lon, ocean, factor: int):
    """The ensemble grid block-averaged by ``factor``: lat, lon and ocean (>= half ocean)."""
    ocean_c = block_mean(ocean.astype(float), np.ones_like(ocean, bool), factor) >= 0.5
    return lat.reshape(-1, factor).mean(1), lon.reshape(-1, factor).mean(1), ocean_c


def f100_transport(lat, lon, ocean, area, factor: int = 1) -> TransportGrid:
    """F100-constrained circulation (``transport.f100_circulation``) on the ensemble grid
    block-averaged by ``factor``."""
    lat_c, lon_c, ocean_c = coarse_grid(lat, lon, ocean, factor)
    op = transport.f100_circulation(lat_c, lon_c, ocean_c)
    ny, nx, nz = op.shape3d
    return transport_grid(op, lat, lon, area, f"{op.name}: ventilated columns on a {abs(lat_c[1] - lat_c[0]):g} "
                                              f"degree grid ({ny}x{nx}x{nz}, {op.n} wet boxes)")


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


def injection_maps(tg: TransportGrid, carcass, fecal, temp_upper, profiles=None, observed=None):
    """Per-layer injection (..., ny, nx, nz) [mg C m-2 d-1] of carcasses + fecal pellets from
    flux maps at 75 m and the upper-ocean temperature, all (..., ny, nx) on the transport grid;
    each column's total equals its flux at 75 m (Eq. 27, floor flux into the last wet layer).
    ``profiles``: (carcass, fecal) profiles, default :func:`export_profiles`; ``observed``: the
    observed temperature of :func:`layer_temperature` on the transport grid."""
    z = tg.operator.z_interfaces
    env = {"temperature": layer_temperature(temp_upper, z, observed)}
    n_wet = tg.operator.n_wet_layers
    inj = 0.0
    for profile, flux in zip(profiles or export_profiles(), (carcass, fecal)):
        f = export.flux_profile(profile, jnp.nan_to_num(jnp.asarray(flux)), z, env)
        inj = inj + export.injection(f, n_wet)
    return jnp.where(jnp.asarray(tg.ocean)[..., None], inj, 0.0)


def regridded_injection(tg: TransportGrid, carcass, fecal, temp_upper, valid, profiles=None,
                        observed=None):
    """``injection_maps`` from fields (..., ny, nx) on the ENSEMBLE grid: fluxes [mg C m-2 d-1]
    regridded conservatively, temperature [degC] area-averaged over the ``valid`` (ocean) cells
    (T_deep where no ocean cell feeds a column; no flux reaches such a column). ``observed``:
    None or (t_coarse (5, ny, nx), t_upper_base (ny, nx)) on the ensemble grid, averaged alike
    (t_coarse over the cells that have it; NaN, i.e. idealized, where none feeds a column)."""
    rg = tg.regrid

    def mean(f, ok, fill):
        return rg.mean(jnp.nan_to_num(jnp.asarray(f)), ok, fill)
    if observed is not None:
        t_coarse, t_base = (np.asarray(x, float) for x in observed)
        have = np.asarray(valid, bool) & np.isfinite(t_coarse).all(axis=0)
        observed = (jnp.moveaxis(mean(t_coarse, have, jnp.nan), 0, -1), mean(t_base, valid, T_DEEP_DEGC))
    return injection_maps(tg, rg.density(jnp.nan_to_num(jnp.asarray(carcass))),
                          rg.density(jnp.nan_to_num(jnp.asarray(fecal))),
                          mean(temp_upper, valid, T_DEEP_DEGC), profiles, observed)


def member_sequestration(tg: TransportGrid, inj_years) -> dict:
    """Sequestration of one member's yearly injection (years, ny, nx, nz) [mg C m-2 d-1]."""
    op, model = tg.operator, tg.model
    src = jax.vmap(lambda i: transport.source_from_injection(op, i))(jnp.asarray(inj_years))
    c_t = transport.transient(model, src)                          # (years, n) mg C m-3
    steady = jax.vmap(lambda s: transport.steady_state(model, s))(src[jnp.array([0, -1])])
    export_gtc = jnp.sum(inj_years, axis=-1)
    export_gtc = transport.export_gtc_per_year(op, export_gtc)    # (years,)
    c_seq = transport.carbon_gtc(op, c_t)
    c_steady = transport.carbon_gtc(op, steady)
    _, origin = transport.sequestration_origin(model, src)        # (years, ny, nx) mg C
    area = jnp.asarray(op.area)
    per_layer = jnp.sum(inj_years * area[..., None], axis=(-3, -2)) * DAYS_PER_YEAR / MG_PER_GT
    return {"c_seq": c_seq, "export": export_gtc, "seq_time": c_seq / export_gtc,
            "c_seq_steady": c_steady, "seq_time_steady": c_steady / export_gtc[jnp.array([0, -1])],
            "injection_by_layer": per_layer, "origin": origin}
