"""experiments/calibrate_traps.py end to end on the real traps and observed temperature
(Levitus monthly along the export path), with the comparison fits; and its clear exit
without ../shared. Reference numbers are from the run recorded in the experiment's report."""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from tests.cfcheck import assert_cf_clean

SCRIPT = Path(__file__).resolve().parents[2] / "experiments" / "calibrate_traps.py"


def load_script():
    spec = importlib.util.spec_from_file_location("calibrate_traps", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_exits_clearly_without_shared(monkeypatch, tmp_path):
    import jaxocean.io.paths

    monkeypatch.setattr(jaxocean.io.paths, "shared_path", lambda *parts: None)
    with pytest.raises(SystemExit, match="real trap data not available"):
        load_script().main(["--out", str(tmp_path)])


def test_real_run_observed_temperature(shared, tmp_path):
    shared("data", "levitus94_4deg")
    out = tmp_path / "out"
    s = load_script().main(["--out", str(out)])
    p = s["parameters"]
    assert s["n_obs"] == 20352 and s["converged"]
    assert s["exclusions"] == {"non-positive flux": 252, "no export-map value within 2 cells": 141,
                               "temperature beyond 500 km": 1602, "temperature undated": 3,
                               "chemistry beyond 1000 km": 248}
    np.testing.assert_allclose([p["poc.q10"]["value"], p["poc.w_sink"]["value"], p["pic.b"]["value"],
                                p["pic_poc"]["value"]], [1.5514, 98.654, -0.05602, 0.094274], rtol=2e-3)
    np.testing.assert_allclose([p["poc.q10"]["se"], p["poc.w_sink"]["se"]], [0.0381, 2.364], rtol=0.02)
    c = s["comparison"]
    assert list(c) == ["levitus", "idealized", "woa23", "Q10=2 fixed"]
    np.testing.assert_allclose(c["idealized"]["parameters"]["poc.q10"]["value"], 1.771, rtol=2e-3)
    np.testing.assert_allclose(c["woa23"]["parameters"]["poc.q10"]["value"], 1.551, rtol=2e-3)
    np.testing.assert_allclose([c["idealized"]["delta_loss"], c["Q10=2 fixed"]["delta_loss"]], [-75.6, 99.5],
                               atol=1.0)
    # Q10 = 2 is more than 2 standard errors from the observed-temperature estimate
    assert (2.0 - p["poc.q10"]["value"]) / p["poc.q10"]["se"] > 10
    assert json.loads((out / "calibrate_traps.json").read_text())["temperature_source"].startswith("Levitus")
    env = xr.open_dataset(out / "calibrate_traps_environment.nc")
    assert env.sizes["obs"] == 20352 and np.isfinite(env["temperature"]).all()
    assert 14.0 < float(env["temperature"][:, 0].mean()) < 20.0 and float(env["temperature"].min()) > -2.0
    every = xr.open_dataset(out / "calibrate_traps_environment_all.nc")
    assert int((every["exclusion"] == "temperature beyond 500 km").sum()) == 1743   # 141 also lack export
    for f in ("calibrate_traps.nc", "calibrate_traps.png", "calibrate_traps_temperature.png"):
        assert (out / f).stat().st_size > 1000
    for f in ("calibrate_traps.nc", "calibrate_traps_environment.nc", "calibrate_traps_environment_all.nc"):
        assert_cf_clean(out / f)
