"""experiments/co2_factor_fig1.py on a small grid: files, values against the formula applied to
the solver's HCO3/CO2/[H+], and panel (a) against PyCO2SYS (which the paper used)."""

import importlib.util
from pathlib import Path

import jax
import numpy as np
import pytest
import xarray as xr

from jaxocean.carbonate import solve
from jaxocean.recom import CO2FactorParams
from tests.cfcheck import assert_cf_clean

SCRIPT = Path(__file__).resolve().parents[2] / "experiments" / "co2_factor_fig1.py"


def formula(hco3, co2, h, p):
    return np.clip(p.a * hco3 / (p.b + hco3) - np.exp(-p.c * co2) - p.d * h, 0.0, 3.0)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("co2_factor_fig1", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path_factory.mktemp("fig1")
    result = mod.main(["--out", str(out), "--n-ta", "28", "--n-temp", "4", "--n-dic", "3"])
    with xr.open_dataset(result["netcdf"]) as ds:
        return result, ds.load()


def test_outputs_written(run):
    result, ds = run
    assert result["png"].exists() and result["png"].stat().st_size > 10_000
    assert ds["co2_factor"].shape == (4, 28)
    assert list(ds["group_label"].values) == ["diatoms", "small_phytoplankton", "coccolithophores", "calcification"]
    assert ds["co2_factor"].attrs["units"] == "1" and ds["ta"].attrs["units"] == "umol kg-1"
    assert ds["diatom_factor_dic_temp"].shape == (3, 4)
    assert_cf_clean(result["netcdf"])


def test_values_equal_formula_on_solver_state(run):
    _, ds = run
    ta = ds["ta"].values
    t, d = float(ds["temp"][2]), float(ds["dic"][1])   # one point of panel (d), TA 2150
    n = ta.size
    state = jax.tree.map(np.asarray, solve(np.append(np.full(n, 1950.0), d), np.append(ta, 2150.0),
                                           np.append(np.full(n, 20.0), t), 35.0))
    for i, name in enumerate(ds["group_label"].values):
        p = getattr(CO2FactorParams, str(name))()
        np.testing.assert_allclose(ds["co2_factor"].values[i],
                                   formula(state.hco3[:n], state.co2[:n], state.h[:n], p), rtol=1e-12, atol=1e-14)
    want = formula(state.hco3[n], state.co2[n], state.h[n], CO2FactorParams.diatoms())
    assert float(ds["diatom_factor_dic_temp"][1, 2]) == pytest.approx(want, rel=1e-12)


def test_summary_shape_of_fig1a(run):
    result, ds = run
    rows = result["summary"]
    for name, r in rows.items():
        assert 0.9 < r["peak"] < 1.1 and 2000 <= r["ta_peak"] <= 2500, (name, r)
    f = ds["co2_factor"].values
    assert np.all(f[:, -1] == 0.0)     # TA 4500: CO2(aq) exhausted -> factor clipped to 0
    assert np.all(f[1:, 0] == 0.0)     # TA 1800: HCO3/[H+] terms put all but diatoms at 0


def test_panel_a_against_pyco2sys(run):
    pyco2 = pytest.importorskip("PyCO2SYS")
    _, ds = run
    ta = ds["ta"].values[[3, 8, 15]]
    r = pyco2.sys(par1=ta, par2=1950.0, par1_type=1, par2_type=2, temperature=20.0, salinity=35.0,
                  pressure=0.0, total_phosphate=0.0, total_silicate=0.0, opt_pH_scale=1,
                  opt_k_carbonic=10, opt_total_borate=1, opt_k_fluoride=1)
    for i, name in enumerate(ds["group_label"].values):
        p = getattr(CO2FactorParams, str(name))()
        want = formula(r["bicarbonate"], r["aqueous_CO2"], 10.0 ** -r["pH_total"], p)
        # the solvers' species agree to ~1e-5 relative (jaxocean.carbonate's own tests pin that)
        np.testing.assert_allclose(ds["co2_factor"].values[i, [3, 8, 15]], want, atol=1e-4)
