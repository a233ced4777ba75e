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
carbonate system solved inside the loss.

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
]


write(cells, "05_calibration.ipynb")
