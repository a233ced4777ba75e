"""PIC export and transfer efficiencies and PIC:POC ratios from traps (seed 000 Fig. 7).

Eeff = export flux / euphotic-zone production; Teff = deeper flux / export flux (Buesseler &
Boyd 2009 definitions, applied to PIC as in seed 000 Sect. 3.4), computed with
``jaxocean.export.efficiency``. Site values are computed
per 1-degree cell from mean fluxes of the chosen layers, then averaged in latitude bands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jaxocean.export.efficiency import export_efficiency, transfer_efficiency

EXPORT_LAYERS = ("0-100m",)
MESOPELAGIC_LAYERS = ("100-500m", "500-1000m")


def cell_layer_means(sel: pd.DataFrame, flux: str, layers) -> pd.Series:
    """Mean ``flux`` per 1-degree cell over observations in ``layers``."""
    d = sel[sel["layer"].isin(layers) & np.isfinite(sel[flux])]
    return d.groupby("cell")[flux].mean()


def site_efficiencies(sel: pd.DataFrame, flux: str = "pic", production: str = "pic_production",
                      export_layers=EXPORT_LAYERS, deep_layers=MESOPELAGIC_LAYERS) -> pd.DataFrame:
    """Per 1-degree cell: export flux, deep flux, production, Eeff and Teff.

    ``production`` is a column matched to each observation (e.g. annual-mean EZ PIC production
    or PP), in the flux units. Teff needs both export- and deep-layer traps in the cell.
    """
    export = cell_layer_means(sel, flux, export_layers)
    deep = cell_layer_means(sel, flux, deep_layers)
    cells = sel.groupby("cell").agg(lat=("lat", "mean"), lon=("lon", "mean"),
                                    production=(production, "mean"))
    t = cells.join(export.rename("export_flux")).join(deep.rename("deep_flux"))
    t["eeff"] = np.asarray(export_efficiency(t["export_flux"].to_numpy(), t["production"].to_numpy()))
    t["teff"] = np.asarray(transfer_efficiency(t["deep_flux"].to_numpy(), t["export_flux"].to_numpy()))
    return t


def latitude_band_means(lat, values, band: float = 10.0) -> pd.DataFrame:
    """Mean, standard deviation and count of finite ``values`` in latitude bands of ``band`` degrees."""
    lat, v = np.asarray(lat, float), np.asarray(values, float)
    ok = np.isfinite(v) & np.isfinite(lat)
    centre = (np.floor(lat[ok] / band) + 0.5) * band
    g = pd.DataFrame({"lat_band": centre, "v": v[ok]}).groupby("lat_band")["v"]
    return pd.DataFrame({"mean": g.mean(), "std": g.std(ddof=0), "n": g.size()})


def pic_poc_ratio(sel: pd.DataFrame, by=("layer",)) -> pd.DataFrame:
    """Median and mean PIC:POC (mol:mol = mg C:mg C) of observations with both fluxes, per group."""
    d = sel[np.isfinite(sel["pic"]) & np.isfinite(sel["poc"]) & (sel["poc"] > 0)].copy()
    d["pic_poc"] = d["pic"] / d["poc"]
    g = d.groupby(list(by), observed=True)["pic_poc"]
    return pd.DataFrame({"n": g.size(), "median": g.median(), "mean": g.mean()})
