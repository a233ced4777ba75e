"""Summary figures of an ensemble (PNG, 150 dpi): trajectories with ensemble spread, KMCA maps.

Object-oriented matplotlib (``matplotlib.figure.Figure``): importing this module never changes
the backend, so notebook plots keep showing. Maps use longitudes -180..180, draw land from the
model's own mask (cells that are missing in the summary; works offline), take a cartopy
projection only when cartopy is installed (``projection=True``), and cmocean colormaps.
"""

from __future__ import annotations

from pathlib import Path

import cmocean
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

DPI = 150
PANELS = (("biomass_total", "Fish biomass"), ("catch_total", "Catch"),
          ("export", "Carcass + fecal carbon export below 75 m"),
          ("c_seq", "Sequestered carbon (transient)"), ("seq_time", "Sequestration time"))
LAND = "0.8"
KMCA_COLOUR = "#d7301f"


def _units(da) -> str:
    return da.attrs.get("units", "")


def plot_trajectories(summary, path) -> Path:
    """Mean and +-1 sd over the parameter sets per (forcing, fishing) group, and injection by depth."""
    fig = Figure(figsize=(15, 8), layout="constrained")
    axes = fig.subplots(2, 3)
    years = summary["year"].values
    n_sets = summary.sizes["member"] // max(summary.sizes["group"], 1)
    for ax, (name, title) in zip(axes.flat, PANELS):
        mean, sd = summary[f"{name}_mean"].values, summary[f"{name}_sd"].values
        for g, label in enumerate(summary["group_label"].values):
            line, = ax.plot(years, mean[:, g], label=label)
            ax.fill_between(years, mean[:, g] - sd[:, g], mean[:, g] + sd[:, g], alpha=0.25,
                            color=line.get_color(), linewidth=0)
        ax.set(title=title, xlabel="year", ylabel=f"{name.replace('_', ' ')} ({_units(summary[name])})")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    handles.append(Patch(color="0.6", alpha=0.4))
    labels.append(f"shading: mean +- 1 sd over ~{n_sets} parameter sets")
    axes.flat[0].legend(handles, labels, fontsize=7)
    ax = axes.flat[5]
    inj = summary["injection_by_layer"].values                       # (time, member, layer)
    ztop = summary["layer_top"].values
    for idx in (0, -1):
        ax.plot(inj[idx].mean(0) * 1e3, ztop, drawstyle="steps-post", label=str(years[idx]))
    ax.invert_yaxis()
    ax.set(xlabel="carbon injection per layer (Mt yr-1, mean over members)",
           ylabel="depth of layer top (m)", title="Injection by depth")
    ax.legend(title="year")
    fig.suptitle(summary.attrs.get("forcing", ""), fontsize=8)
    fig.savefig(path, dpi=DPI)
    return Path(path)


def _lon180(lon, *fields):
    """Longitudes wrapped to -180..180 (sorted) and the fields' last axis reordered to match."""
    wrapped = (np.asarray(lon) + 180.0) % 360.0 - 180.0
    order = np.argsort(wrapped)
    return (wrapped[order], *[np.asarray(f)[..., order] for f in fields])


def _map_axes(fig, n: int, projection: bool):
    """n map axes; a cartopy Robinson projection when asked for and installed."""
    try:
        if not projection:
            raise ImportError
        import cartopy.crs as ccrs
    except ImportError:
        return [fig.add_subplot(1, n, i + 1) for i in range(n)], {}
    axes = [fig.add_subplot(1, n, i + 1, projection=ccrs.Robinson()) for i in range(n)]
    return axes, {"transform": ccrs.PlateCarree()}


def plot_kmca(summary, path, *, projection: bool = False) -> Path:
    """KMCA maps (seed 002): period-mean biomass (log10, colour) with the key macrofauna carbon
    areas outlined (upper quartile of biomass and of the sequestration origin); land grey."""
    periods = summary["period_label"].values
    fig = Figure(figsize=(6.5 * len(periods), 4.2), layout="constrained")
    axes, kw = _map_axes(fig, len(periods), projection)
    lon, bio_all, k_all = _lon180(summary["tlon"].values, summary["kmca_biomass"].values,
                                  summary["kmca"].values)
    lat = summary["tlat"].values
    finite = bio_all[np.isfinite(bio_all) & (bio_all > 0)]
    vmin, vmax = (np.log10(np.percentile(finite, [2, 98])) if finite.size else (0.0, 1.0))
    for p, ax in enumerate(axes):
        bio, k = bio_all[p], k_all[p]
        land = ~np.isfinite(bio)
        ax.pcolormesh(lon, lat, np.where(land, 1.0, np.nan), cmap=ListedColormap([LAND]), shading="auto", **kw)
        mesh = ax.pcolormesh(lon, lat, np.log10(np.where(bio > 0, bio, np.nan)), cmap=cmocean.cm.algae,
                             vmin=vmin, vmax=vmax, shading="auto", **kw)
        ax.contourf(lon, lat, np.where(k > 0, 1.0, 0.0), levels=[0.5, 1.5], colors="none",
                    hatches=["////"], **kw)
        ax.contour(lon, lat, np.where(k > 0, 1.0, 0.0), levels=[0.5], colors=KMCA_COLOUR, linewidths=1.0, **kw)
        ax.set_title(f"KMCA {periods[p]}: {int(np.nansum(k))} cells", fontsize=9)
        if not kw:
            ax.set(xlim=(-180, 180), ylim=(-90, 90), xlabel="longitude (degrees east)",
                   ylabel="latitude (degrees north)", xticks=np.arange(-180, 181, 60),
                   yticks=np.arange(-90, 91, 30), aspect="equal")
        cb = fig.colorbar(mesh, ax=ax, shrink=0.85)
        cb.set_label(f"log10 mean fish biomass ({_units(summary['kmca_biomass'])})")
    fig.legend([Patch(facecolor="none", edgecolor=KMCA_COLOUR, hatch="////"), Patch(color=LAND)],
               ["KMCA: upper quartile of both biomass and sequestration origin (injection x mean "
                "first-passage time)", "land (model mask)"], loc="outside lower center", ncols=2, fontsize=8)
    fig.savefig(path, dpi=DPI)
    return Path(path)
