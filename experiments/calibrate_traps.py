"""Fit export-profile parameters to Mouw et al. (2016) sediment-trap PIC and POC fluxes on the
OBSERVED temperature along each trap's export path.

Model (``jaxocean.calibrate.models.traps``): Henson et al. (2012) POC export at 100 m in the
trap's 1-degree cell times an export profile at the trap depth; PIC export = r * POC export.
Default free set: POC Q10 and sinking speed W_sink (ExponentialQ10 with k1 fixed: k1 and
W_sink only enter as k1/W_sink, which the script demonstrates with the Laplace
correlation), the PIC Martin b and the PIC:POC export ratio r. Misfit: log-normal with a
common, unknown scatter (standard errors scaled by the reduced chi-square).

Observations: deployments <= 31 d in open ocean (water depth >= 200 m), traps at or below
100 m, positive fluxes (``--timeseries`` adds the six time-series traps). Environment
(``jaxocean.observations``): temperature along the export path from Levitus & Boyer (1994)
in the deployment month (default), or the WOA23 annual mean (``--temperature woa23``), or the
idealized exponential thermocline under the ERSSTv5 SST (``--temperature idealized``); Omega
calcite along the path from WOA23/GLODAP chemistry. Rows outside a product's coverage are
excluded and counted, never filled.

Comparisons on the same rows: the fit on each other temperature source, and the fit with
Q10 fixed at the seed's 2 (seed 002) -- loss, RMSE per depth layer.

    python experiments/calibrate_traps.py [--out runs/calibrate_traps] [--temperature levitus|woa23|idealized]
                                          [--timeseries] [--poc-profile q10|martin] [--free ...] [--no-compare]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

T_START = time.time()

import jax  # noqa: E402
import numpy as np  # noqa: E402

import jaxocean  # noqa: E402

DEFAULT_FREE = ("poc.q10", "poc.w_sink", "pic.b", "pic_poc")
MARTIN_FREE = ("poc.b", "pic.b", "pic_poc")
SEED_Q10 = 2.0          # seed 002 (Q10 of the fecal-pellet / carcass remineralisation)
Z_INTERFACES = np.array([0, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000,
                         5000, 6500], float)
UNITS = {"poc.q10": "1", "poc.w_sink": "m d-1", "poc.k1": "d-1", "pic.b": "1", "poc.b": "1",
         "pic_poc": "1", "export_scale": "1", "pic.k_diss": "d-1"}


def _fit(problem, max_steps):
    from jaxocean.calibrate import Problem, fit, laplace

    res = fit(problem, problem.free.initial(), method="lbfgs", max_steps=max_steps, progress=True)
    lap = laplace(problem, res.u, scale_by_misfit=True)
    pred = np.asarray(jax.jit(Problem.predict)(problem, res.u))
    return res, lap, pred


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="runs/calibrate_traps", help="output folder")
    ap.add_argument("--temperature", choices=("levitus", "woa23", "idealized"), default="levitus",
                    help="temperature along the export path (default: Levitus monthly, deployment month)")
    ap.add_argument("--timeseries", action="store_true", help="add the six time-series traps")
    ap.add_argument("--poc-profile", choices=("q10", "martin"), default="q10",
                    help="POC profile: exponential with Q10 (default) or Martin curve")
    ap.add_argument("--free", nargs="+", default=None,
                    help=f"free parameter names (default {' '.join(DEFAULT_FREE)}; "
                         f"with --poc-profile martin: {' '.join(MARTIN_FREE)})")
    ap.add_argument("--max-steps", type=int, default=200)
    ap.add_argument("--no-compare", action="store_true", help="skip the comparison fits")
    args = ap.parse_args(argv)
    jaxocean.enable_float64()
    import xarray as xr

    from jaxocean.calibrate import Problem, identifiability, laplace, metrics, plots, results
    from jaxocean.calibrate.models.traps import (EXPORT_DEPTH_M, TEMPERATURE_SOURCES, TrapFluxParams,
                                                 exponential_thermocline, trap_inputs, trap_problem)
    from jaxocean.core.validate import InputError
    from jaxocean.export import MartinCurve
    from jaxocean.io.netcdf import write_netcdf
    from jaxocean.observations import path_profiles, read_levitus94, read_woa23_glodap

    try:
        inputs = trap_inputs(Z_INTERFACES, args.temperature, timeseries=args.timeseries)
    except InputError as err:
        sys.exit(f"calibrate_traps: {err}")
    table, env = inputs.table, inputs.env
    t_load = time.time() - T_START
    martin = args.poc_profile == "martin"
    params = TrapFluxParams(poc=MartinCurve(z0=EXPORT_DEPTH_M)) if martin else TrapFluxParams()
    args.free = args.free or list(MARTIN_FREE if martin else DEFAULT_FREE)
    problem = trap_problem(table, env, Z_INTERFACES, args.free, params=params)
    labels = problem.free.labels
    u0 = problem.free.initial()
    pred0 = np.asarray(jax.jit(Problem.predict)(problem, u0))
    res, lap, pred1 = _fit(problem, args.max_steps)
    t_fit = time.time() - T_START
    obs = table["flux"].to_numpy()
    groups = table["group"].to_numpy()
    before, after = metrics.summary(pred0, obs, groups), metrics.summary(pred1, obs, groups)
    if not np.isfinite(float(res.loss)):
        sys.exit("calibrate_traps: non-finite loss (a defect: inputs are checked finite)")

    # k1 and W_sink enter only as k1/W_sink: free k1 too at the optimum and let Laplace show it.
    notes = []
    if "poc.k1" not in args.free and "poc.w_sink" in args.free:
        ext = trap_problem(table, env, Z_INTERFACES, tuple(args.free) + ("poc.k1",),
                           params=problem.free.to_params(res.u))
        notes = identifiability(laplace(ext, ext.free.initial(), scale_by_misfit=True), ext.free.labels)

    # Comparisons on the same rows: other temperature sources, and Q10 fixed at the seed's 2.
    variants, temps = {}, {}
    if not martin and not args.no_compare and "poc.q10" in args.free:
        temps = {args.temperature: env["temperature"]}
        if "idealized" not in temps:
            temps["idealized"] = exponential_thermocline(table["sst"].to_numpy(), Z_INTERFACES)
        for name, product in (("woa23", read_woa23_glodap), ("levitus", read_levitus94)):
            if name in temps:
                continue
            # the same rows as the fit; rows the product does not cover are never filled
            prof, match, dated, _ = path_profiles(
                product(), ("temperature",), table["lat"].to_numpy(float), table["lon"].to_numpy(float),
                table["depth"].to_numpy(float), table["month"].to_numpy(float), Z_INTERFACES)
            covered = match.within & dated & np.isfinite(prof["temperature"]).all(axis=-1)
            if covered.all():
                temps[name] = prof["temperature"]
            else:
                print(f"comparison with {name} skipped: {int((~covered).sum())} of the fitted rows "
                      "have no covering column within its lookup distance")
        for name, t in temps.items():
            if name == args.temperature:
                r, la, pr = res, lap, pred1
            else:
                r, la, pr = _fit(trap_problem(table, {**env, "temperature": t}, Z_INTERFACES, args.free,
                                              params=params), args.max_steps)
            variants[name] = (labels, r, la, pr)
        fixed = [f for f in args.free if f != "poc.q10"]
        q2 = trap_problem(table, env, Z_INTERFACES, fixed, params=TrapFluxParams(
            poc=params.poc.__class__(z0=EXPORT_DEPTH_M, q10=SEED_Q10)))
        r, la, pr = _fit(q2, args.max_steps)
        variants[f"Q10={SEED_Q10:g} fixed"] = (q2.free.labels, r, la, pr)

    t_compare = time.time() - T_START
    comparison = {}
    for name, (labs, r, la, pr) in variants.items():
        comparison[name] = {
            "description": (f"Q10 fixed at the seed's {SEED_Q10:g}, {args.temperature} temperature, other "
                            f"parameters refitted") if name.startswith("Q10") else TEMPERATURE_SOURCES[name],
            "loss": float(r.loss), "delta_loss": float(r.loss - res.loss),
            "delta_chi2_scaled": float(2.0 * (r.loss - res.loss) / lap.residual_scale),
            "parameters": {lab: {"value": float(la.theta[i]), "se": float(la.se[i])} for i, lab in enumerate(labs)},
            "metrics": metrics.summary(pr, obs, groups)}

    summary = results.summarize(problem.free, res, lap, n_obs=problem.obs.n, units=UNITS,
                                metrics={"before": before, "after": after}, initial=problem.free.physical(u0),
                                extra={"identifiability_with_k1": notes,
                                       "sigma_ln_fitted": float(np.sqrt(lap.residual_scale)),
                                       "temperature_source": TEMPERATURE_SOURCES[args.temperature],
                                       "exclusions": inputs.exclusions, "comparison": comparison})
    out = Path(args.out)
    js, nc = results.write(summary, out, "calibrate_traps", title="Trap-flux calibration (Mouw 2016)")
    kept = xr.Dataset(
        {"flux": ("obs", obs, {"units": "mg C m-2 d-1", "long_name": "observed trap flux"}),
         "predicted": ("obs", pred1, {"units": "mg C m-2 d-1", "long_name": "fitted model flux"}),
         "is_pic": ("obs", table["is_pic"].to_numpy().astype(np.int8), {"units": "1"}),
         "export_top": ("obs", table["export_top"].to_numpy(float), {"units": "mg C m-2 d-1"}),
         "sst": ("obs", table["sst"].to_numpy(float), {"units": "degC"}),
         "temperature": (("obs", "layer"), env["temperature"], {"units": "degC",
                         "long_name": f"temperature along the path: {TEMPERATURE_SOURCES[args.temperature]}"}),
         "omega_calcite": (("obs", "layer"), env["omega_calcite"], {"units": "1"})},
        coords={"lat": ("obs", table["lat"].to_numpy(float)), "lon": ("obs", table["lon"].to_numpy(float)),
                "depth": ("obs", table["depth"].to_numpy(float), {"units": "m"}),
                "month": ("obs", table["month"].to_numpy(float)),
                "layer_top": ("layer", Z_INTERFACES[:-1]), "layer_bottom": ("layer", Z_INTERFACES[1:])},
        attrs={f"excluded: {k}": v for k, v in inputs.exclusions.items()})
    env_nc = write_netcdf(kept, out / "calibrate_traps_environment.nc",
                          title="Trap observations and their observed environment (kept rows)")
    every = inputs.environment
    every["exclusion"].attrs["units"] = "1"
    write_netcdf(every.assign(flux=("obs", inputs.all_rows["flux"].to_numpy(float), {"units": "mg C m-2 d-1"}),
                              is_pic=("obs", inputs.all_rows["is_pic"].to_numpy().astype(np.int8), {"units": "1"})),
                 out / "calibrate_traps_environment_all.nc",
                 title="Observed environment at every selected trap row, with exclusion reasons")
    fig = plots.summary_figure(res.loss_history, pred1, obs, groups, units="mg C m-2 d-1")
    fig.savefig(out / "calibrate_traps.png", dpi=150)
    if variants:
        _comparison_figure(variants, temps, obs, groups, Z_INTERFACES, out / "calibrate_traps_temperature.png")

    print(f"temperature: {TEMPERATURE_SOURCES[args.temperature]}")
    print(f"observations: {problem.obs.n} ({int(table['is_pic'].sum())} PIC, {int((~table['is_pic']).sum())} POC); "
          f"excluded: " + ", ".join(f"{k} {v}" for k, v in inputs.exclusions.items()))
    print(f"L-BFGS: {int(res.n_steps)} steps, converged={bool(res.converged)}, loss {float(problem.loss(u0)):.1f} -> {float(res.loss):.1f}")
    print(f"{'parameter':<12}{'initial':>10}{'fitted':>12}{'se':>10}   2-sigma interval")
    for lab in labels:
        p = summary["parameters"][lab]
        print(f"{lab:<12}{p['initial']:>10.4g}{p['value']:>12.4g}{p['se']:>10.3g}   [{p['ci2_low']:.4g}, {p['ci2_high']:.4g}]")
    print("correlation:\n" + np.array2string(np.asarray(lap.corr), precision=2))
    print(f"{'group':<16}{'n':>6}{'RMSE log10 before':>19}{'after':>8}{'R2 before':>11}{'after':>8}")
    for g in after:
        print(f"{g:<16}{after[g]['n']:>6}{before[g]['rmse_log10']:>19.3f}{after[g]['rmse_log10']:>8.3f}"
              f"{before[g]['r2']:>11.3f}{after[g]['r2']:>8.3f}")
    if comparison:
        print("comparison on the same rows (delta chi2 = 2 delta loss / fitted scatter^2):")
        for name, c in comparison.items():
            q = c["parameters"].get("poc.q10", {"value": SEED_Q10, "se": 0.0})
            w = c["parameters"]["poc.w_sink"]
            print(f"  {name:<16} Q10 {q['value']:.3f} +/- {q['se']:.3f}  W {w['value']:.1f} +/- {w['se']:.1f} m/d  "
                  f"loss {c['loss']:.1f} (delta {c['delta_loss']:+.1f}, delta chi2 {c['delta_chi2_scaled']:+.1f})  "
                  f"RMSE log10 {c['metrics']['all']['rmse_log10']:.4f}")
        names = list(comparison)
        print(f"{'RMSE log10':<16}" + "".join(f"{n:>16}" for n in names))
        for g in after:
            print(f"{g:<16}" + "".join(f"{comparison[n]['metrics'][g]['rmse_log10']:>16.3f}" for n in names))
    for n in summary["identifiability"] + notes:
        print("identifiability:", n)
    print(f"wrote {js}, {nc}, {env_nc}, {out / 'calibrate_traps_environment_all.nc'}, "
          f"{out / 'calibrate_traps.png'}" + (f", {out / 'calibrate_traps_temperature.png'}" if variants else ""))
    print(f"total time {time.time() - T_START:.1f} s (reading data and environment {t_load:.1f} s, "
          f"main fit done at {t_fit:.1f} s, comparisons done at {t_compare:.1f} s; CPU {time.process_time():.1f} s)")
    return summary


def _comparison_figure(variants, temps, obs, groups, z, path):
    """Mean temperature profiles of the trap paths by source, and RMSE per group by variant."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from jaxocean.calibrate import metrics

    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.2))
    mid = 0.5 * (z[1:] + z[:-1])
    for name, t in temps.items():
        a.plot(t.mean(0), mid, label=f"{name} (mean over the trap paths)")
    a.invert_yaxis()
    a.set_xlabel("temperature [degC]")
    a.set_ylabel("depth [m]")
    a.legend()
    names = list(variants)
    glist = [g for g in dict.fromkeys(groups.tolist())]
    x = np.arange(len(glist))
    for k, name in enumerate(names):
        s = metrics.summary(variants[name][3], obs, groups)
        b.bar(x + k / (len(names) + 1), [s[g]["rmse_log10"] for g in glist], 1 / (len(names) + 1), label=name)
    b.set_xticks(x + 0.3, glist, rotation=60, ha="right", fontsize=7)
    b.set_ylabel("RMSE log10(model / observed)")
    b.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
