"""The REcoM CO2-factor chain from surface chemistry to sediment-trap PIC and POC fluxes.

Per trap observation i (surface cell s_i, water column c_i, trap depth z_i):

1. Surface chemistry (T, S, DIC, TA, PO4, SiO4) -> ``carbonate.solve`` (inside the loss, with
   REcoM's own chemistry ``CarbonateOptions.mocsy()`` by default) ->
   HCO3, CO2, [H+] -> calcification CO2 factor f_CO2,calc ([S25] Eq. 3, Table A1).
2. PIC:POC of coccolithophore production. [S25] Eq. 1 gives the coccolithophore gross
   photosynthesis PS_j = PS_max f(T) f(PAR) f(N) f_CO2,cocco and Eq. 2 the calcification
   Calc_j = PS_j C_j (PIC:POC)_ref f(T)_calc f(N)_calc f_CO2,calc, so

       Calc_j / (PS_j C_j) = (PIC:POC)_ref * f(T)_calc(T) * f(N)_calc(DIN) * f_CO2,calc

   with f(T)_calc, f(N)_calc from Eqs. C1, C2. The coccolithophore factor f_CO2,cocco is
   inside PS_j and cancels: it does not divide the ratio (dividing by it would give the
   coccolithophores a CO2 response with a negative power that REcoM does not have). This
   is ``recom.calcification_rate`` evaluated at PS_j C_j = 1.
3. PIC:POC of the exported community: r_i = s * Calc_j / (PS_j C_j), with s the
   coccolithophores' share of the exported POC (free: REcoM's (PIC:POC)_ref = 1 stays fixed
   and the traps see only the product s * (PIC:POC)_ref).
4. Trap fluxes from the POC export E_i at the export depth z0 = 100 m (Henson et al. 2012):

       POC_i = E_i P_poc(z_i),   P_poc: ``export.ExponentialQ10`` (seed 002 Eqs. 25-26) on the
               observed temperature along the export path;
       PIC_i = r_i E_i P_pic(z_i),   P_pic: ``export.CalciteDissolution``, rate
               k_diss max(0, 1 - Omega_calcite) ([S22c] recom_sms; ``recom.calcite_dissolution_rate``)
               with Omega_calcite solved inside the loss from the observed chemistry at depth
               (in-situ pressure), particles sinking at the POC sinking speed W (one speed for
               the ballasted detritus, as in REcoM where PIC sinks with detritus).

Free names: "calc_co2.a", "calc_co2.b", "calc_co2.c", "calc_co2.d", "cocco_share",
"poc.q10", "poc.w_sink", "k_diss" (and any other field). k1 stays fixed: it enters the POC
profile only as k1/W and k_diss the PIC profile only as k_diss/W, so W is set by the POC
attenuation given k1, and k_diss by the PIC attenuation given W.

The lower clip of f_CO2,calc is REcoM's ``tiny`` instead of 0 ([S22c] floors its limitation
terms the same way), so a log-normal misfit stays finite for any coefficients.

Chemistry is stored once per distinct surface state and water column (trap sites repeat)
and gathered per observation, so the loss solves a few hundred carbonate systems, not one
per trap cup. [S25] = Seifert et al. (2025, BG 22, 5897); [S22c] = REcoM code,
doi:10.5281/zenodo.7457987. Fluxes in mg C m-2 d-1.
"""

from __future__ import annotations

import dataclasses

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.calibrate.models.co2_factor import Chemistry
from jaxocean.carbonate import CarbonateOptions, solve, validate_inputs
from jaxocean.core.validate import InputError, check_finite, check_nonnegative, check_shape
from jaxocean.export import CalciteDissolution, ExponentialQ10, flux_at
from jaxocean.recom import (TINY, CalcificationParams, CO2FactorParams, DissolutionParams, calcification_rate,
                            calcification_temperature_limitation, co2_factor)

EXPORT_DEPTH_M = 100.0          # Henson et al. (2012) export depth [m]
SEAWATER_DENSITY = 1025.0       # [kg m-3] reference density, for umol kg-1 -> mmol m-3
RECOM_CHEMISTRY = CarbonateOptions.mocsy()   # REcoM's carbonate chemistry (mocsy 2.0 as REcoM calls it)
CO2_COEFFICIENTS = ("calc_co2.a", "calc_co2.b", "calc_co2.c", "calc_co2.d")
DEFAULT_FREE = CO2_COEFFICIENTS + ("cocco_share", "poc.q10", "poc.w_sink", "k_diss")
SURFACE_FIELDS = ("dic", "ta", "temp", "sal", "phos", "sil", "din")
COLUMN_FIELDS = ("dic", "ta", "temp", "sal", "pressure", "phos", "sil")
UNITS = {"calc_co2.a": "1", "calc_co2.b": "umol kg-1", "calc_co2.c": "kg umol-1", "calc_co2.d": "kg mol-1",
         "cocco_share": "1", "poc.q10": "1", "poc.w_sink": "m d-1", "poc.k1": "d-1", "k_diss": "d-1"}


class ChainParams(eqx.Module):
    """Parameters of the chain; defaults are the published values ([S25], [S22c], seed 002)."""

    calc_co2: CO2FactorParams = dataclasses.replace(CO2FactorParams.calcification(), f_min=TINY)  # Table A1
    calcification: CalcificationParams = CalcificationParams()    # (PIC:POC)_ref, Eqs. C1-C2
    cocco_share: float = 0.1     # [-] coccolithophore share of exported POC (trap PIC:POC ~ 0.1)
    poc: ExponentialQ10 = ExponentialQ10(z0=EXPORT_DEPTH_M)        # Q10, k1, W (seed 002 Eq. 25-26)
    k_diss: float = DissolutionParams().rate_omega                 # [d-1] 0.197 [S22c]


class Surface(Chemistry):
    """Distinct surface states (m,): ``co2_factor.Chemistry`` (DIC, TA, PO4, SiO4 [umol kg-1],
    T [degC], S) and DIN [mmol m-3]."""

    din: jax.Array


class Column(Chemistry):
    """Distinct water columns on the flux layers (m, nz): ``co2_factor.Chemistry`` and the sea
    pressure [dbar]."""

    pressure: jax.Array


class ChainData(eqx.Module):
    """Per-observation inputs (host-prepared with ``chain_data``)."""

    export_top: jax.Array        # (n,) POC export at z0 [mg C m-2 d-1]
    depth: jax.Array             # (n,) trap depth [m]
    is_pic: jax.Array            # (n,) True for PIC, False for POC observations
    temperature: jax.Array       # (n, nz) temperature along the export path [degC]
    surface: Surface             # (m_s,) distinct surface states
    surface_index: jax.Array     # (n,) row of ``surface`` of each observation
    column: Column               # (m_c, nz) distinct water columns
    column_index: jax.Array      # (n,) row of ``column`` of each observation
    z_interfaces: jax.Array      # (nz+1,) layer interfaces [m]
    options: CarbonateOptions = RECOM_CHEMISTRY


def export_pic_poc(params: ChainParams, state, temp, din):
    """PIC:POC of the exported community [mol C mol C-1] (steps 1-3) from a surface
    ``carbonate.CarbonateState``, temperature [degC] and DIN [mmol m-3]."""
    f_co2 = co2_factor(state.hco3, state.co2, state.h, params.calc_co2)
    return params.cocco_share * calcification_rate(1.0, 1.0, temp, din, f_co2, params.calcification)


def solve_chemistry(surface: Surface, column: Column, options: CarbonateOptions = RECOM_CHEMISTRY):
    """One carbonate solve for every surface state (sea pressure 0) and column layer (in situ).

    Returns (surface CarbonateState (m_s,), Omega calcite of the columns (m_c, nz)).
    """
    m = surface.dic.shape[0]
    flat = [jnp.concatenate([jnp.ravel(a), jnp.ravel(b)]) for a, b in
            ((surface.dic, column.dic), (surface.ta, column.ta), (surface.temp, column.temp),
             (surface.sal, column.sal), (jnp.zeros(m), column.pressure), (surface.phos, column.phos),
             (surface.sil, column.sil))]
    state = solve(*flat, options=options)
    return (jax.tree.map(lambda x: x[:m], state),
            state.omega_calcite[m:].reshape(column.dic.shape))


def pic_profile(params: ChainParams) -> CalciteDissolution:
    """The PIC profile: REcoM dissolution at rate k_diss, sinking at the POC speed W."""
    return CalciteDissolution(k_diss=params.k_diss, w0=params.poc.w_sink, w_slope=0.0,
                              z0=params.poc.z0)


def predict(params: ChainParams, data: ChainData):
    """Modelled trap flux at every observation (n,) [mg C m-2 d-1]; pure, jit/vmap/grad."""
    surface, omega = solve_chemistry(data.surface, data.column, data.options)
    ratio = export_pic_poc(params, surface, data.surface.temp, data.surface.din)[data.surface_index]
    # A second consumer keeps omega materialised per column: otherwise XLA (CPU) fuses the
    # post-solve speciation into the (n, nz) gather and evaluates it once per observation
    # (~10x slower; optimization_barrier is removed before fusion on CPU).
    omega = (omega + 0.0 * jnp.sum(omega))[data.column_index]
    pic = pic_profile(params)

    def one(ftop, r, z, is_pic, temp, om):
        poc_z = flux_at(params.poc, ftop, z[None], data.z_interfaces, {"temperature": temp})[0]
        pic_z = flux_at(pic, r * ftop, z[None], data.z_interfaces, {"omega_calcite": om})[0]
        return jnp.where(is_pic, pic_z, poc_z)

    return jax.vmap(one)(data.export_top, ratio, data.depth, data.is_pic, data.temperature, omega)


def _distinct(fields: dict, names):
    """Distinct rows of the stacked fields and the row index of every observation."""
    stacked = np.stack([np.asarray(fields[k], float).reshape(len(fields[names[0]]), -1) for k in names], 1)
    flat = stacked.reshape(stacked.shape[0], -1)
    uniq, inverse = np.unique(flat, axis=0, return_inverse=True)
    uniq = uniq.reshape((-1,) + stacked.shape[1:])
    return {k: uniq[:, i].reshape((-1,) + np.shape(fields[k])[1:]) for i, k in enumerate(names)}, \
        inverse.ravel()


def chain_data(export_top, depth, is_pic, z_interfaces, temperature, surface: dict, column: dict,
               options: CarbonateOptions = RECOM_CHEMISTRY) -> ChainData:
    """Checked constructor from per-observation arrays.

    ``surface``: dict of (n,) arrays with keys ``SURFACE_FIELDS`` (DIC, TA, PO4, SiO4 in
    umol kg-1, temp degC, sal, din mmol m-3); ``column``: dict of (n, nz) arrays with keys
    ``COLUMN_FIELDS`` on the layers of ``z_interfaces`` (pressure in dbar); ``temperature``
    (n, nz) degC. Raises ``InputError`` naming the variable on NaN, negative or misshapen
    input (drop such rows first with ``usable`` and report its counts).
    """
    export_top = check_nonnegative("export_top", export_top, "mg C m-2 d-1")
    n = export_top.size
    depth = check_nonnegative("depth", depth, "m")
    check_shape("depth", depth, (n,))
    check_shape("is_pic", is_pic, (n,))
    z = check_finite("z_interfaces", z_interfaces)
    if z.ndim != 1 or np.any(np.diff(z) <= 0) or z[0] < 0:
        raise InputError("z_interfaces: must be 1-D, >= 0 m and strictly increasing")
    nz = z.size - 1
    temperature = check_finite("temperature", temperature)
    check_shape("temperature", temperature, (n, nz))
    for what, fields, names, shape in (("surface", surface, SURFACE_FIELDS, (n,)),
                                       ("column", column, COLUMN_FIELDS, (n, nz))):
        missing = [k for k in names if k not in fields]
        if missing:
            raise InputError(f"{what}: missing field(s) {missing}; need {list(names)}")
        for k in names:
            check_finite(f"{what}[{k!r}]", fields[k])
            check_shape(f"{what}[{k!r}]", np.asarray(fields[k]), shape)
    check_nonnegative("surface['din']", surface["din"], "mmol m-3")
    validate_inputs(*(surface[k] for k in ("dic", "ta", "temp", "sal")), 0.0, surface["phos"], surface["sil"])
    validate_inputs(*(column[k] for k in COLUMN_FIELDS))
    surf, si = _distinct(surface, SURFACE_FIELDS)
    col, ci = _distinct(column, COLUMN_FIELDS)
    as_j = lambda d: {k: jnp.asarray(v) for k, v in d.items()}  # noqa: E731
    return ChainData(jnp.asarray(export_top), jnp.asarray(depth), jnp.asarray(is_pic, bool),
                     jnp.asarray(temperature), Surface(**as_j(surf)), jnp.asarray(si),
                     Column(**as_j(col)), jnp.asarray(ci), jnp.asarray(z), options)


def usable(flux, export_top, surface: dict, column: dict, temperature, is_pic,
           calcification: CalcificationParams = CalcificationParams(), *, min_f_t: float = 0.1):
    """Rows a log-normal chain fit can use, and how many each rule excluded (host, numpy).

    Rules, in order (a row counts under the first it fails): non-finite or non-positive
    flux; non-finite or negative export; any non-finite chemistry or path temperature; PIC
    rows where [S25] Eq. C1 leaves f(T)_calc < ``min_f_t`` (surface T below about 2 degC at
    0.1): there REcoM's coccolithophores barely calcify, so PIC from other calcifiers
    (foraminifera, pteropods; absent in REcoM, [S25] Sect. 4) cannot be fitted on a log scale.
    Returns (mask (n,), {rule: count}).
    """
    flux = np.asarray(flux, float)
    top = np.asarray(export_top, float)
    chem = [np.asarray(v, float).reshape(flux.size, -1) for v in
            [*surface.values(), *column.values(), temperature]]
    rules = {"non-finite or non-positive flux": ~(np.isfinite(flux) & (flux > 0)),
             "non-finite or negative export": ~(np.isfinite(top) & (top >= 0)),
             "non-finite chemistry or temperature": ~np.all(np.isfinite(np.concatenate(chem, 1)), 1)}
    t_s = np.nan_to_num(np.asarray(surface["temp"], float))
    f_t = np.asarray(calcification_temperature_limitation(t_s, calcification))
    rules[f"PIC with f(T)_calc < {min_f_t:g} (Eq. C1)"] = np.asarray(is_pic, bool) & (f_t < min_f_t)
    keep = np.ones(flux.size, bool)
    counts = {}
    for name, bad in rules.items():
        counts[name] = int(np.sum(bad & keep))
        keep &= ~bad
    return keep, counts


def chain_problem(data: ChainData, flux, free=DEFAULT_FREE, params: ChainParams | None = None,
                  sigma_ln: float = 1.0, transforms: dict | None = None):
    """Calibration ``Problem``: log-normal misfit of ``flux`` (n,) with scatter ``sigma_ln``
    (1 with ``laplace(..., scale_by_misfit=True)`` when the scatter is unknown). Positive
    parameters get log transforms (relative steps)."""
    from jaxocean.calibrate.loss import Observations, Problem
    from jaxocean.calibrate.params import FreeParameters

    params = ChainParams() if params is None else params
    obs = Observations.lognormal(flux, sigma_ln, name="trap flux")
    if obs.n != data.export_top.size:
        raise InputError(f"flux: {obs.n} values for {data.export_top.size} observations")
    return Problem(predict, data, FreeParameters.select(params, tuple(free), transforms), obs)


def identifiable_subset(problem, u, candidates=CO2_COEFFICIENTS, *, residual_scale: float = 1.0,
                        max_sd_u: float = 0.5, corr_threshold: float = 0.95):
    """Which ``candidates`` the data constrain near ``u`` (local, Fisher-information analysis).

    The Gauss-Newton information I = J^T J of the normalised residuals (J = d r / d u, all
    free parameters; positive semi-definite anywhere, unlike the Hessian away from an
    optimum) gives the covariance ``residual_scale`` I^-1. Fixing a parameter removes its row
    and column. While some remaining candidate has an unconstrained standard error above
    ``max_sd_u`` (0.5 = a factor e^0.5 ~ 1.65 for log-transformed parameters) or a
    correlation of at least ``corr_threshold`` with another remaining parameter, the candidate
    with the largest standard error is fixed. Evaluate at the values the fixed parameters
    will keep (the published coefficients). Returns (kept names, [(dropped name, its sd_u,
    max |corr|), ...]).
    """
    names = list(problem.free.names)
    if len(problem.free.labels) != len(names):
        raise InputError("identifiable_subset: free parameters must be scalars")
    jac = np.asarray(jax.jit(jax.jacfwd(lambda v: problem.obs.residuals(problem.predict(v))))(u))
    info = jac.T @ jac
    keep, dropped = list(range(len(names))), []
    while True:
        lam, vec = np.linalg.eigh(info[np.ix_(keep, keep)])
        cov = (vec / np.maximum(lam, 1e-12 * np.abs(lam).max())) @ vec.T * residual_scale
        sd = np.sqrt(np.diag(cov))
        corr = np.abs(cov / np.outer(sd, sd)) - np.eye(len(keep))
        worst = {i: sd[j] for j, i in enumerate(keep) if names[i] in candidates
                 and (sd[j] > max_sd_u or corr[j].max() >= corr_threshold)}
        if not worst:
            return tuple(names[i] for i in keep), dropped
        i = max(worst, key=worst.get)
        j = keep.index(i)
        dropped.append((names[i], float(sd[j]), float(corr[j].max())))
        keep.remove(i)


def synthetic_inputs(n_sites: int = 30, traps_per_site: int = 8, seed: int = 0,
                     z_interfaces=(0, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000)):
    """A small synthetic set of trap sites for tests and twin experiments without ../shared.

    Surface T 3-29 degC, S 33.5-36.5, TA = 2300 + 60 (S - 35) +- 20 umol kg-1, DIC/TA falling
    with temperature (0.93 -> 0.86), PO4, SiO4, DIN spanning oligotrophic to replete; columns
    cool to 2 degC (e-folding 500 m) and gain 150-350 umol kg-1 DIC with depth (Atlantic- to
    Pacific-like, so Omega_calcite crosses 1 in some columns); sea pressure in dbar taken
    equal to depth in m (a synthetic design, not a conversion). Each site has
    ``traps_per_site`` traps (150-4500 m), each with a PIC and a POC observation.
    Returns (export_top, depth, is_pic, z_interfaces, temperature, surface, column) for
    ``chain_data``.
    """
    rng = np.random.default_rng(seed)
    z = np.asarray(z_interfaces, float)
    mid = 0.5 * (z[:-1] + z[1:])
    t_s = rng.uniform(3.0, 29.0, n_sites)
    sal = rng.uniform(33.5, 36.5, n_sites)
    ta = 2300.0 + 60.0 * (sal - 35.0) + rng.normal(0.0, 20.0, n_sites)
    surf = {"dic": ta * (0.935 - 0.0025 * t_s), "ta": ta, "temp": t_s, "sal": sal,
            "phos": rng.uniform(0.0, 1.5, n_sites), "sil": rng.uniform(0.0, 20.0, n_sites),
            "din": rng.uniform(0.0, 15.0, n_sites)}
    shape = lambda x: np.asarray(x)[:, None]  # noqa: E731
    t_col = 2.0 + (shape(t_s) - 2.0) * np.exp(-mid / 500.0)
    col = {"dic": shape(surf["dic"]) + shape(rng.uniform(150.0, 350.0, n_sites)) * (1 - np.exp(-mid / 800.0)),
           "ta": shape(ta) + 60.0 * (1 - np.exp(-mid / 1000.0)), "temp": t_col,
           "sal": np.broadcast_to(shape(sal), t_col.shape), "pressure": np.broadcast_to(mid, t_col.shape),
           "phos": shape(surf["phos"]) + 1.5 * (1 - np.exp(-mid / 500.0)),
           "sil": shape(surf["sil"]) + 80.0 * (1 - np.exp(-mid / 1500.0))}
    site = np.repeat(np.arange(n_sites), 2 * traps_per_site)
    depth = np.repeat(rng.uniform(150.0, 4500.0, n_sites * traps_per_site), 2)
    is_pic = np.tile([True, False], n_sites * traps_per_site)
    export = rng.lognormal(np.log(80.0), 0.5, n_sites)[site]
    return (export, depth, is_pic, z, t_col[site], {k: v[site] for k, v in surf.items()},
            {k: np.asarray(v)[site] for k, v in col.items()})


def trap_chain_inputs(inputs, z_interfaces, *, min_f_t: float = 0.1):
    """Chain inputs from ``traps.trap_inputs`` (Mouw 2016 rows with their observed environment).

    Surface state: WOA23/GLODAP top-layer DIC, TA, S, PO4, SiO4 and nitrate (as DIN) with the
    ERSSTv5 SST of the deployment month (for the carbonate solve and Eq. C1); water columns:
    WOA23/GLODAP DIC, TA, T, S, PO4, SiO4 along the export path at in-situ pressure; POC path
    temperature: the ``inputs.env`` temperature (Levitus monthly by default). Rows failing
    ``usable`` are dropped and counted. Returns (table of kept rows, ``chain_data`` arguments
    as a dict, exclusions {reason: count} including those of ``inputs``).
    """
    env = inputs.environment.isel(obs=inputs.table["env_row"].to_numpy())
    table = inputs.table
    surface = {"dic": env["dic_surface"].values, "ta": env["ta_surface"].values,
               "temp": table["sst"].to_numpy(float), "sal": env["salinity_surface"].values,
               "phos": env["po4_surface"].values, "sil": env["sio4_surface"].values,
               "din": env["no3_surface"].values * SEAWATER_DENSITY * 1e-3}   # umol kg-1 -> mmol m-3
    column = {"dic": env["dic_path"].values, "ta": env["ta_path"].values,
              "temp": env["temperature_path"].values, "sal": env["salinity_path"].values,
              "pressure": env["pressure"].values, "phos": env["po4_path"].values,
              "sil": env["sio4_path"].values}
    temperature = inputs.env["temperature"]
    keep, counts = usable(table["flux"], table["export_top"], surface, column, temperature,
                          table["is_pic"], min_f_t=min_f_t)
    args = dict(export_top=table["export_top"].to_numpy(float)[keep], depth=table["depth"].to_numpy(float)[keep],
                is_pic=table["is_pic"].to_numpy(bool)[keep], z_interfaces=np.asarray(z_interfaces, float),
                temperature=np.asarray(temperature)[keep], surface={k: v[keep] for k, v in surface.items()},
                column={k: v[keep] for k, v in column.items()})
    return table.loc[keep].reset_index(drop=True), args, {**inputs.exclusions, **counts}
