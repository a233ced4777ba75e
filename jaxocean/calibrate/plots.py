"""Standard calibration plots: loss curve, predicted vs observed, residuals by group."""

from __future__ import annotations

import numpy as np


def loss_curve(loss_history, ax=None, label=None):
    """Loss against optimiser step (log scale)."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(4, 3))[1]
    h = np.asarray(loss_history, float)
    h = h[np.isfinite(h)]
    ax.semilogy(np.arange(h.size), np.maximum(h, 1e-30), label=label)  # loss >= 0
    ax.set(xlabel="optimiser step", ylabel="loss", title="Loss")
    return ax


def predicted_vs_observed(predicted, observed, groups=None, ax=None, log=True, units=""):
    """Scatter of model vs observation with the 1:1 line, coloured by group."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(4, 4))[1]
    p, o = np.asarray(predicted, float), np.asarray(observed, float)
    g = np.zeros(p.shape, int) if groups is None else np.asarray(groups)
    for name in dict.fromkeys(g.tolist()):
        sel = g == name
        ax.scatter(o[sel], p[sel], s=8, alpha=0.6, label=None if groups is None else str(name))
    lim = [np.nanmin([p[p > 0].min(), o[o > 0].min()]), np.nanmax([p.max(), o.max()])] if log else \
        [np.nanmin([p.min(), o.min()]), np.nanmax([p.max(), o.max()])]
    ax.plot(lim, lim, "k--", lw=1)
    if log:
        ax.set(xscale="log", yscale="log")
    ax.set(xlabel=f"observed {units}".strip(), ylabel=f"model {units}".strip(), title="Model vs observed")
    if groups is not None:
        ax.legend(fontsize=5, markerscale=1.5, ncol=2, loc="upper left", framealpha=0.6)
    return ax


def residuals_by_group(predicted, observed, groups, ax=None, log=True):
    """Box plot of residuals (log10 model/obs by default) per group, e.g. trap depth layer."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(5, 3))[1]
    p, o, g = np.asarray(predicted, float), np.asarray(observed, float), np.asarray(groups)
    res = np.log10(p / o) if log else p - o
    names = list(dict.fromkeys(g.tolist()))
    ax.boxplot([res[(g == n) & np.isfinite(res)] for n in names], showfliers=False)
    ax.set_xticks(range(1, len(names) + 1), [str(n) for n in names], rotation=45, fontsize=7)
    ax.axhline(0, color="k", lw=1)
    ax.set(ylabel="log10(model / obs)" if log else "model - obs", title="Residuals by group")
    return ax


def summary_figure(loss_history, predicted, observed, groups=None, units=""):
    """The three standard panels in one figure; returns the Figure."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    loss_curve(loss_history, ax=axes[0])
    predicted_vs_observed(predicted, observed, groups, ax=axes[1], units=units)
    residuals_by_group(predicted, observed, np.zeros(np.shape(observed), int) if groups is None else groups,
                       ax=axes[2])
    fig.tight_layout()
    return fig
