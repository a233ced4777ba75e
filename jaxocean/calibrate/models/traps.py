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

from typing import Any

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.grid import cell_index
from jaxocean.core.validate import InputError, check_finite, check_nonnegative, check_shape
from jaxocean.export import ExponentialQ10, MartinCurve, flux_at

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
    for k in np.flatnonzero(~np.isfinite(out)):
        ii = np.clip(np.arange(i[k] - search, i[k] + search + 1), 0, nlat - 1)
        jj = np.arange(j[k] - search, j[k] + search + 1) % nlon
        box = values[np.ix_(ii, jj)]
        if np.isfinite(box).any():
            d = (ii[:, None] - i[k]) ** 2 + (jj[None, :] - j[k]) ** 2
            out[k] = box[np.isfinite(box)][np.argmin(d[np.isfinite(box)])]
    return out


def exponential_thermocline(t_surface, z_interfaces, *, t_deep: float = 2.0, scale_m: float = 500.0):
    """Idealised temperature on layer mid-depths (n, nz): T = T_deep + (T_s - T_deep) exp(-z/H).

    A stand-in where no observed temperature climatology is at hand (none is in ../shared):
    deep water near 2 degC and an e-folding thermocline depth H = 500 m. Use observed
    profiles (e.g. World Ocean Atlas) for science runs.
    """
    z = np.asarray(z_interfaces, float)
    mid = 0.5 * (z[:-1] + z[1:])
    ts = np.asarray(t_surface, float)[:, None]
    return t_deep + (ts - t_deep) * np.exp(-mid[None, :] / scale_m)


def trap_table(pic, poc, *, min_depth: float = EXPORT_DEPTH_M):
    """Stack selected PIC and POC trap rows (``jaxocean.traps.select_seed`` outputs) into one
    observation table: lat, lon, depth, layer, flux [mg C m-2 d-1], is_pic, group.

    Keeps positive fluxes (the misfit is log-normal) from traps at or below ``min_depth``
    (the export depth; the profile says nothing above it). Rows are sorted POC first, then
    by depth, so groups ("POC 100-500m", ...) appear in depth order.
    """
    import pandas as pd

    parts = []
    for df, col, is_pic in ((pic, "pic", True), (poc, "poc", False)):
        keep = (df[col] > 0) & (df["trap_depth"] >= min_depth)
        d = df.loc[keep]
        parts.append(pd.DataFrame({"lat": d["lat"].to_numpy(), "lon": d["lon"].to_numpy(),
                                   "depth": d["trap_depth"].to_numpy(float),
                                   "layer": d["layer"].astype(str).to_numpy(),
                                   "flux": d[col].to_numpy(float), "is_pic": is_pic}))
    out = pd.concat(parts, ignore_index=True).sort_values(["is_pic", "depth"], kind="stable",
                                                          ignore_index=True)
    out["group"] = np.where(out["is_pic"], "PIC ", "POC ") + out["layer"]
    return out


SHARED_FILES = {"Mouw 2016 trap fluxes": ("data", "mouw2016_goflux", "GO_flux.tab"),
                "Henson 2012 export map": ("data", "henson_bcp_maps", "Figure4mats.mat"),
                "CESM upper-ocean temperature": ("data", "boats", "cesm_rcp85_to_zs_monthly_210001-210012.nc4")}


def mouw_henson_inputs(z_interfaces):
    """Real-data inputs from ../shared: the trap table (``trap_table`` of the seed-000
    selection of Mouw et al. 2016, <= 31 d, water depth >= 200 m) with the Henson export and
    the surface temperature in each trap's cell, and the temperature env (n, nz) from
    ``exponential_thermocline`` under the CESM upper-ocean annual mean (the only gridded
    temperature in ../shared; model year 2100, RCP8.5).

    Raises ``InputError`` naming the missing files when ../shared is absent.
    """
    import xarray as xr

    from jaxocean.io.paths import shared_path
    from jaxocean.satellite import read_henson2012_maps
    from jaxocean.traps import read_mouw2016, select_seed

    found = {k: shared_path(*v) for k, v in SHARED_FILES.items()}
    missing = [f"{k} (../shared/{'/'.join(SHARED_FILES[k])})" for k, v in found.items() if v is None]
    if missing:
        raise InputError("real trap data not available: " + "; ".join(missing)
                         + ". Put the shared data folder beside the checkout (../shared) or set JAXOCEAN_SHARED.")
    df = read_mouw2016(found["Mouw 2016 trap fluxes"])
    table = trap_table(select_seed(df, flux="pic"), select_seed(df, flux="poc"))
    ep = read_henson2012_maps(found["Henson 2012 export map"])["EP"]   # mg C m-2 d-1
    table["export_top"] = nearest_cell(ep.values, ep["lat"].values, ep["lon"].values,
                                       table["lat"], table["lon"])
    with xr.open_dataset(found["CESM upper-ocean temperature"], decode_times=False) as ds:
        sst = ds["to"].mean("time")
        table["t_surface"] = nearest_cell(sst.values, sst["lat"].values, sst["lon"].values,
                                          table["lat"], table["lon"])
    table = table[np.isfinite(table["export_top"]) & np.isfinite(table["t_surface"])].reset_index(drop=True)
    return table, {"temperature": exponential_thermocline(table["t_surface"].to_numpy(), z_interfaces)}


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
