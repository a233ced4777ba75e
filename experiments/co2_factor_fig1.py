"""Reproduce Fig. 1 of Seifert et al. (2025, Biogeosciences 22, 5897): the REcoM CO2 factors.

(a) the four CO2 factors (diatoms, small phytoplankton, coccolithophores, calcification;
    Eq. 3, Table A1) against total alkalinity 1800-4500 umol/kg at 20 degC, S 35,
    DIC 1950 umol/kg, zero phosphate and silicate, surface pressure;
(b) the diatom factor over TA and temperature (DIC 1950 umol/kg);
(c) the diatom factor over TA and DIC (20 degC);
(d) the diatom factor over temperature and DIC at TA 2150 umol/kg.
As in the paper, the carbonate system is not equilibrated with the atmosphere: each point
is solved from (DIC, TA) with ``jaxocean.carbonate.solve`` (mocsy/REcoM constants; the
paper used PyCO2SYS 1.8.3). All points go through one jitted call.

Writes ``co2_factor_fig1.nc`` (CF units) and ``co2_factor_fig1.png`` into --out and prints
the factors at TA 2300 umol/kg and where each factor of panel (a) peaks.

    python experiments/co2_factor_fig1.py [--out runs/co2_factor_fig1] [--n-ta 271] [--n-temp 69] [--n-dic 61]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

import jaxocean
from jaxocean.carbonate import solve
from jaxocean.recom import CO2_FACTOR_SETS, CO2FactorParams, co2_factor

SAL = 35.0             # practical salinity (Fig. 1)
TEMP_A = 20.0          # [degC] panels (a) and (c)
DIC_A = 1950.0         # [umol kg-1] panels (a) and (b)
TA_D = 2150.0          # [umol kg-1] panel (d)
TA_REPORT = 2300.0     # [umol kg-1] factors printed in the summary
TA_RANGE = (1800.0, 4500.0)
TEMP_RANGE = (-2.0, 32.0)
DIC_RANGE = (1500.0, 2100.0)
LABELS = {"diatoms": "Diatom PS", "small_phytoplankton": "Small phytoplankton PS",
          "coccolithophores": "Coccolithophore PS", "calcification": "Calcification"}


@jax.jit
def chemistry_and_factors(dic, ta, temp):
    """Carbonate state and the four CO2 factors (leading axis = CO2_FACTOR_SETS) at each point."""
    state = solve(dic, ta, temp, SAL)
    factors = jax.vmap(co2_factor, in_axes=(None, None, None, 0))(
        state.hco3, state.co2, state.h, CO2FactorParams.stacked())
    return state, factors


def compute(n_ta=271, n_temp=69, n_dic=61):
    """All panels as numpy arrays (one solver call for every point)."""
    ta = np.linspace(*TA_RANGE, n_ta)
    temp = np.linspace(*TEMP_RANGE, n_temp)
    dic = np.linspace(*DIC_RANGE, n_dic)
    tb, tab = np.meshgrid(temp, ta, indexing="ij")    # (b) temperature x TA
    dc, tac = np.meshgrid(dic, ta, indexing="ij")     # (c) DIC x TA
    dd, td = np.meshgrid(dic, temp, indexing="ij")    # (d) DIC x temperature
    panels = {  # name: (dic, ta, temp) broadcast to the panel's shape
        "a": (np.full_like(ta, DIC_A), ta, np.full_like(ta, TEMP_A)),
        "b": (np.full_like(tb, DIC_A), tab, tb),
        "c": (dc, tac, np.full_like(dc, TEMP_A)),
        "d": (dd, np.full_like(dd, TA_D), td),
        "report": (np.array([DIC_A]), np.array([TA_REPORT]), np.array([TEMP_A])),
    }
    flat = [np.concatenate([np.ravel(p[i]) for p in panels.values()]) for i in range(3)]
    state, factors = chemistry_and_factors(*(jnp.asarray(x) for x in flat))
    factors = np.asarray(factors)
    out, start = {"ta": ta, "temp": temp, "dic": dic}, 0
    for name, (d, _, _) in panels.items():
        n = d.size
        out[f"factors_{name}"] = factors[:, start:start + n].reshape((len(CO2_FACTOR_SETS),) + d.shape)
        start += n
    # only panel (a)'s species are written (they lead the flat arrays); copy just those to the host
    out["state_a"] = {k: np.asarray(getattr(state, k)[:n_ta]) for k in ("hco3", "co2", "ph")}
    return out


def to_dataset(res):
    """CF-annotated xarray Dataset of the figure's data."""
    import xarray as xr

    dia = CO2_FACTOR_SETS.index("diatoms")
    sa = res["state_a"]
    ds = xr.Dataset(
        {
            "co2_factor": (("group", "ta"), res["factors_a"],
                           {"units": "1", "long_name": "CO2 factor (Seifert et al. 2025 Eq. 3), panel a",
                            "dic": DIC_A, "temperature": TEMP_A, "salinity": SAL}),
            "hco3": ("ta", sa["hco3"], {"units": "umol kg-1", "long_name": "bicarbonate, panel a"}),
            "co2": ("ta", sa["co2"], {"units": "umol kg-1", "long_name": "dissolved CO2(aq), panel a"}),
            "ph": ("ta", sa["ph"], {"units": "1", "long_name": "pH (total scale), panel a"}),
            "diatom_factor_temp_ta": (("temp", "ta"), res["factors_b"][dia],
                                      {"units": "1", "long_name": "diatom CO2 factor, panel b",
                                       "dic": DIC_A}),
            "diatom_factor_dic_ta": (("dic", "ta"), res["factors_c"][dia],
                                     {"units": "1", "long_name": "diatom CO2 factor, panel c",
                                      "temperature": TEMP_A}),
            "diatom_factor_dic_temp": (("dic", "temp"), res["factors_d"][dia],
                                       {"units": "1", "long_name": "diatom CO2 factor, panel d",
                                        "ta": TA_D}),
        },
        coords={
            "group": ("group", list(CO2_FACTOR_SETS)),
            "ta": ("ta", res["ta"], {"units": "umol kg-1", "long_name": "total alkalinity"}),
            "temp": ("temp", res["temp"], {"units": "degC", "long_name": "temperature"}),
            "dic": ("dic", res["dic"], {"units": "umol kg-1", "long_name": "dissolved inorganic carbon"}),
        },
    )
    return ds


def plot(res, path):
    """Four-panel PNG in the layout of the paper's Fig. 1."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dia = CO2_FACTOR_SETS.index("diatoms")
    fig, axes = plt.subplots(2, 2, figsize=(11, 8.5), constrained_layout=True)
    ax = axes[0, 0]
    for i, name in enumerate(CO2_FACTOR_SETS):
        ax.plot(res["ta"], res["factors_a"][i], label=LABELS[name])
    ax.set(xlabel="TA [umol kg-1]", ylabel="CO2 factor [-]",
           title=f"(a) T {TEMP_A:g} degC, S {SAL:g}, DIC {DIC_A:g} umol kg-1")
    ax.legend()
    levels = np.concatenate([np.linspace(0.0, 0.9, 10), [0.95, 0.98, 0.99, 1.0, 1.005, 1.01]])
    grids = [("b", res["ta"], res["temp"], "TA [umol kg-1]", "T [degC]", f"(b) DIC {DIC_A:g}"),
             ("c", res["ta"], res["dic"], "TA [umol kg-1]", "DIC [umol kg-1]", f"(c) T {TEMP_A:g} degC"),
             ("d", res["temp"], res["dic"], "T [degC]", "DIC [umol kg-1]", f"(d) TA {TA_D:g}")]
    for ax, (name, x, y, xl, yl, title) in zip([axes[0, 1], axes[1, 0], axes[1, 1]], grids):
        cs = ax.contourf(x, y, res[f"factors_{name}"][dia], levels=levels, extend="max")
        ax.contour(x, y, res[f"factors_{name}"][dia], levels=[0.99, 1.0], colors="k", linewidths=0.6)
        ax.set(xlabel=xl, ylabel=yl, title=f"{title}: diatom CO2 factor")
        fig.colorbar(cs, ax=ax)
    fig.savefig(path, dpi=150)
    plt.close(fig)


def summary(res):
    """Factors at TA 2300 and the TA of each factor's maximum in panel (a)."""
    rows = {}
    for i, name in enumerate(CO2_FACTOR_SETS):
        k = int(np.argmax(res["factors_a"][i]))
        rows[name] = {"at_ta_report": float(res["factors_report"][i][0]),
                      "peak": float(res["factors_a"][i][k]), "ta_peak": float(res["ta"][k])}
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/co2_factor_fig1", help="output directory")
    parser.add_argument("--n-ta", type=int, default=271, help="TA points (1800-4500 umol/kg)")
    parser.add_argument("--n-temp", type=int, default=69, help="temperature points (-2 to 32 degC)")
    parser.add_argument("--n-dic", type=int, default=61, help="DIC points (1500-2100 umol/kg)")
    args = parser.parse_args(argv)

    jaxocean.enable_float64()
    from jaxocean.io.netcdf import write_netcdf

    t0 = time.time()
    res = compute(args.n_ta, args.n_temp, args.n_dic)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nc = write_netcdf(to_dataset(res), out / "co2_factor_fig1.nc",
                      title="REcoM CO2 factors (Seifert et al. 2025, Fig. 1)",
                      history="experiments/co2_factor_fig1.py " + " ".join(argv or []))
    png = out / "co2_factor_fig1.png"
    plot(res, png)
    rows = summary(res)
    print(f"CO2 factors (Seifert et al. 2025 Eq. 3) at T {TEMP_A:g} degC, S {SAL:g}, DIC {DIC_A:g} umol/kg:")
    print(f"{'group':22s} {'f at TA ' + format(TA_REPORT, 'g'):>12s} {'peak f':>8s} {'TA at peak':>11s}")
    for name, r in rows.items():
        print(f"{name:22s} {r['at_ta_report']:12.4f} {r['peak']:8.4f} {r['ta_peak']:11.0f}")
    print(f"wrote {nc} and {png} in {time.time() - t0:.1f} s")
    return {"summary": rows, "netcdf": nc, "png": png}


if __name__ == "__main__":
    main()
