"""Figures in the style of seed 000 Figs. 1, 5, 6 and 7 (matplotlib ``Figure`` objects, no pyplot).

Each function returns a ``matplotlib.figure.Figure``; save it with ``fig.savefig(path)``.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from jaxocean.core.grid import wrap_longitude
from jaxocean.regions.reccap2 import REGION_ABBREV
from jaxocean.traps.selection import TABLE1_LAYERS


def trap_map(sel: pd.DataFrame, regions) -> Figure:
    """Fig. 1: RECCAP2 regions (colours) and trap locations (triangles)."""
    fig = Figure(figsize=(10, 5))
    ax = fig.add_subplot()
    r = np.asarray(regions.values, float)
    r[r == 0] = np.nan
    cmap = ListedColormap(matplotlib.colormaps["tab20"](np.linspace(0, 1, 13)))
    lon = wrap_longitude(regions["lon"].values)
    order = np.argsort(lon)
    mesh = ax.pcolormesh(lon[order], regions["lat"].values, r[:, order], cmap=cmap, vmin=0.5, vmax=13.5,
                         shading="nearest")
    cb = fig.colorbar(mesh, ax=ax, ticks=np.arange(1, 14), fraction=0.03)
    cb.ax.set_yticklabels([f"{i + 1} {a}" for i, a in enumerate(REGION_ABBREV)], fontsize=7)
    sites = sel.groupby("cell").agg(lat=("lat", "mean"), lon=("lon", "mean"))
    ax.scatter(sites["lon"], sites["lat"], marker="^", s=18, facecolor="white", edgecolor="k", lw=0.6,
               label=f"traps, <= 31 d ({len(sites)} 1-degree cells)")
    ax.set(xlim=(-180, 180), ylim=(-90, 90), xlabel="longitude", ylabel="latitude")
    ax.legend(loc="lower left", fontsize=8)
    return fig


def flux_vs_production(matched: pd.DataFrame, fits: pd.DataFrame, productions: dict,
                       flux: str = "pic") -> Figure:
    """Fig. 5: trap flux (x) vs production (y, one colour per column of ``productions``) per layer,
    log-log, with R^2 from the log10 ``fits`` (region == "Global") or "n.s." where p >= 0.05."""
    fig = Figure(figsize=(12, 6.5))
    axes = fig.subplots(2, 4).ravel()
    colours = ["tab:green", "tab:blue", "tab:orange"]
    for ax, layer in zip(axes, TABLE1_LAYERS):
        d = matched[matched["layer"] == layer]
        for (col, label), c in zip(productions.items(), colours):
            ok = (d[col] > 0) & (d[flux] > 0)
            ax.scatter(d.loc[ok, flux], d.loc[ok, col], s=5, alpha=0.4, color=c, label=label)
            f = fits[(fits["region"] == "Global") & (fits["layer"] == layer) & (fits["x"] == col)]
            if len(f):
                f = f.iloc[0]
                txt = "n.s." if not f["p"] < 0.05 else f"R2={f['r2']:.2f}"
                ax.text(0.03, 0.95 - 0.08 * colours.index(c), f"{label}: {txt} (n={f['n']})",
                        transform=ax.transAxes, fontsize=7, color=c, va="top")
        ax.set(xscale="log", yscale="log", title=layer)
    axes[-1].axis("off")
    handles, labels = axes[0].get_legend_handles_labels()
    axes[-1].legend(handles, labels, loc="center")
    fig.supxlabel(f"trap {flux.upper()} flux (mg C m-2 d-1)")
    fig.supylabel("production (mg C m-2 d-1)")
    fig.tight_layout()
    return fig


def slope_matrix(fits: pd.DataFrame, value: str = "slope", alpha: float = 0.05) -> Figure:
    """Fig. 6: region x layer matrix of ``value``; hatched where p >= ``alpha``; blank without data."""
    rows = ["Global", *[str(i) for i in range(1, 14)]]
    names = ["Global", *REGION_ABBREV]
    grid = np.full((len(rows), len(TABLE1_LAYERS)), np.nan)
    sig = np.zeros_like(grid, dtype=bool)
    for _, f in fits.iterrows():
        if str(f["region"]) in rows and f["layer"] in TABLE1_LAYERS:
            i, j = rows.index(str(f["region"])), TABLE1_LAYERS.index(f["layer"])
            grid[i, j], sig[i, j] = f[value], f["p"] < alpha
    fig = Figure(figsize=(8, 7))
    ax = fig.add_subplot()
    finite = grid[np.isfinite(grid)]
    lim = max(float(np.abs(finite).max()) if finite.size else 1.0, 1e-12)
    im = ax.imshow(grid, cmap="RdBu_r", norm=TwoSlopeNorm(0.0, -lim, lim), aspect="auto")
    for i, j in zip(*np.nonzero(np.isfinite(grid) & ~sig)):
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="grey", lw=0))
    ax.set_xticks(range(len(TABLE1_LAYERS)), TABLE1_LAYERS, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), names)
    fig.colorbar(im, ax=ax, label=value)
    ax.set_title(f"{value} of trap flux on production; hatched: p >= {alpha}")
    fig.tight_layout()
    return fig


def latitudinal_efficiency(eeff: pd.DataFrame, teff: pd.DataFrame, seasonal=None,
                           labels=("Eeff", "Teff")) -> Figure:
    """Fig. 7: latitude-band mean export (circles) and transfer (triangles) efficiency,
    with optional seasonal-bias curves {label: band table} on a second axis."""
    fig = Figure(figsize=(9, 4.5))
    ax = fig.add_subplot()
    ax.errorbar(eeff.index, eeff["mean"], yerr=eeff["std"], fmt="o", color="gold", mec="k", label=labels[0])
    ax.errorbar(teff.index, teff["mean"], yerr=teff["std"], fmt="^", color="grey", mec="k", label=labels[1])
    ax.set(xlabel="latitude", ylabel="efficiency (-)", xlim=(-90, 90))
    if seasonal:
        ax2 = ax.twinx()
        for (label, band), c in zip(seasonal.items(), ["purple", "green"]):
            ax2.plot(band.index, band["mean"], color=c, label=label)
        ax2.set_ylabel("seasonal bias (CV)")
        ax2.legend(loc="upper right", fontsize=8)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
