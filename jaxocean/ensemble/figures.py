"""Summary figures of an ensemble (PNG): trajectories with ensemble spread, KMCA maps."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PANELS = (("biomass_total", "Biomass"), ("catch_total", "Catch"), ("export", "Carcass + fecal export"),
          ("c_seq", "Sequestered carbon (transient)"), ("seq_time", "Sequestration time"))


def plot_trajectories(summary, path) -> Path:
    """Mean +- sd over parameter sets per (forcing, fishing) group, and injection by depth."""
    fig, axes = plt.subplots(2, 3, figsize=(15, 8), constrained_layout=True)
    years = summary["year"].values
    for ax, (name, title) in zip(axes.flat, PANELS):
        mean, sd = summary[f"{name}_mean"].values, summary[f"{name}_sd"].values
        for g, label in enumerate(summary["group_label"].values):
            ax.plot(years, mean[:, g], label=label)
            ax.fill_between(years, mean[:, g] - sd[:, g], mean[:, g] + sd[:, g], alpha=0.25)
        ax.set_title(title)
        ax.set_ylabel(summary[name].attrs["units"])
    axes.flat[0].legend(fontsize=7)
    ax = axes.flat[5]
    inj = summary["injection_by_layer"].values                       # (year, member, layer)
    ztop = summary["layer_top"].values
    for idx, lab in ((0, str(years[0])), (-1, str(years[-1]))):
        ax.plot(inj[idx].mean(0) * 1e3, ztop, drawstyle="steps-post", label=lab)
    ax.invert_yaxis()
    ax.set_xlabel("MtC yr-1 per layer (mean over members)")
    ax.set_ylabel("depth of layer top (m)")
    ax.set_title("Injection by depth")
    ax.legend()
    fig.suptitle(summary.attrs.get("forcing", ""), fontsize=8)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)


def plot_kmca(summary, path) -> Path:
    """KMCA maps (seed 002): upper quartile of biomass and of the sequestration origin."""
    periods = summary["period_label"].values
    fig, axes = plt.subplots(1, len(periods), figsize=(6 * len(periods), 3.5), constrained_layout=True)
    lon, lat = summary["tlon"].values, summary["tlat"].values
    for ax, p in zip(np.atleast_1d(axes), range(len(periods))):
        bio = summary["kmca_biomass"].values[p]
        ax.pcolormesh(lon, lat, np.log10(np.where(bio > 0, bio, np.nan)), cmap="Blues", shading="auto")
        k = summary["kmca"].values[p].astype(float)
        ax.pcolormesh(lon, lat, np.where(k > 0, 1.0, np.nan), cmap="autumn", shading="auto", alpha=0.8)
        ax.set_title(f"KMCA {periods[p]} ({int(np.nansum(k))} cells; blue: log10 biomass)", fontsize=9)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)
