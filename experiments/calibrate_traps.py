"""Fit export-profile parameters to Mouw et al. (2016) sediment-trap PIC and POC fluxes.

Model (``jaxocean.calibrate.models.traps``): Henson et al. (2012) POC export at 100 m in the
trap's 1-degree cell times an export profile at the trap depth; PIC export = r * POC export.
Default free set: POC Q10 and sinking speed W_sink (ExponentialQ10 with k1 fixed: k1 and
W_sink only enter as k1/W_sink, which the script demonstrates with the Laplace
correlation), the PIC Martin b and the PIC:POC export ratio r. Misfit: log-normal with a
common, unknown scatter (standard errors scaled by the reduced chi-square).

Observations: deployments <= 31 d in open ocean (water depth >= 200 m), traps at or below
100 m, positive fluxes. Temperature: an idealised exponential thermocline under the CESM
upper-ocean temperature (year-2100 RCP8.5 file in ../shared/data/boats; no observed
climatology is available offline), which limits what Q10 can mean here.

    python experiments/calibrate_traps.py [--out runs/calibrate_traps] [--poc-profile q10|martin]
                                          [--free poc.q10 poc.w_sink ...]
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
Z_INTERFACES = np.array([0, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000,
                         5000, 6500], float)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="runs/calibrate_traps", help="output folder")
    ap.add_argument("--poc-profile", choices=("q10", "martin"), default="q10",
                    help="POC profile: exponential with Q10 (default) or Martin curve")
    ap.add_argument("--free", nargs="+", default=None,
                    help=f"free parameter names (default {' '.join(DEFAULT_FREE)}; "
                         f"with --poc-profile martin: {' '.join(MARTIN_FREE)})")
    ap.add_argument("--max-steps", type=int, default=200)
    args = ap.parse_args(argv)
    jaxocean.enable_float64()
    from jaxocean.calibrate import Problem, fit, identifiability, laplace, metrics, plots, results

    from jaxocean.calibrate.models.traps import (EXPORT_DEPTH_M, TrapFluxParams, mouw_henson_inputs,
                                                 trap_problem)
    from jaxocean.export import MartinCurve
    from jaxocean.core.validate import InputError

    try:
        table, env = mouw_henson_inputs(Z_INTERFACES)
    except InputError as err:
        sys.exit(f"calibrate_traps: {err}")
    t_load = time.time() - T_START
    martin = args.poc_profile == "martin"
    params = TrapFluxParams(poc=MartinCurve(z0=EXPORT_DEPTH_M)) if martin else TrapFluxParams()
    args.free = args.free or list(MARTIN_FREE if martin else DEFAULT_FREE)
    problem = trap_problem(table, env, Z_INTERFACES, args.free, params=params)
    labels = problem.free.labels
    u0 = problem.free.initial()
    pred0 = np.asarray(jax.jit(Problem.predict)(problem, u0))
    res = fit(problem, u0, method="lbfgs", max_steps=args.max_steps, progress=True)
    lap = laplace(problem, res.u, scale_by_misfit=True)
    pred1 = np.asarray(jax.jit(Problem.predict)(problem, res.u))
    obs = table["flux"].to_numpy()
    groups = table["group"].to_numpy()
    before, after = metrics.summary(pred0, obs, groups), metrics.summary(pred1, obs, groups)

    # k1 and W_sink enter only as k1/W_sink: free k1 too at the optimum and let Laplace show it.
    notes = []
    if "poc.k1" not in args.free and "poc.w_sink" in args.free:
        ext = trap_problem(table, env, Z_INTERFACES, tuple(args.free) + ("poc.k1",),
                           params=problem.free.to_params(res.u))
        lap_ext = laplace(ext, ext.free.initial(), scale_by_misfit=True)
        notes = identifiability(lap_ext, ext.free.labels)
    units = {"poc.q10": "1", "poc.w_sink": "m d-1", "poc.k1": "d-1", "pic.b": "1", "poc.b": "1",
             "pic_poc": "1", "export_scale": "1", "pic.k_diss": "d-1"}
    summary = results.summarize(problem.free, res, lap, n_obs=problem.obs.n, units=units,
                                metrics={"before": before, "after": after}, initial=problem.free.physical(u0),
                                extra={"identifiability_with_k1": notes,
                                       "sigma_ln_fitted": float(np.sqrt(lap.residual_scale))})
    out = Path(args.out)
    js, nc = results.write(summary, out, "calibrate_traps", title="Trap-flux calibration (Mouw 2016)")
    fig = plots.summary_figure(res.loss_history, pred1, obs, groups, units="mg C m-2 d-1")
    fig.savefig(out / "calibrate_traps.png", dpi=150)

    print(f"observations: {problem.obs.n} ({int(table['is_pic'].sum())} PIC, {int((~table['is_pic']).sum())} POC)")
    print(f"L-BFGS: {int(res.n_steps)} steps, converged={bool(res.converged)}, loss {float(problem.loss(u0)):.1f} -> {float(res.loss):.1f}")
    print(f"{'parameter':<12}{'initial':>10}{'fitted':>12}{'se':>10}   2-sigma interval")
    for i, lab in enumerate(labels):
        p = summary["parameters"][lab]
        print(f"{lab:<12}{p['initial']:>10.4g}{p['value']:>12.4g}{p['se']:>10.3g}   [{p['ci2_low']:.4g}, {p['ci2_high']:.4g}]")
    print("correlation:\n" + np.array2string(np.asarray(lap.corr), precision=2))
    print(f"{'group':<16}{'n':>6}{'RMSE log10 before':>19}{'after':>8}{'R2 before':>11}{'after':>8}")
    for g in after:
        print(f"{g:<16}{after[g]['n']:>6}{before[g]['rmse_log10']:>19.3f}{after[g]['rmse_log10']:>8.3f}"
              f"{before[g]['r2']:>11.3f}{after[g]['r2']:>8.3f}")
    for n in summary["identifiability"] + notes:
        print("identifiability:", n)
    print(f"wrote {js}, {nc}, {out / 'calibrate_traps.png'}")
    print(f"total time {time.time() - T_START:.1f} s (reading data {t_load:.1f} s)")
    return summary


if __name__ == "__main__":
    main()
