import json

import equinox as eqx
import jax.numpy as jnp
import numpy as np
import pytest
import xarray as xr

from tests.cfcheck import assert_cf_clean
from jaxocean.core.validate import InputError
from jaxocean.calibrate import FreeParameters, Observations, Problem, fit, laplace, metrics, results


class Line(eqx.Module):
    a: float = 1.0
    b: float = 1.0


def test_metrics_known_values():
    obs = np.array([1.0, 10.0, 100.0, 1000.0])
    pred = obs * 10.0 ** np.array([0.1, -0.1, 0.1, -0.1])
    assert abs(metrics.rmse_log10(pred, obs) - 0.1) < 1e-12
    # log10 obs = 0,1,2,3 (SS_tot = 5), SS_res = 4 * 0.01
    assert abs(metrics.r2(pred, obs) - (1 - 0.04 / 5.0)) < 1e-12
    s = metrics.summary(pred, obs, ["x", "x", "y", "y"])
    assert s["x"]["n"] == 2 and abs(s["y"]["bias_log10"]) < 1e-12


def test_summary_dataset_and_files(tmp_path):
    x = jnp.linspace(1.0, 3.0, 6)
    y = 2.0 + 0.5 * np.asarray(x)
    prob = Problem(lambda p, x: p.a + p.b * x, x, FreeParameters.select(Line(), ("a", "b")),
                   Observations.lognormal(y, 0.05))
    res = fit(prob)
    lap = laplace(prob, res.u)
    groups = np.array(["s", "s", "s", "d", "d", "d"])
    m = {"after": metrics.summary(np.asarray(prob.predict(res.u)), y, groups)}
    s = results.summarize(prob.free, res, lap, n_obs=6, units={"a": "mg m-2 d-1"}, metrics=m)
    with pytest.raises(InputError, match="parameter 'b' has no units"):
        results.to_dataset(s)
    s["parameters"]["b"]["units"] = "1"
    assert abs(s["parameters"]["b"]["value"] - 0.5) < 1e-6 and s["n_obs"] == 6
    js, nc = results.write(s, tmp_path, "line")
    back = json.loads(js.read_text())
    assert back["parameters"]["a"]["units"] == "mg m-2 d-1"
    ds = xr.open_dataset(nc)
    np.testing.assert_allclose([ds["a"], ds["b"]], [2.0, 0.5], rtol=1e-6)
    assert ds["a"].attrs["units"] == ds["a_se"].attrs["units"] == "mg m-2 d-1" and ds["b"].attrs["units"] == "1"
    assert ds["a"].attrs["ancillary_variables"] == "a_se a_ci2_low a_ci2_high"
    for k in ("se", "ci2_low", "ci2_high"):
        assert float(ds[f"b_{k}"]) == back["parameters"]["b"][k]
    assert ds["b_ci2_low"] < ds["b"] < ds["b_ci2_high"]
    assert ds["corr"].shape == (2, 2) and list(ds["group_after_label"].values) == ["all", "s", "d"]
    assert list(ds["param_label"].values) == ["a", "b"] and list(ds["param_variable"].values) == ["a", "b"]
    assert not any("units_per" in v.attrs for v in ds.variables.values())
    ds.close()
    assert_cf_clean(nc)
