"""Goodness-of-fit numbers for calibrated models: log-space RMSE, bias and R^2 by group."""

from __future__ import annotations

import numpy as np


def rmse_log10(predicted, observed) -> float:
    """Root-mean-square of log10(predicted / observed) over positive pairs [decades]."""
    p, o = np.asarray(predicted, float), np.asarray(observed, float)
    ok = (p > 0) & (o > 0)
    return float(np.sqrt(np.mean(np.log10(p[ok] / o[ok]) ** 2))) if ok.any() else float("nan")


def r2(predicted, observed, *, log: bool = True) -> float:
    """Coefficient of determination 1 - SS_res / SS_tot (in log10 space by default)."""
    p, o = np.asarray(predicted, float), np.asarray(observed, float)
    if log:
        ok = (p > 0) & (o > 0)
        p, o = np.log10(p[ok]), np.log10(o[ok])
    if o.size < 2:
        return float("nan")
    ss_tot = np.sum((o - o.mean()) ** 2)
    return float(1.0 - np.sum((o - p) ** 2) / ss_tot) if ss_tot > 0 else float("nan")


def summary(predicted, observed, groups=None, *, log: bool = True) -> dict:
    """``{"all": {...}, "<group>": {...}}`` with n, rmse_log10, bias_log10 and r2 per group."""
    p, o = np.asarray(predicted, float).ravel(), np.asarray(observed, float).ravel()

    def one(sel):
        pp, oo = p[sel], o[sel]
        ok = (pp > 0) & (oo > 0)
        bias = float(np.mean(np.log10(pp[ok] / oo[ok]))) if ok.any() else float("nan")
        return {"n": int(sel.sum()), "rmse_log10": rmse_log10(pp, oo), "bias_log10": bias,
                "r2": r2(pp, oo, log=log)}

    out = {"all": one(np.ones(p.size, bool))}
    if groups is not None:
        g = np.asarray(groups).ravel()
        for name in dict.fromkeys(g.tolist()):
            out[str(name)] = one(g == name)
    return out
