"""Calibration results as a plain dict (JSON) and an xarray Dataset (netCDF), and writers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.calibrate.fit import FitResult
from jaxocean.calibrate.laplace import Laplace, identifiability
from jaxocean.calibrate.params import FreeParameters

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


def to_dataset(summary: dict) -> xr.Dataset:
    """The summary as a Dataset with dims param, param_b, step and group (per-group metrics)."""
    labels = summary["correlation"]["labels"]
    p = summary["parameters"]
    units = [p[lab]["units"] for lab in labels]
    col = lambda key: ("param", [p[lab][key] for lab in labels])  # noqa: E731
    mixed = {"units_per": "param_units"}      # one unit per parameter: see write_netcdf
    ds = xr.Dataset(
        {"value": (*col("value"), mixed), "se": (*col("se"), mixed),
         "ci2_low": (*col("ci2_low"), mixed), "ci2_high": (*col("ci2_high"), mixed),
         "corr": (("param", "param_b"), np.asarray(summary["correlation"]["matrix"]), {"units": "1"}),
         "loss_history": ("step", np.asarray(summary["loss_history"]), {"units": "1"}),
         "loss": ((), summary["loss"], {"units": "1", "long_name": "0.5 chi-square + prior"}),
         "n_obs": ((), summary["n_obs"], {"units": "1"})},
        coords={"param": labels, "param_b": labels, "param_units": ("param", units)},
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
