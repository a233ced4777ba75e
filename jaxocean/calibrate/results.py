"""Calibration results as a plain dict (JSON) and an xarray Dataset (netCDF), and writers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.calibrate.fit import FitResult
from jaxocean.calibrate.laplace import Laplace, identifiability
from jaxocean.calibrate.params import FreeParameters
from jaxocean.core.validate import InputError

_STATS = ("n", "rmse_log10", "bias_log10", "r2")


def _num(x):
    x = np.asarray(x, float)
    return x.tolist() if x.ndim else float(x)


def summarize(free: FreeParameters, result: FitResult, lap: Laplace, *, n_obs: int,
              units: dict | None = None, metrics: dict | None = None, initial=None,
              extra: dict | None = None) -> dict:
    """JSON-ready summary: fitted values, standard errors, 2-sigma intervals, correlations,
    loss, n_obs, metrics (e.g. ``{"before": ..., "after": ...}`` from ``metrics.summary``) and
    identifiability notes."""
    labels = free.labels
    units = units or {}
    params = {}
    for i, lab in enumerate(labels):
        params[lab] = {"value": float(lap.theta[i]), "se": float(lap.se[i]),
                       "ci2_low": float(lap.ci_low[i]), "ci2_high": float(lap.ci_high[i]),
                       "units": units.get(lab.split("[")[0], "")}
        if initial is not None:
            params[lab]["initial"] = float(np.asarray(initial)[i])
    out = {"parameters": params, "correlation": {"labels": labels, "matrix": _num(lap.corr)},
           "loss": float(result.loss), "n_obs": int(n_obs), "n_free": len(labels),
           "n_steps": int(result.n_steps), "converged": bool(result.converged),
           "hessian_condition": float(lap.condition), "residual_scale": float(lap.residual_scale),
           "identifiability": identifiability(lap, labels),
           "loss_history": [float(v) for v in np.asarray(result.loss_history) if np.isfinite(v)],
           "metrics": metrics or {}}
    out.update(extra or {})
    return out


def variable_name(label: str) -> str:
    """The netCDF variable of a parameter label: "poc.q10" -> "poc_q10", "a[0,1]" -> "a_0_1"."""
    return re.sub(r"_+", "_", re.sub(r"[^0-9A-Za-z_]", "_", label)).strip("_")


def to_dataset(summary: dict) -> xr.Dataset:
    """The summary as a CF Dataset: one scalar variable per fitted parameter (named by
    :func:`variable_name`, with its own ``units``) and its ``_se``, ``_ci2_low`` and
    ``_ci2_high`` ancillary variables in the same units; ``corr`` on dims (param, param_b), the
    loss history on ``step`` and per-group metrics on ``group_<phase>``.

    Raises InputError naming a parameter without units (``summarize(..., units=...)``; "1" for
    dimensionless): CF gives each variable one unit, so mixed units cannot share a variable.
    """
    labels = summary["correlation"]["labels"]
    p = summary["parameters"]
    names = [variable_name(lab) for lab in labels]
    if len(set(names)) != len(names):
        raise InputError(f"calibration results: parameter labels {labels} map to clashing variable names {names}")
    data = {}
    for lab, name in zip(labels, names):
        units = p[lab]["units"]
        if not units:
            raise InputError(f"calibration results: parameter {lab!r} has no units "
                             f"(summarize(..., units={{{lab.split('[')[0]!r}: ...}}); '1' if dimensionless)")
        interval = "2-sigma interval of {} (unconstrained optimum -/+ 2 sd, mapped back)".format
        kinds = {"": f"fitted {lab}", "_se": f"standard error of {lab} (Laplace)",
                 "_ci2_low": "lower end of the " + interval(lab), "_ci2_high": "upper end of the " + interval(lab)}
        for suffix, long_name in kinds.items():
            data[name + suffix] = ((), p[lab][suffix.lstrip("_") or "value"], {"units": units, "long_name": long_name})
        data[name][2]["ancillary_variables"] = f"{name}_se {name}_ci2_low {name}_ci2_high"
    ds = xr.Dataset(
        {**data,
         "corr": (("param", "param_b"), np.asarray(summary["correlation"]["matrix"]),
                  {"units": "1", "long_name": "correlation of the fitted parameters (Laplace)"}),
         "loss_history": ("step", np.asarray(summary["loss_history"]), {"units": "1"}),
         "loss": ((), summary["loss"], {"units": "1", "long_name": "0.5 chi-square + prior"}),
         "n_obs": ((), summary["n_obs"], {"units": "1"})},
        coords={"param": labels, "param_b": labels,
                "param_variable": ("param", names, {"long_name": "variable holding the parameter"})},
        attrs={"identifiability": "; ".join(summary["identifiability"]) or "no issues found",
               "converged": int(summary["converged"]), "hessian_condition": summary["hessian_condition"]})
    for phase, by_group in summary["metrics"].items():
        groups = list(by_group)
        ds = ds.assign_coords({f"group_{phase}": groups})
        for stat in _STATS:
            ds[f"{stat}_{phase}"] = ((f"group_{phase}",), [by_group[g][stat] for g in groups],
                                     {"units": "1", "long_name": f"{stat} ({phase})" + (
                                         "" if stat in ("n", "r2") else " of log10(predicted / observed)")})
    return ds


def write(summary: dict, out_dir, stem: str = "calibration", *, title: str = "jaxocean calibration",
          source: str = "jaxocean.calibrate") -> tuple[Path, Path]:
    """Write ``<stem>.json`` and ``<stem>.nc`` into ``out_dir``; return both paths."""
    from jaxocean.io.netcdf import write_netcdf

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    js = out / f"{stem}.json"
    js.write_text(json.dumps(summary, indent=2, allow_nan=True))
    nc = out / f"{stem}.nc"
    write_netcdf(to_dataset(summary), nc, title=title, source=source)
    return js, nc
