"""Sediment-trap flux model for calibration: export at z0 times an export-flux profile.

For trap i at depth z_i in cell c_i (seed 000; seed 002 Eqs. 25-26 via ``jaxocean.export``):

    POC_i = s * E(c_i) * P_poc(z_i; env_i),      PIC_i = s * r * E(c_i) * P_pic(z_i; env_i)

with E the POC export at the profile's source depth (e.g. Henson et al. 2012 export at
100 m), r the PIC:POC export ratio, s an optional export-map scale, and P the flux profile
normalised to 1 at z0 (``jaxocean.export.flux_at``). Every profile parameter (Q10, k1,
W_sink, Martin b, calcite dissolution rate) and r, s can be freed by name, e.g.
``free=("poc.q10", "poc.w_sink", "pic.b", "pic_poc")``. Fluxes in mg C m-2 d-1.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.grid import cell_index
from jaxocean.core.validate import InputError, check_finite, check_nonnegative, check_shape
from jaxocean.export import ExponentialQ10, MartinCurve, flux_at
from jaxocean.export.temperature import idealized_thermocline

EXPORT_DEPTH_M = 100.0   # Henson et al. (2012) export depth


class TrapFluxParams(eqx.Module):
    """POC and PIC export profiles (any ``jaxocean.export`` profile) and the export ratios."""

    poc: Any = ExponentialQ10(z0=EXPORT_DEPTH_M)   # POC profile, source depth = export depth
    pic: Any = MartinCurve(z0=EXPORT_DEPTH_M)      # PIC profile
    pic_poc: float = 0.1                           # PIC:POC export ratio at z0 [mol C / mol C]
    export_scale: float = 1.0                      # multiplier on the export map [-]


class TrapData(eqx.Module):
    """Per-observation inputs (host-prepared with ``trap_data``)."""

    export_top: jax.Array     # (n,) POC export at z0 in the trap's cell [mg C m-2 d-1]
    depth: jax.Array          # (n,) trap depth [m]
    is_pic: jax.Array         # (n,) True for PIC, False for POC observations
    env: dict                 # layer fields (n, nz): "temperature" [degC], "omega_calcite" [-]
    z_interfaces: jax.Array   # (nz+1,) layer interfaces [m]


def predict(params: TrapFluxParams, data: TrapData):
    """Modelled flux at every observation (n,) [mg C m-2 d-1]; pure, jit/vmap/grad."""

    def one(ftop, z, is_pic, env):
        top = params.export_scale * ftop
        poc = flux_at(params.poc, top, z[None], data.z_interfaces, env)[0]
        pic = flux_at(params.pic, params.pic_poc * top, z[None], data.z_interfaces, env)[0]
        return jnp.where(is_pic, pic, poc)

    return jax.vmap(one)(data.export_top, data.depth, data.is_pic, data.env)


def trap_data(export_top, depth, is_pic, z_interfaces, env=None) -> TrapData:
    """Checked constructor: finite non-negative export, depths within the grid, env shapes."""
    export_top = check_nonnegative("export_top", export_top, "mg C m-2 d-1")
    depth = check_nonnegative("depth", depth, "m")
    n = export_top.size
    check_shape("depth", depth, (n,))
    check_shape("is_pic", is_pic, (n,))
    z = check_finite("z_interfaces", z_interfaces)
    if z.ndim != 1 or np.any(np.diff(z) <= 0):
        raise InputError("z_interfaces: must be 1-D and strictly increasing")
    env = {k: check_finite(f"env[{k!r}]", v) for k, v in (env or {}).items()}
    for k, v in env.items():
        check_shape(f"env[{k!r}]", v, (n, z.size - 1))
    return TrapData(jnp.asarray(export_top), jnp.asarray(depth), jnp.asarray(is_pic, bool),
                    {k: jnp.asarray(v) for k, v in env.items()}, jnp.asarray(z))


def nearest_cell(values, grid_lat, grid_lon, lat, lon, *, search: int = 2):
    """Value of a (nlat, nlon) map in the cell of each point (``core.grid.cell_index``); NaN
    cells are replaced by the nearest finite cell within ``search`` cells (coastal traps),
    else stay NaN."""
    i, j = cell_index(lat, lon, grid_lat, grid_lon)
    out = values[i, j].astype(float)
    nlat, nlon = values.shape
    step = np.arange(-search, search + 1)
    for k in np.flatnonzero(~np.isfinite(out)):
        ii = np.clip(i[k] + step, 0, nlat - 1)
        jj = (j[k] + step) % nlon                    # periodic in longitude
        box = values[np.ix_(ii, jj)]
        if np.isfinite(box).any():
            d = (ii[:, None] - i[k]) ** 2 + step[None, :] ** 2   # offsets, not wrapped indices
            out[k] = box[np.isfinite(box)][np.argmin(d[np.isfinite(box)])]
    return out


def exponential_thermocline(t_surface, z_interfaces, *, t_deep: float = 2.0, scale_m: float = 500.0):
    """Idealised temperature on layer mid-depths (n, nz) from the surface temperature (n,)
    (``export.temperature.idealized_thermocline``: deep water near 2 degC, e-folding depth
    500 m). Only an explicit alternative (``temperature="idealized"``) to the observed
    profiles of ``trap_inputs``."""
    return np.asarray(idealized_thermocline(np.asarray(t_surface, float), z_interfaces,
                                            t_deep=t_deep, scale_m=scale_m))


def trap_table(pic, poc, *, min_depth: float = EXPORT_DEPTH_M):
    """Stack selected PIC and POC trap rows (``jaxocean.traps.select_seed`` outputs) into one
    observation table: lat, lon, depth, layer, month (deployment midpoint, NaN if undated),
    flux [mg C m-2 d-1], is_pic, group, site.

    Keeps positive fluxes (the misfit is log-normal) from traps at or below ``min_depth``
    (the export depth; the profile says nothing above it). Rows are sorted POC first, then
    by depth, so groups ("POC 100-500m", ...) appear in depth order. The number of rows
    dropped for a zero or negative flux is in ``out.attrs["n_nonpositive_flux"]``.
    """
    import pandas as pd

    from jaxocean.traps.matchup import deployment_month

    parts, nonpositive = [], 0
    for df, col, is_pic in ((pic, "pic", True), (poc, "poc", False)):
        deep = df["trap_depth"] >= min_depth
        nonpositive += int((deep & ~(df[col] > 0)).sum())
        d = df.loc[deep & (df[col] > 0)]
        parts.append(pd.DataFrame({"lat": d["lat"].to_numpy(), "lon": d["lon"].to_numpy(),
                                   "depth": d["trap_depth"].to_numpy(float),
                                   "layer": d["layer"].astype(str).to_numpy(),
                                   "month": deployment_month(d).astype(float),
                                   "flux": d[col].to_numpy(float), "is_pic": is_pic,
                                   "site": d["site"].astype(str).to_numpy()}))
    out = pd.concat(parts, ignore_index=True).sort_values(["is_pic", "depth"], kind="stable",
                                                          ignore_index=True)
    out["group"] = np.where(out["is_pic"], "PIC ", "POC ") + out["layer"]
    out.attrs["n_nonpositive_flux"] = nonpositive
    return out


TEMPERATURE_SOURCES = {
    "levitus": "Levitus & Boyer (1994) monthly, deployment month, along the export path",
    "woa23": "WOA23 annual mean along the export path (no seasonal cycle)",
    "idealized": "idealized exponential thermocline (T_deep 2 degC, H 500 m) under the ERSSTv5 "
                 "1991-2020 SST of the deployment month",
}


class TrapInputs(NamedTuple):
    """Observation table and per-row environment ready for ``trap_problem``."""

    table: Any            # pandas DataFrame of the kept rows (export_top, sst, distances added)
    env: dict             # {"temperature", "omega_calcite"}: (n, nz) on z_interfaces
    environment: Any      # xarray Dataset of ``observations.environment_at`` for every row
    exclusions: dict      # {reason: count} of the rows dropped (never filled)
    all_rows: Any         # the input table, every row (the rows of ``environment``)


def environment_inputs(table, z_interfaces, *, products: dict, temperature: str = "levitus",
                       max_distance_km: dict | None = None, options=None) -> TrapInputs:
    """Attach the observed environment to a trap table with ``export_top`` (NaN = no export map).

    ``products``: {"levitus", "woa23", "sst"} Datasets of the ``jaxocean.observations``
    readers. Rows without an export value, outside a product's coverage (nearest wet cell
    beyond ``max_distance_km``), undated (monthly products) or without a carbonate solution are
    EXCLUDED and counted in ``exclusions``; the kept rows are finite everywhere. ``options``:
    ``CarbonateOptions`` of the Omega calcite solve (default the library's; the PIC chain passes
    ``pic_chain.RECOM_CHEMISTRY``).
    """
    from jaxocean.observations import environment_at

    if temperature not in TEMPERATURE_SOURCES:
        raise InputError(f"temperature: {temperature!r} unknown; choose from {sorted(TEMPERATURE_SOURCES)}")
    tprod = products["woa23"] if temperature == "woa23" else products["levitus"]
    envds = environment_at(table["lat"].to_numpy(float), table["lon"].to_numpy(float),
                           table["depth"].to_numpy(float), table["month"].to_numpy(float), z_interfaces,
                           temperature=tprod, chemistry=products["woa23"], sst=products["sst"],
                           max_distance_km=max_distance_km, **({} if options is None else {"options": options}))
    exclusions = {"non-positive flux": int(table.attrs.get("n_nonpositive_flux", 0))}
    no_export = ~np.isfinite(table["export_top"].to_numpy(float))
    exclusions["no export-map value within 2 cells"] = int(no_export.sum())
    reasons = envds["exclusion"].values
    for r in dict.fromkeys(reasons[~no_export & (reasons != "")].tolist()):
        exclusions[r] = int(np.sum(~no_export & (reasons == r)))
    keep = ~no_export & (envds["included"].values == 1)
    out = table.loc[keep].reset_index(drop=True)
    out["env_row"] = np.flatnonzero(keep)      # row of ``environment`` (all rows) of each kept row
    out["sst"] = envds["sst"].values[keep]
    out["temperature_distance_km"] = envds["temperature_distance_km"].values[keep]
    out["chemistry_distance_km"] = envds["chemistry_distance_km"].values[keep]
    t = (exponential_thermocline(out["sst"].to_numpy(), z_interfaces) if temperature == "idealized"
         else envds["temperature"].values[keep])
    env = {"temperature": t, "omega_calcite": envds["omega_calcite"].values[keep]}
    for k, v in env.items():
        check_finite(f"env[{k!r}]", v)
    return TrapInputs(out, env, envds.assign_attrs(temperature_source=TEMPERATURE_SOURCES[temperature]),
                      exclusions, table)


SHARED_FILES = {"Mouw 2016 trap fluxes": ("data", "mouw2016_goflux", "GO_flux.tab"),
                "Henson 2012 export map": ("data", "henson_bcp_maps", "Figure4mats.mat"),
                "time-series traps": ("data", "ts_traps")}


def trap_inputs(z_interfaces, temperature: str = "levitus", *, timeseries: bool = False,
                max_distance_km: dict | None = None, options=None) -> TrapInputs:
    """Real-data inputs from ../shared: the seed-000 selection of Mouw et al. (2016) (<= 31 d,
    water depth >= 200 m; with ``timeseries`` also the six time-series traps), the Henson 2012
    export at 100 m in each trap's cell, and the observed environment (``environment_inputs``:
    Levitus monthly / WOA23 annual temperature along the path, WOA23/GLODAP chemistry,
    ERSSTv5 SST; ``options``: carbonate constants, see ``environment_inputs``). Raises ``InputError`` naming the missing files when ../shared is absent.
    """
    import pandas as pd

    from jaxocean.io.paths import shared_path
    from jaxocean.observations import read_levitus94, read_sst_climatology, read_woa23_glodap
    from jaxocean.satellite import read_henson2012_maps
    from jaxocean.traps import read_mouw2016, read_timeseries_traps, select_seed

    found = {k: shared_path(*v) for k, v in SHARED_FILES.items()}
    missing = [f"{k} (../shared/{'/'.join(SHARED_FILES[k])})" for k, v in found.items() if v is None]
    if missing:
        raise InputError("real trap data not available: " + "; ".join(missing)
                         + ". Put the shared data folder beside the checkout (../shared) or set JAXOCEAN_SHARED.")
    df = read_mouw2016(found["Mouw 2016 trap fluxes"])
    if timeseries:
        df = pd.concat([df, read_timeseries_traps(found["time-series traps"])], ignore_index=True)
    table = trap_table(select_seed(df, flux="pic"), select_seed(df, flux="poc"))
    ep = read_henson2012_maps(found["Henson 2012 export map"])["EP"]   # mg C m-2 d-1
    table["export_top"] = nearest_cell(ep.values, ep["lat"].values, ep["lon"].values,
                                       table["lat"], table["lon"])
    products = {"levitus": read_levitus94(), "woa23": read_woa23_glodap(),
                "sst": read_sst_climatology("ersst_v5")}
    return environment_inputs(table, z_interfaces, products=products, temperature=temperature,
                              max_distance_km=max_distance_km, options=options)


def mouw_henson_inputs(z_interfaces, temperature: str = "levitus"):
    """(table, env) of ``trap_inputs`` for the Mouw 2016 selection (observed temperature by default)."""
    inputs = trap_inputs(z_interfaces, temperature)
    return inputs.table, inputs.env


def trap_problem(table, env, z_interfaces, free, params: TrapFluxParams | None = None,
                 sigma_ln: float = 1.0, transforms: dict | None = None):
    """Calibration ``Problem`` for a trap table: log-normal misfit with scatter ``sigma_ln``
    (1 with ``laplace(..., scale_by_misfit=True)`` when the scatter is unknown).

    Martin exponents (names ending ".b") default to an identity transform: trap PIC fluxes
    barely attenuate, and a log transform would pin b at 0, where the Laplace approximation
    is meaningless.
    """
    from jaxocean.calibrate.loss import Observations, Problem
    from jaxocean.calibrate.params import FreeParameters

    params = TrapFluxParams() if params is None else params
    data = trap_data(table["export_top"].to_numpy(), table["depth"].to_numpy(),
                     table["is_pic"].to_numpy(), z_interfaces, env)
    obs = Observations.lognormal(table["flux"].to_numpy(), sigma_ln, name="trap flux")
    transforms = {**{n: "identity" for n in free if n.endswith(".b")}, **(transforms or {})}
    return Problem(predict, data, FreeParameters.select(params, tuple(free), transforms), obs)
