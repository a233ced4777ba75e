"""Calibrate the REcoM calcification CO2-factor chain against Mouw et al. (2016) trap PIC and POC.

Model (``jaxocean.calibrate.models.pic_chain``): surface chemistry (WOA23/GLODAP DIC, TA, S,
nutrients; ERSSTv5 SST of the deployment month) -> carbonate system (solved inside the loss with
REcoM's mocsy conventions, ``CarbonateOptions.mocsy()``)
-> PIC:POC of export = s (PIC:POC)_ref f(T)_calc f(N)_calc f_CO2,calc (Seifert et al. 2025
Eqs. 1-3, C1-C2; the coccolithophore CO2 factor cancels) -> PIC at the trap = ratio x Henson
2012 POC export at 100 m x calcite dissolution k_diss max(0, 1 - Omega) along the path (Omega
solved inside the loss from the WOA23/GLODAP chemistry at in-situ pressure); POC at the trap
from the Q10 exponential profile on the Levitus temperature of the deployment month.

Two stages, log-normal misfit with a common unknown scatter (standard errors scaled by the
reduced chi-square):
1. all four calcification coefficients (a, b, c, d) free with s, Q10, W and k_diss (Laplace
   at that optimum); then a local Fisher-information analysis at the published a, b, c, d
   (``pic_chain.identifiable_subset``) fixes, one by one, the coefficients the traps do not
   constrain;
2. refit with those fixed at the Seifert et al. (2025) Table A1 values.
Both stages are reported (estimates +- standard errors, correlations, identifiability).

Writes calibrate_co2_factor_traps.{json,nc} (stage 2), calibrate_co2_factor_traps_stage1.{json,nc},
calibrate_co2_factor_traps_fits.nc (per-observation fits, the CO2-factor curves) and
calibrate_co2_factor_traps.png into --out.

    python experiments/calibrate_co2_factor_traps.py [--out runs/calibrate_co2_factor_traps]
                                                     [--max-steps 200] [--min-f-t 0.1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

T_START = time.time()

import equinox as eqx  # noqa: E402
import jax  # noqa: E402
import numpy as np  # noqa: E402

import jaxocean  # noqa: E402

Z_INTERFACES = np.array([0, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000,
                         5000, 6500], float)
FIG1A = {"ta": (1800.0, 4500.0), "dic": 1950.0, "temp": 20.0, "sal": 35.0}  # Seifert et al. 2025 Fig. 1a


def _stage(problem, max_steps):
    from jaxocean.calibrate import Problem, fit, laplace

    res = fit(problem, method="lbfgs", max_steps=max_steps)
    lap = laplace(problem, res.u, scale_by_misfit=True)
    return res, lap, np.asarray(jax.jit(Problem.predict)(problem, res.u))


def _print_stage(title, problem, summary, lap):
    print(title)
    print(f"  {'parameter':<13}{'start':>11}{'fitted':>12}{'se':>11}   2-sigma interval")
    for lab in problem.free.labels:
        p = summary["parameters"][lab]
        print(f"  {lab:<13}{p['initial']:>11.4g}{p['value']:>12.4g}{p['se']:>11.3g}   "
              f"[{p['ci2_low']:.4g}, {p['ci2_high']:.4g}]")
    print("  correlation (" + ", ".join(problem.free.labels) + "):")
    print("  " + np.array2string(np.asarray(lap.corr), precision=2).replace("\n", "\n  "))
    for note in summary["identifiability"] or ["none"]:
        print("  identifiability:", note)


def co2_factor_curves(params_list, n=271):
    """f_CO2,calc over the Fig. 1a alkalinity range for each parameter set (rows); chemistry
    with the default (PyCO2SYS) conventions, as the paper's Fig. 1 (PyCO2SYS 1.8.3)."""
    from jaxocean.carbonate import solve
    from jaxocean.recom import co2_factor

    ta = np.linspace(*FIG1A["ta"], n)
    st = solve(FIG1A["dic"], ta, FIG1A["temp"], FIG1A["sal"])
    return ta, np.stack([np.asarray(co2_factor(st.hco3, st.co2, st.h, p)) for p in params_list])


def figure(table, pred, region_names, ta, curves, labels, path):
    import matplotlib.pyplot as plt

    from jaxocean.traps import TABLE1_LAYERS

    fig, ax = plt.subplots(2, 3, figsize=(15, 8.5))
    obs, is_pic = table["flux"].to_numpy(), table["is_pic"].to_numpy()
    layers = [lay for lay in TABLE1_LAYERS if (table["layer"] == lay).any()]
    for k, (sel, name) in enumerate(((is_pic, "PIC"), (~is_pic, "POC"))):
        a = ax[0, k]
        for lay in layers:
            m = sel & (table["layer"] == lay).to_numpy()
            a.scatter(obs[m], pred[m], s=4, alpha=0.5, label=lay)
        lim = [min(obs[sel].min(), pred[sel].min()), max(obs[sel].max(), pred[sel].max())]
        a.plot(lim, lim, "k--", lw=1)
        a.set(xscale="log", yscale="log", xlabel=f"observed {name} [mg C m-2 d-1]",
              ylabel=f"fitted {name} [mg C m-2 d-1]", title=f"{name} at the traps (stage 2)")
        a.legend(fontsize=6, markerscale=2)
        res = np.log10(pred / obs)
        for j, (key, names, b) in enumerate((("layer", layers, ax[1, 0]), ("region", region_names, ax[1, 1]))):
            present = [g for g in names if (table[key] == g).any()]
            vals = [res[sel & (table[key] == g).to_numpy()] for g in present]
            keep = [i for i, v in enumerate(vals) if v.size]
            b.boxplot([vals[i] for i in keep], positions=np.asarray(keep) + (k - 0.5) * 0.38, widths=0.34,
                      showfliers=False, patch_artist=True,
                      boxprops={"facecolor": ("C1" if k == 0 else "C0"), "alpha": 0.6})
            b.set_xticks(np.arange(len(present)), [str(g) for g in present], rotation=45, fontsize=7)
            b.axhline(0, color="k", lw=1)
            b.set(ylabel="log10(fitted / observed)",
                  title=f"Residuals by {'depth layer' if key == 'layer' else 'RECCAP2 region'} "
                        "(orange PIC, blue POC)")
    a = ax[0, 2]
    for c, lab, style in zip(curves, labels, ("k-", "r--", "b:")):
        a.plot(ta, c, style, label=lab)
    a.set(xlabel="TA [umol kg-1] (DIC 1950, 20 degC, S 35; Fig. 1a)", ylabel="f_CO2,calc [-]",
          title="Calcification CO2 factor")
    a.legend(fontsize=7)
    ax[1, 2].hist(np.asarray(table["ratio"]), bins=40, color="C2")
    ax[1, 2].set(xlabel="fitted PIC:POC of export at the trap sites [-]", ylabel="observations",
                 title="Export PIC:POC (stage 2)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return fig


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="runs/calibrate_co2_factor_traps", help="output folder")
    ap.add_argument("--max-steps", type=int, default=200)
    ap.add_argument("--min-f-t", type=float, default=0.1,
                    help="exclude PIC rows where Eq. C1 gives f(T)_calc below this (default 0.1)")
    args = ap.parse_args(argv)
    jaxocean.enable_float64()
    import xarray as xr
    from scipy.stats import chi2

    from jaxocean.calibrate import metrics, results
    from jaxocean.calibrate.models import pic_chain as pc
    from jaxocean.calibrate.models.traps import trap_inputs
    from jaxocean.carbonate import solve
    from jaxocean.core.validate import InputError
    from jaxocean.io.netcdf import write_netcdf
    from jaxocean.io.paths import shared_path
    from jaxocean.regions import REGION_ABBREV, read_reccap2_regions, region_of

    try:
        inputs = trap_inputs(Z_INTERFACES, "levitus", options=pc.RECOM_CHEMISTRY)   # the chain's constants
    except InputError as err:
        sys.exit(f"calibrate_co2_factor_traps: {err}")
    table, chain_args, exclusions = pc.trap_chain_inputs(inputs, Z_INTERFACES, min_f_t=args.min_f_t)
    data = pc.chain_data(**chain_args)
    masks = shared_path("data", "reccap2_masks", "RECCAP2_region_masks_all_v20221025.nc")
    names = ("none",) + tuple(REGION_ABBREV)
    table["region"] = [names[r] for r in region_of(table["lat"], table["lon"], read_reccap2_regions(masks))]
    t_load = time.time() - T_START
    obs, groups = table["flux"].to_numpy(), table["group"].to_numpy()

    # Stage 1: every coefficient free; Laplace decides which the traps constrain.
    p1 = pc.chain_problem(data, obs, pc.DEFAULT_FREE)
    res1, lap1, pred1 = _stage(p1, args.max_steps)
    if not np.isfinite(float(res1.loss)):
        sys.exit("calibrate_co2_factor_traps: non-finite loss (a defect: inputs are checked finite)")
    # Identifiability where the fixed coefficients will sit: published a, b, c, d with the
    # stage-1 s, Q10, W, k_diss (Fisher information, covariance scaled by the stage-1 scatter).
    at = eqx.tree_at(lambda p: p.calc_co2, p1.free.to_params(res1.u), pc.ChainParams().calc_co2)
    kept, dropped = pc.identifiable_subset(p1, p1.free.initial(at), residual_scale=float(lap1.residual_scale))
    s1 = results.summarize(p1.free, res1, lap1, n_obs=p1.obs.n, units=pc.UNITS, initial=p1.free.physical(p1.free.initial()),
                           metrics={"after": metrics.summary(pred1, obs, groups)},
                           extra={"not_identifiable": [{"name": n, "sd_unconstrained": s, "max_abs_corr": c}
                                                       for n, s, c in dropped]})

    # Stage 2: the unconstrained coefficients fixed at Seifert et al. (2025) Table A1, the
    # others started from the stage-1 values.
    p2 = pc.chain_problem(data, obs, kept, params=at)
    u0 = p2.free.initial()
    pred0 = np.asarray(jax.jit(p2.__class__.predict)(p2, u0))
    res2, lap2, pred2 = _stage(p2, args.max_steps)
    fitted = p2.free.to_params(res2.u)
    before, after = metrics.summary(pred0, obs, groups), metrics.summary(pred2, obs, groups)
    s2 = results.summarize(p2.free, res2, lap2, n_obs=p2.obs.n, units=pc.UNITS, initial=p2.free.physical(u0),
                           metrics={"before": before, "after": after},
                           extra={"exclusions": exclusions, "fixed_at_published": [n for n, _, _ in dropped],
                                  "sigma_ln_fitted": float(np.sqrt(lap2.residual_scale)),
                                  "stage1_loss": float(res1.loss)})
    # Does freeing the coefficients improve the fit? Likelihood ratio with the stage-2 scatter.
    dchi2 = 2.0 * float(res2.loss - res1.loss) / float(lap2.residual_scale)
    dof = p1.free.size - p2.free.size
    lr = {"delta_chi2": dchi2, "dof": dof, "p_value": float(chi2.sf(max(dchi2, 0.0), dof)) if dof else float("nan")}
    s2["stage1_vs_stage2"] = lr
    out = Path(args.out)
    js1, nc1 = results.write(s1, out, "calibrate_co2_factor_traps_stage1",
                             title="CO2-factor chain vs traps, stage 1 (all coefficients free)")
    js, nc = results.write(s2, out, "calibrate_co2_factor_traps",
                           title="CO2-factor chain vs traps (identifiable coefficients)")

    # Per-observation output and the CO2-factor curves of Fig. 1a.
    st = solve(data.surface.dic, data.surface.ta, data.surface.temp, data.surface.sal, 0.0,
               data.surface.phos, data.surface.sil, options=data.options)
    ratio = np.asarray(pc.export_pic_poc(fitted, st, data.surface.temp, data.surface.din))[np.asarray(data.surface_index)]
    table["ratio"] = ratio
    published = pc.ChainParams().calc_co2
    curve_sets = [published, p1.free.to_params(res1.u).calc_co2, fitted.calc_co2]
    free_coef = [n.split(".")[1] for n in kept if n in pc.CO2_COEFFICIENTS]
    curve_labels = ["published (Seifert et al. 2025, Table A1)", "stage 1 (a, b, c, d free)",
                    f"stage 2 ({', '.join(free_coef)} free)" if free_coef else "stage 2 (a, b, c, d fixed: published)"]
    ta, curves = co2_factor_curves(curve_sets)
    ds = xr.Dataset(
        {"flux": ("obs", obs, {"units": "mg C m-2 d-1", "long_name": "observed trap flux"}),
         "fitted": ("obs", pred2, {"units": "mg C m-2 d-1", "long_name": "stage-2 chain flux"}),
         "fitted_stage1": ("obs", pred1, {"units": "mg C m-2 d-1"}),
         "export_pic_poc": ("obs", ratio, {"units": "1", "long_name": "fitted PIC:POC of export"}),
         "is_pic": ("obs", table["is_pic"].to_numpy().astype(np.int8), {"units": "1"}),
         "f_co2_calc": (("curve", "ta"), curves, {"units": "1", "long_name": "calcification CO2 factor, "
                                                  "DIC 1950 umol kg-1, 20 degC, S 35 (Fig. 1a)"})},
        coords={"lat": ("obs", table["lat"].to_numpy(float)), "lon": ("obs", table["lon"].to_numpy(float)),
                "depth": ("obs", table["depth"].to_numpy(float), {"units": "m"}),
                "layer": ("obs", table["layer"].astype(str).to_numpy()),
                "region": ("obs", table["region"].astype(str).to_numpy()),
                "ta": ("ta", ta, {"units": "umol kg-1"}), "curve": ("curve", ["published", "stage1", "stage2"])},
        attrs={f"excluded: {k}": v for k, v in exclusions.items()})
    fits_nc = write_netcdf(ds, out / "calibrate_co2_factor_traps_fits.nc",
                           title="CO2-factor chain vs Mouw 2016 traps: per-observation fits")
    png = out / "calibrate_co2_factor_traps.png"
    figure(table, pred2, names, ta, curves, curve_labels, png)

    print(f"observations: {p2.obs.n} ({int(table['is_pic'].sum())} PIC, {int((~table['is_pic']).sum())} POC) at "
          f"{data.surface.dic.shape[0]} surface states, {data.column.dic.shape[0]} water columns")
    print("excluded: " + ", ".join(f"{k} {v}" for k, v in exclusions.items()))
    print(f"stage 1: {int(res1.n_steps)} L-BFGS steps, converged={bool(res1.converged)}, loss {float(res1.loss):.1f}")
    _print_stage("stage 1 (all four calcification coefficients free; start = published values):", p1, s1, lap1)
    for n, sd, c in dropped:
        print(f"  NOT identifiable from the traps: {n} (unconstrained se {sd:.3g}, max |corr| {c:.3f}) "
              "-> fixed at the published value")
    print(f"stage 1 vs stage 2: delta chi2 {lr['delta_chi2']:.2f} for {lr['dof']} coefficients freed "
          f"(p = {lr['p_value']:.3g}); p > 0.05 means the traps give no significant evidence against the "
          "published coefficients")
    print(f"stage 2: {int(res2.n_steps)} L-BFGS steps, converged={bool(res2.converged)}, "
          f"loss {float(p2.loss(u0)):.1f} -> {float(res2.loss):.1f}; fitted scatter sigma_ln "
          f"{float(np.sqrt(lap2.residual_scale)):.3f}")
    _print_stage("stage 2 (identifiable subset; start = published coefficients, stage-1 s, Q10, W, k_diss):", p2, s2, lap2)
    print(f"  {'group':<16}{'n':>6}{'RMSE log10 start':>18}{'fitted':>8}{'bias':>8}")
    for g in after:
        print(f"  {g:<16}{after[g]['n']:>6}{before[g]['rmse_log10']:>18.3f}{after[g]['rmse_log10']:>8.3f}"
              f"{after[g]['bias_log10']:>+8.3f}")
    res = np.log10(pred2 / obs)
    print("  bias log10(fitted/observed) by RECCAP2 region (PIC / POC):")
    for r in names:
        m = (table["region"] == r).to_numpy()
        if m.any():
            pic, poc = res[m & table["is_pic"].to_numpy()], res[m & ~table["is_pic"].to_numpy()]
            print(f"    {r:<6} n={m.sum():5d}  PIC {np.mean(pic) if pic.size else np.nan:+.3f}  "
                  f"POC {np.mean(poc) if poc.size else np.nan:+.3f}")
    i = np.searchsorted(ta, 2300.0)
    print(f"  f_CO2,calc at TA {ta[i]:.0f}: published {curves[0, i]:.3f}, stage 1 {curves[1, i]:.3f}, "
          f"stage 2 {curves[2, i]:.3f}")
    print(f"wrote {js}, {nc}, {js1}, {nc1}, {fits_nc}, {png}")
    print(f"total time {time.time() - T_START:.1f} s wall, {time.process_time():.1f} s CPU "
          f"(reading data {t_load:.1f} s)")
    return s1, s2


if __name__ == "__main__":
    main()
