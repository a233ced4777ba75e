"""Build notebooks/01_carbonate_and_co2_factor.ipynb (without outputs) with nbformat.

    python notebooks/_build/build_01.py
"""


import nbformat as nbf

from _write import write

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell

cells = [
    md("""# Carbonate chemistry and the REcoM CO2 factor

Seifert et al. (2025, *Biogeosciences* 22, 5897) let the carbonate system act on REcoM
phytoplankton: gross photosynthesis and coccolithophore calcification are multiplied by a
CO2 factor (their Eq. 3, Table A1)

$$f(\\mathrm{CO_2}) = \\frac{a\\,[\\mathrm{HCO_3^-}]}{b + [\\mathrm{HCO_3^-}]} - e^{-c\\,[\\mathrm{CO_2}]} - d\\,[\\mathrm{H^+}],$$

with HCO3 and CO2(aq) in µmol kg⁻¹ and [H⁺] = 10⁻ᵖᴴ in mol kg⁻¹, clipped to [0, 3].
This notebook

1. solves the carbonate system with `jaxocean.carbonate.solve` (mocsy constants, as in REcoM),
2. reproduces the paper's Fig. 1 (factors against alkalinity; diatom factor over T and DIC),
3. runs a vmapped ocean-alkalinity-enhancement (OAE) sweep: add alkalinity, recompute the
   chemistry and factors, let the water re-equilibrate with the atmosphere and compute the
   OAE efficiency η = ΔDIC/ΔTA (Eq. 4) and the biological pCO2 drawdown (Eq. 5),
4. differentiates a factor through the solver (`jax.grad`).

Set `JAXOCEAN_SMALL=1` for small grids (the test suite does)."""),
    code("""import os

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import jaxocean

jaxocean.enable_float64()
from jaxocean.carbonate import solve
from jaxocean.recom import (CO2_FACTOR_SETS, CO2FactorParams, biological_pco2_drawdown,
                            calcite_dissolution_rate, co2_factor, oae_efficiency, DissolutionParams)

SMALL = os.environ.get("JAXOCEAN_SMALL") == "1"
N_TA, N_T, N_DIC, N_OAE = (28, 6, 5, 6) if SMALL else (271, 69, 61, 26)
SAL = 35.0
ALL_SETS = CO2FactorParams.stacked()   # diatoms, small phytoplankton, coccolithophores, calcification
factors = jax.vmap(co2_factor, in_axes=(None, None, None, 0))   # over the four parameter sets
print("grid sizes:", N_TA, N_T, N_DIC, N_OAE)"""),
    md("""## 1. Carbonate state along an alkalinity gradient

Fig. 1a conditions: 20 °C, S 35, DIC 1950 µmol kg⁻¹, no nutrients, surface pressure, not
equilibrated with the atmosphere. Raising TA at constant DIC shifts CO2(aq) to HCO3⁻ and CO3²⁻."""),
    code("""ta = jnp.linspace(1800.0, 4500.0, N_TA)
state = solve(1950.0, ta, 20.0, SAL)
for k in np.linspace(0, N_TA - 1, 6).astype(int):
    print(f"TA {float(ta[k]):6.0f}: pH {float(state.ph[k]):.3f}  HCO3 {float(state.hco3[k]):7.1f}  "
          f"CO2 {float(state.co2[k]):7.2f}  CO3 {float(state.co3[k]):6.1f}  Omega_c {float(state.omega_calcite[k]):5.2f}")"""),
    md("""## 2. Fig. 1: the CO2 factors

(a) all four factors against TA; (b) the diatom factor over temperature and DIC at TA 2150 µmol kg⁻¹.
The factor is zero at low TA (low HCO3⁻, high [H⁺]), plateaus near 1 and falls at high TA as CO2(aq)
is depleted. Note the small-phytoplankton *c* = 0.2255 (REcoM code; Table A1 misprints 0.255)."""),
    code("""f_ta = factors(state.hco3, state.co2, state.h, ALL_SETS)        # (4, N_TA)
temp = jnp.linspace(-2.0, 32.0, N_T)
dic = jnp.linspace(1500.0, 2100.0, N_DIC)
grid = solve(dic[:, None], 2150.0, temp[None, :], SAL)
f_dia = co2_factor(grid.hco3, grid.co2, grid.h, CO2FactorParams.diatoms())   # (N_DIC, N_T)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
for i, name in enumerate(CO2_FACTOR_SETS):
    ax1.plot(ta, f_ta[i], label=name)
    k = int(jnp.argmax(f_ta[i]))
    print(f"{name:20s} peak {float(f_ta[i, k]):.4f} at TA {float(ta[k]):.0f} umol/kg")
ax1.set(xlabel="TA [umol/kg]", ylabel="CO2 factor", title="(a) 20 degC, DIC 1950")
ax1.legend()
cs = ax2.contourf(temp, dic, f_dia, levels=np.concatenate([np.linspace(0, 0.9, 10), [0.95, 0.98, 0.99, 1.0, 1.01]]))
fig.colorbar(cs, ax=ax2)
ax2.set(xlabel="T [degC]", ylabel="DIC [umol/kg]", title="(d) diatom factor, TA 2150")
plt.show()"""),
    md("""## 3. A vmapped OAE sweep

Start from a subtropical surface state (TA 2300, DIC 2030 µmol kg⁻¹, 20 °C) and add ΔTA.
*Immediately* DIC is unchanged, pCO2 drops and the chemistry shifts; *after re-equilibration*
the water has taken up CO2 until its pCO2 is back at the initial value. The equilibrated DIC
is found by Newton's method on pCO2(DIC) with derivatives from `jax.jvp` through the solver,
and the whole sweep is one `jax.vmap`. OAE efficiency η = ΔDIC/ΔTA (Eq. 4)."""),
    code("""TA0, DIC0, T0 = 2300.0, 2030.0, 20.0
base = solve(DIC0, TA0, T0, SAL)
pco2_target = base.pco2


def equilibrated_dic(ta_new, n_newton=8):
    \"\"\"DIC at which pCO2(DIC, ta_new) equals the initial pCO2 (full air-sea re-equilibration).\"\"\"
    pco2 = lambda d: solve(d, ta_new, T0, SAL).pco2
    def newton(_, d):
        value, slope = jax.jvp(pco2, (d,), (jnp.ones_like(d),))   # pCO2 and dpCO2/dDIC
        return d - (value - pco2_target) / slope
    return jax.lax.fori_loop(0, n_newton, newton, DIC0 + 0.85 * (ta_new - TA0))


@jax.vmap
def oae(d_ta):
    ta_new = TA0 + d_ta
    now = solve(DIC0, ta_new, T0, SAL)
    dic_eq = equilibrated_dic(ta_new)
    eq = solve(dic_eq, ta_new, T0, SAL)
    return dict(pco2_now=now.pco2, f_now=factors(now.hco3, now.co2, now.h, ALL_SETS),
                dic_eq=dic_eq, pco2_eq=eq.pco2, f_eq=factors(eq.hco3, eq.co2, eq.h, ALL_SETS),
                gamma_eq=eq.gamma_dic, omega_eq=eq.omega_calcite,
                eta=oae_efficiency(dic_eq, DIC0, ta_new, TA0))


d_ta = jnp.linspace(25.0, 500.0, N_OAE)
sweep = jax.tree.map(np.asarray, oae(d_ta))
f0 = factors(base.hco3, base.co2, base.h, ALL_SETS)
print(f"initial pCO2 {float(pco2_target):.1f} uatm; re-equilibrated pCO2 max error "
      f"{float(jnp.max(jnp.abs(sweep['pco2_eq'] - pco2_target))):.2e} uatm")
for k in range(N_OAE):
    print(f"dTA {float(d_ta[k]):5.0f}: pCO2 now {float(sweep['pco2_now'][k]):6.1f} uatm, eta {float(sweep['eta'][k]):.3f}, "
          "df now " + " ".join(f"{float(x):+.3f}" for x in sweep['f_now'][k] - f0)
          + " | df eq " + " ".join(f"{float(x):+.4f}" for x in sweep['f_eq'][k] - f0))"""),
    md("""The efficiency η ≈ 0.8–0.85 mol C per mol of alkalinity is the well-known theoretical
value; the paper's model finds 0.34–0.88 in its deployment regions because of transport,
calcification and land feedbacks.
Before equilibration alkalinity strips CO2(aq): the small-phytoplankton and coccolithophore
factors drop most. After re-equilibration CO2(aq) is restored and [H⁺] stays lower, so all factors
rise a little, small phytoplankton more than diatoms — the unequal increase the paper (Sect. 4.3,
Fig. 8) holds responsible for the shift from diatoms to small phytoplankton under OAE.

**Biological pCO2 drawdown (Eq. 5)**: the same biological DIC uptake lowers pCO2 less in the
alkalinised, better-buffered water (larger γ_DIC) — the paper's finding that OAE reduces the
biological pCO2 drawdown. Calcite dissolution stops as Ω_calcite rises above 1."""),
    code("""d_dic_bio = 10.0   # umol/kg taken up by photosynthesis
dp_base = biological_pco2_drawdown(d_dic_bio, base.gamma_dic, base.pco2)
dp_oae = biological_pco2_drawdown(d_dic_bio, sweep["gamma_eq"], sweep["pco2_eq"])
print(f"drawdown without OAE {float(dp_base):.2f} uatm; with dTA {float(d_ta[-1]):.0f}: {float(dp_oae[-1]):.2f} uatm")
print("calcite dissolution rate [1/d] (Omega_c", np.round(np.asarray(sweep['omega_eq'][[0, -1]]), 2), "):",
      np.asarray(calcite_dissolution_rate(sweep["omega_eq"][[0, -1]], DissolutionParams())))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
ax1.plot(d_ta, sweep["eta"], "o-")
ax1.set(xlabel="added TA [umol/kg]", ylabel="eta = dDIC/dTA", title="OAE efficiency (Eq. 4)")
for i, name in enumerate(CO2_FACTOR_SETS):
    ax2.plot(d_ta, sweep["f_now"][:, i] - f0[i], label=f"{name} (immediate)")
    ax2.plot(d_ta, sweep["f_eq"][:, i] - f0[i], "--", color=ax2.lines[-1].get_color())
ax2.set(xlabel="added TA [umol/kg]", ylabel="change in CO2 factor", title="dashed: after re-equilibration")
ax2.legend(fontsize=7)
plt.show()"""),
    md("""## 4. Gradients through the solver

`jax.grad` differentiates the diatom factor with respect to alkalinity through the [H⁺] root
(implicit differentiation in the solver), and with respect to the CO2-factor parameters. The
alkalinity gradient is checked against central finite differences below; the parameter
gradients are checked the same way in `tests/recom/test_co2_factor.py`."""),
    code("""def f_diatom(ta_value, params=CO2FactorParams.diatoms()):
    s = solve(1950.0, ta_value, 20.0, SAL)
    return co2_factor(s.hco3, s.co2, s.h, params)

tas = jnp.array([2100.0, 2300.0, 3000.0])
grads = jax.jit(jax.vmap(jax.grad(f_diatom)))(tas)
h = 1e-3
fds = (f_diatom(tas + h) - f_diatom(tas - h)) / (2 * h)
for ta_value, g, fd in zip(tas, grads, fds):
    print(f"TA {float(ta_value):.0f}: df/dTA = {float(g):+.6e} per umol/kg (finite difference {float(fd):+.6e})")
np.testing.assert_allclose(grads, fds, rtol=1e-6, atol=1e-10)

gp = jax.jit(jax.grad(lambda p: f_diatom(3000.0, p)))(CO2FactorParams.diatoms())
print("d f / d (a, b, c, d) at TA 3000:", [f"{float(x):+.3e}" for x in (gp.a, gp.b, gp.c, gp.d)])"""),
]


write(cells, "01_carbonate_and_co2_factor.ipynb")
