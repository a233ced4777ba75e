"""Build notebooks/05_calibration.ipynb (without outputs) with nbformat.

    python notebooks/_build/build_05.py
"""


import nbformat as nbf

from _write import write

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell

cells = [
    md("""# Calibrating jaxocean models by gradient

Every jaxocean model is a pure JAX function of an `equinox` parameter Module, so its
parameters can be fitted by gradient. `jaxocean.calibrate` does this generically:

1. `FreeParameters.select(params, free=("poc.q10", ...))` picks the free fields by name and
   maps them to an unconstrained vector (log for positive parameters, logistic for bounds);
2. `Problem(forward, data, free, obs, prior)` couples a forward model to observations with a
   Gaussian or log-normal misfit;
3. `fit` runs L-BFGS or Adam inside one jitted `lax.while_loop` with early stopping;
   `fit_restarts` vmaps it over random starts;
4. `laplace` gives standard errors and correlations from the Hessian at the optimum (delta
   method to physical units) and flags non-identifiable combinations.

Part 1 fits export-profile parameters to the Mouw et al. (2016) sediment-trap PIC and POC
fluxes (Henson et al. 2012 export at 100 m times a profile at the trap depth). Part 2 is a
twin experiment for the REcoM CO2-factor coefficients (Seifert et al. 2025, Eq. 3), with the
carbonate system solved inside the loss. Part 3 calibrates the calcification CO2 factor
against the trap PIC and POC through REcoM's calcification chain (Eqs. 1-3, C1-C2).

Designed for a GPU; `JAXOCEAN_SMALL=1` (the test suite) subsamples the traps and uses fewer
replicates so that it runs on a laptop CPU in well under a minute."""),
    code("""import os
import time

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import jaxocean

jaxocean.enable_float64()
from jaxocean.calibrate import Problem, fit, fit_restarts, identifiability, laplace, metrics, plots
from jaxocean.calibrate.models import co2_factor as co2m
from jaxocean.calibrate.models import traps as trapm
from jaxocean.core.validate import InputError

SMALL = os.environ.get("JAXOCEAN_SMALL") == "1"
N_TRAPS = 800 if SMALL else None           # subsample of the ~22 000 trap fluxes
N_RESTARTS = 2 if SMALL else 16
Z = np.array([0, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6500.0])
print(jax.devices(), "small" if SMALL else "full")"""),
    md("""## Part 1 — export profiles against sediment-trap fluxes

POC follows an exponential profile with Q10-temperature-dependent remineralisation
(seed 002 Eqs. 25-26: $F(z+\\Delta z) = F(z)\\,e^{-k_1 Q_{10}^{(T-T_1)/10}\\Delta z / W}$),
PIC a Martin curve $(z/100)^{-b}$ scaled by the PIC:POC export ratio. Since $k_1$ and $W$
enter only as $k_1/W$, $k_1$ stays fixed; we free Q10, W, the PIC b and the ratio. The
scatter of the trap data about the model is unknown, so the misfit is log-normal with
σ = 1 and the Laplace covariance is scaled by the reduced χ².

The real data live in `../shared`; without them this part is skipped."""),
    code("""try:
    table, env = trapm.mouw_henson_inputs(Z)
except InputError as err:
    table = None
    print("Skipping the real-data fit:", err)
if table is not None and N_TRAPS is not None and len(table) > N_TRAPS:
    keep = np.sort(np.random.default_rng(0).choice(len(table), N_TRAPS, replace=False))
    table = table.iloc[keep].reset_index(drop=True)
    env = {k: v[keep] for k, v in env.items()}
if table is not None:
    print(len(table), "trap fluxes;", int(table.is_pic.sum()), "PIC")"""),
    code("""if table is not None:
    problem = trapm.trap_problem(table, env, Z, ("poc.q10", "poc.w_sink", "pic.b", "pic_poc"))
    t0 = time.time()
    restarts = fit_restarts(problem, jax.random.key(0), N_RESTARTS, scale=0.5)
    best = restarts.best
    lap = laplace(problem, best.u, scale_by_misfit=True)
    print(f"fit + restarts: {time.time() - t0:.1f} s; {int(restarts.n_near_best)}/{N_RESTARTS} restarts reach the best loss")
    for lab, v, s, sp in zip(problem.free.labels, lap.theta, lap.se, restarts.spread):
        print(f"{lab:<11} {float(v):10.4g} ± {float(s):.2g}   (restart spread {float(sp):.2g})")
    print("correlations:\\n", np.round(np.asarray(lap.corr), 2))"""),
    code("""if table is not None:
    predict = jax.jit(Problem.predict)
    pred0 = np.asarray(predict(problem, problem.free.initial()))
    pred1 = np.asarray(predict(problem, best.u))
    obs, groups = table.flux.to_numpy(), table.group.to_numpy()
    before, after = metrics.summary(pred0, obs, groups), metrics.summary(pred1, obs, groups)
    print(f"RMSE log10 (all): {before['all']['rmse_log10']:.3f} -> {after['all']['rmse_log10']:.3f}")
    for g in after:
        if g != "all":
            print(f"  {g:<15} n={after[g]['n']:5d}  R2 {before[g]['r2']:7.2f} -> {after[g]['r2']:6.2f}")
    fig = plots.summary_figure(best.loss_history, pred1, obs, groups, units="mg C m-2 d-1")"""),
    md("""Freeing $k_1$ as well shows why it is held fixed: the Laplace correlation of $k_1$ and $W$
is +1 and the Hessian is singular along $k_1/W$ = const."""),
    code("""if table is not None:
    ext = trapm.trap_problem(table, env, Z, ("poc.q10", "poc.w_sink", "pic.b", "pic_poc", "poc.k1"),
                             params=problem.free.to_params(best.u))
    for note in identifiability(laplace(ext, ext.free.initial(), scale_by_misfit=True), ext.free.labels):
        print(note)"""),
    md("""## Part 2 — CO2-factor twin experiment

Synthetic rate observations are generated with the published calcification coefficients
over alkalinities from 100 to 4500 µmol kg⁻¹ (the rise, plateau and high-pH decline of the
factor), with Gaussian noise of 0.02. Starting from the diatom coefficients, L-BFGS recovers
$(a, b, c, d)$; the carbonate system is solved for every observation inside the loss and
differentiated implicitly."""),
    code("""from jaxocean.calibrate import FreeParameters, Observations
from jaxocean.recom import CO2FactorParams

truth = co2m.RateParams(CO2FactorParams.calcification())
chem = co2m.chemistry_design(40 if SMALL else 200, seed=0)
clean = np.asarray(jax.jit(co2m.predict)(truth, chem))
noisy = clean + 0.02 * np.random.default_rng(1).normal(size=clean.size)
names = ("co2.a", "co2.b", "co2.c", "co2.d")
twin = Problem(co2m.predict, chem, FreeParameters.select(co2m.RateParams(CO2FactorParams.diatoms()), names),
               Observations.gaussian(noisy, 0.02))
t0 = time.time()
res = fit(twin, max_steps=300)
lap2 = laplace(twin, res.u)
print(f"fit: {int(res.n_steps)} L-BFGS steps, {time.time() - t0:.1f} s (incl. compilation)")
true_vals = [truth.co2.a, truth.co2.b, truth.co2.c, truth.co2.d]
for lab, t, v, s in zip(names, true_vals, lap2.theta, lap2.se):
    print(f"{lab}: truth {t:10.4g}  fitted {float(v):10.4g} ± {float(s):.2g}  ({(float(v) - t) / float(s):+.1f} sigma)")"""),
    code("""ta = jnp.linspace(100.0, 4500.0, 200)
line = co2m.chemistry(ta * 0.9, ta, 15.0, 35.0)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(np.asarray(chem.ta), noisy, ".", ms=4, color="0.5", label="synthetic observations")
ax.plot(ta, co2m.predict(truth, line), "k-", label="truth (calcification set)")
ax.plot(ta, co2m.predict(twin.free.to_params(res.u), line), "r--", label="fitted")
ax.plot(ta, co2m.predict(twin.free.template, line), ":", label="start (diatom set)")
ax.set(xlabel="TA [µmol kg⁻¹] (DIC = 0.9 TA for the curves)", ylabel="relative rate f", title="CO2-factor twin")
ax.legend(fontsize=7);"""),
    md("""## Part 3 — the REcoM CO2-factor chain to trap PIC

`jaxocean.calibrate.models.pic_chain` ties the calcification CO2 factor (Seifert et al. 2025,
Eq. 3) to the trap fluxes through REcoM's own terms. Eq. 1 gives the coccolithophore gross
photosynthesis $PS_j$ (which contains $f_{CO_2,cocco}$) and Eq. 2 the calcification
$Calc_j = PS_j C_j (PIC{:}POC)_{ref} f(T)_{calc} f(N)_{calc} f_{CO_2,calc}$, so the PIC:POC of
coccolithophore production is $(PIC{:}POC)_{ref} f(T)_{calc} f(N)_{calc} f_{CO_2,calc}$
(Eqs. C1, C2; $f_{CO_2,cocco}$ cancels). The exported PIC:POC is that times $s$, the
coccolithophores' share of exported POC (free). At each trap:
POC = Henson export at 100 m × the Q10 profile on the Levitus temperature of the deployment
month; PIC = PIC:POC × export × calcite dissolution $k_{diss}\\max(0, 1-\\Omega)$ along the path.
The carbonate system (surface: WOA23/GLODAP DIC, TA, nutrients with the deployment-month
SST; Ω at depth at in-situ pressure) is solved inside the loss.

Stage 1 frees all four coefficients; a Fisher-information analysis at the published
coefficients fixes those the traps cannot constrain; stage 2 refits the rest. The full run is
`experiments/calibrate_co2_factor_traps.py`."""),
    code("""from jaxocean.calibrate.models import pic_chain as pc
from jaxocean.regions import REGION_ABBREV, read_reccap2_regions, region_of
from jaxocean.io.paths import shared_path

try:
    inputs = trapm.trap_inputs(Z, "levitus")
except InputError as err:
    inputs = None
    print("Skipping the real-data chain fit:", err)
if inputs is not None:
    ctab, cargs, cexcl = pc.trap_chain_inputs(inputs, Z)
    if SMALL:                                   # every 8th usable row
        rows = np.arange(0, len(ctab), 8)
        ctab = ctab.iloc[rows].reset_index(drop=True)
        cargs = {k: ({f: x[rows] for f, x in v.items()} if isinstance(v, dict) else
                     (v if k == "z_interfaces" else v[rows])) for k, v in cargs.items()}
    cdata = pc.chain_data(**cargs)
    rnames = ("none",) + tuple(REGION_ABBREV)
    ctab["region"] = [rnames[r] for r in region_of(ctab.lat, ctab.lon, read_reccap2_regions(
        shared_path("data", "reccap2_masks", "RECCAP2_region_masks_all_v20221025.nc")))]
    print(len(ctab), "trap fluxes in the chain fit; excluded:", cexcl)"""),
    code("""import equinox as eqx

if inputs is not None:
    cobs = ctab.flux.to_numpy()
    p1 = pc.chain_problem(cdata, cobs, pc.DEFAULT_FREE)
    r1 = fit(p1, max_steps=200)
    l1 = laplace(p1, r1.u, scale_by_misfit=True)
    print("stage 1 (all four coefficients free):")
    for lab, v, s in zip(p1.free.labels, l1.theta, l1.se):
        print(f"  {lab:<12} {float(v):11.4g} ± {float(s):.3g}")
    for note in identifiability(l1, p1.free.labels):
        print("  identifiability:", note)
    at = eqx.tree_at(lambda p: p.calc_co2, p1.free.to_params(r1.u), pc.ChainParams().calc_co2)
    kept, dropped = pc.identifiable_subset(p1, p1.free.initial(at), residual_scale=float(l1.residual_scale))
    for name, sd, c in dropped:
        print(f"  NOT identifiable from the traps: {name} (se {sd:.3g} in log units, max |corr| {c:.2f}): fixed at Seifert et al. 2025")
    p2 = pc.chain_problem(cdata, cobs, kept, params=at)
    r2 = fit(p2, max_steps=200)
    l2 = laplace(p2, r2.u, scale_by_misfit=True)
    print("stage 2:")
    for lab, v, s in zip(p2.free.labels, l2.theta, l2.se):
        print(f"  {lab:<12} {float(v):11.4g} ± {float(s):.3g}")
    print("correlations:\\n", np.round(np.asarray(l2.corr), 2))
    for note in identifiability(l2, p2.free.labels):
        print("  identifiability:", note)"""),
    code("""from jaxocean.carbonate import solve
from jaxocean.recom import co2_factor
from jaxocean.traps import TABLE1_LAYERS

if inputs is not None:
    cpred = np.asarray(jax.jit(Problem.predict)(p2, r2.u))
    fig, ax = plt.subplots(2, 2, figsize=(12, 8))
    pic = ctab.is_pic.to_numpy()
    for k, (sel, name) in enumerate(((pic, "PIC"), (~pic, "POC"))):
        for lay in TABLE1_LAYERS:
            m = sel & (ctab.layer == lay).to_numpy()
            if m.any():
                ax[0, k].scatter(cobs[m], cpred[m], s=4, alpha=0.5, label=lay)
        lim = [cobs[sel].min(), cobs[sel].max()]
        ax[0, k].plot(lim, lim, "k--", lw=1)
        ax[0, k].set(xscale="log", yscale="log", xlabel=f"observed {name} [mg C m-2 d-1]",
                     ylabel="fitted", title=f"{name} by depth layer")
        ax[0, k].legend(fontsize=6)
        res = np.log10(cpred / cobs)
        regs = [r for r in rnames if (sel & (ctab.region == r).to_numpy()).any()]
        ax[1, 0].boxplot([res[sel & (ctab.region == r).to_numpy()] for r in regs],
                         positions=np.arange(len(regs)) * 2 + k * 0.8, widths=0.7, showfliers=False)
    ax[1, 0].axhline(0, color="k", lw=1)
    ax[1, 0].set(ylabel="log10(fitted / observed)", title="Residuals by RECCAP2 region (left PIC, right POC)")
    ax[1, 0].set_xticks(np.arange(len(regs)) * 2 + 0.4, regs, rotation=45, fontsize=7)
    ta = np.linspace(1800.0, 4500.0, 200)                       # Fig. 1a: DIC 1950, 20 degC, S 35
    st = solve(1950.0, ta, 20.0, 35.0)
    for prm, lab, sty in ((pc.ChainParams().calc_co2, "published (Table A1)", "k-"),
                          (p1.free.to_params(r1.u).calc_co2, "stage 1 (a, b, c, d free)", "r--"),
                          (p2.free.to_params(r2.u).calc_co2, "stage 2 (identifiable subset)", "b:")):
        ax[1, 1].plot(ta, co2_factor(st.hco3, st.co2, st.h, prm), sty, label=lab)
    ax[1, 1].set(xlabel="TA [µmol kg⁻¹] (Fig. 1a range)", ylabel="f_CO2,calc", title="Calcification CO2 factor")
    ax[1, 1].legend(fontsize=7)
    fig.tight_layout()"""),
]


write(cells, "05_calibration.ipynb")
