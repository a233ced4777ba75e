"""Reproduce every BOATS-1.0 0-D reference run (Octave, unmodified code) in float64.

The 24 runs are grouped by (number of steps, dt) and each group is ONE jitted, vmapped run
(parameters, forcing, initial state and the fishing switch per member): 4 compilations.
Bar: final spectra and group-biomass series within 1e-9 relative; effort, harvest, revenue
and cost within 1e-8 of each series' scale.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.boats import forcing_sequence, run, stack_params
from jaxocean.boats.reference import load_reference_run

RUNS = [
    *(f"0d_const_npp1000_T20_set{i}_nh_300y" for i in range(1, 6)),
    "0d_const_npp1000_T20_set1_nh_300y_dt30",
    "0d_const_npp1000_T20_set1_h_fromPP_300y",
    "0d_const_npp1000_T20_set1_h_fromEquil_200y",
    "0d_site_SO_lat-49.5_lon127.5_monclim_set1_nh_300y",
    "0d_site_SO_lat-49.5_lon127.5_monclim_set1_nh_300y_dt30",
    "0d_site_SO_lat-49.5_lon127.5_monclim_set1_h_q1e-4_fromEquil_200y",
]
VALIDATION = ["npp1000_T0", "npp1000_T20", "npp100_T30", "npp1500_T14", "npp150_T24", "npp1950_T18",
              "npp2000_T-2", "npp2000_T30", "npp300_T6", "npp500_T10", "npp50_T-2", "npp50_T10",
              "npp750_T-2"]


def _stack(trees):
    return jax.tree.map(lambda *x: jnp.stack(x), *trees)


@pytest.fixture(scope="module")
def reproduced(shared):
    base = shared("reference", "boats0d")
    refs = [load_reference_run(base / f"{n}.npz") for n in RUNS]
    refs += [load_reference_run(base / "validation" / f"val_{n}.npz") for n in VALIDATION]
    groups: dict = {}
    for r in refs:
        groups.setdefault((r.nsteps, r.dt_days), []).append(r)
    out = {}
    for (nsteps, dt_days), rs in groups.items():
        params = stack_params([r.params for r in rs])
        state0 = _stack([r.state0 for r in rs])
        seq = _stack([forcing_sequence(r.monthly, nsteps, dt_days, "0d") for r in rs])
        final, diag = jax.jit(jax.vmap(lambda s, f, p: run(s, f, p, dt_days * 86400.0)))(state0, seq, params)
        for i, r in enumerate(rs):
            out[r.name] = (r, jax.tree.map(lambda x: np.asarray(x[i]), final), jax.tree.map(lambda x: np.asarray(x[i]), diag))
    assert len(out) == 24
    return out


def _rel(a, b):
    return float(np.max(np.abs(a / b - 1.0)))


def _scaled(a, ref):
    scale = np.max(np.abs(ref), axis=0)
    return float(np.max(np.abs(a - ref) / np.where(scale > 0, scale, 1.0)))


@pytest.mark.shared
@pytest.mark.parametrize("name", RUNS + [f"val_{n}" for n in VALIDATION])
def test_spectrum_and_biomass_series(reproduced, name):
    r, final, diag = reproduced[name]
    d = r.data
    active = d["mask_notexist"] == 0
    assert _rel(final.biomass[active], d["dfish_final"][active]) < 1e-9
    assert np.all(final.biomass[~active] == 0.0)
    assert _rel(diag.biomass, d["fish_tot_group_ts"][1:]) < 1e-9
    assert diag.biomass.shape[0] == r.nsteps


@pytest.mark.shared
@pytest.mark.parametrize("name", [n for n in RUNS if "_h_" in n])
def test_fishing_series(reproduced, name):
    r, final, diag = reproduced[name]
    d = r.data
    assert _scaled(diag.effort, d["effort_ts"][1:]) < 1e-8
    assert _scaled(diag.harvest, d["harvest_tot_group_ts"][:-1]) < 1e-8
    assert _scaled(diag.revenue, d["revenue_ts"][:-1]) < 1e-8
    assert _scaled(diag.cost, d["cost_ts"][:-1]) < 1e-8
    assert np.all(diag.effort >= 0.0) and np.all(final.biomass >= 0.0)


@pytest.mark.shared
def test_published_validation_points(reproduced, shared):
    """The 13 GMD-suite points: mean over the last 40 % of the stored series (boats0d_time_average,
    rows 0.6 n .. n of the n = nsteps + 1 states) vs the Octave column and the published values."""
    import pandas as pd

    table = pd.read_csv(shared("reference", "boats0d", "validation", "validation_vs_GMD_suite_NPP_vs_T_HR.csv"))
    worst_octave = worst = 0.0
    for _, row in table.iterrows():
        name = f"val_npp{int(row.iloc[0])}_T{int(row.iloc[1])}"
        r, _, diag = reproduced[name]
        ts = np.concatenate([r.data["fish_tot_group_ts"][:1], diag.biomass])
        last = ts[int(round(0.6 * ts.shape[0])) - 1:].mean(axis=0)
        worst_octave = max(worst_octave, _rel(last, row[["octave_g1", "octave_g2", "octave_g3"]].to_numpy(float)))
        worst = max(worst, _rel(last, row[["ref_g1", "ref_g2", "ref_g3"]].to_numpy(float)))
    assert worst_octave < 1e-8    # the CSV prints 10 significant digits
    assert worst < 1e-6           # SCHEME.md: Octave vs published, max 8.2e-7
