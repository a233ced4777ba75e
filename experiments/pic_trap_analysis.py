"""Seed 000 trap analysis on real data: Mouw et al. (2016) traps, RECCAP2 regions, Henson (2012) maps.

Pipeline: read the Mouw 2016 PANGAEA file and the six time-series trap records; keep
deployments <= 31 d in open ocean (water depth >= 200 m, ETOPO1); label the seven depth
layers and the 13 RECCAP2 regions; print Table 1. No satellite climatology is reachable
offline, so production comes from the Henson et al. (2012) annual maps (PP and export at
100 m, "EP"): annual matchups, per region x layer regressions (linear and log10), trap
export/transfer efficiencies by latitude band, PIC:POC. With ``--climatology FILE`` (a
monthly netCDF holding ``pic_production`` and/or ``npp``, see
``jaxocean.satellite.read_climatology``) the monthly matchups, PIC Eeff, seasonal bias and
the global EZ PIC production (Pg C yr-1) are added.

    python experiments/pic_trap_analysis.py [--out runs/pic_trap_analysis] [--climatology FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

import jaxocean
from jaxocean.core.grid import area_map, cell_widths, global_total_pg_per_year
from jaxocean.io.netcdf import write_netcdf
from jaxocean.io.paths import shared_path
from jaxocean.regions import open_ocean_mask, read_etopo1_1deg, read_reccap2_regions, region_of, regrid_to
from jaxocean.satellite import read_climatology, read_henson2012_maps, seasonal_bias
from jaxocean.traps import read_mouw2016, read_timeseries_traps, select_seed, table1
from jaxocean.traps import figures
from jaxocean.traps.efficiency import latitude_band_means, pic_poc_ratio, site_efficiencies
from jaxocean.traps.matchup import match_climatology, match_map, regression_table

FILES = {
    "mouw": ("data", "mouw2016_goflux", "GO_flux.tab"),
    "ts": ("data", "ts_traps"),
    "etopo": ("data", "henson_bcp_maps", "etopo1_marmap_1deg.csv"),
    "henson": ("data", "henson_bcp_maps", "Figure4mats.mat"),
    "reccap2": ("data", "reccap2_masks", "RECCAP2_region_masks_all_v20221025.nc"),
}


def locate_inputs() -> dict:
    """Paths of the real inputs, or exit with a message naming what is missing."""
    paths = {k: shared_path(*parts) for k, parts in FILES.items()}
    missing = ["/".join(FILES[k]) for k, p in paths.items() if p is None]
    if missing:
        sys.exit("pic_trap_analysis needs the shared real data (../shared or $JAXOCEAN_SHARED); "
                 f"missing: {', '.join(missing)}")
    return paths


def load_selection(paths: dict):
    """Selected Mouw and time-series observations with region labels; the region map and bathymetry."""
    bathy = read_etopo1_1deg(paths["etopo"])
    regions = read_reccap2_regions(paths["reccap2"])
    sel = select_seed(read_mouw2016(paths["mouw"]), bathymetry=bathy)
    ts = select_seed(read_timeseries_traps(paths["ts"]), bathymetry=bathy)
    for d in (sel, ts):
        d["region"] = region_of(d["lat"], d["lon"], regions)
    return sel, ts, regions, bathy


def annual_analysis(sel: pd.DataFrame, henson: xr.Dataset) -> dict:
    """Annual matchups with Henson PP / EP, regressions, efficiencies and PIC:POC."""
    for k in ("PP", "EP"):
        sel[k] = match_map(sel, henson[k])
    in_mask = sel[sel["region"] > 0]
    fits = []
    for x in ("PP", "EP"):
        for log in (False, True):
            t = regression_table(in_mask, x, "pic", log=log)
            t["x"] = x
            fits.append(t)
    fits = pd.concat(fits, ignore_index=True)
    poc_sites = site_efficiencies(sel, flux="poc", production="PP")
    pic_sites = site_efficiencies(sel, flux="pic", production="PP")
    bands = pd.concat({
        "poc_eeff_vs_pp": latitude_band_means(poc_sites["lat"], poc_sites["eeff"]),
        "pic_export_over_pp": latitude_band_means(pic_sites["lat"], pic_sites["eeff"]),
        "pic_teff": latitude_band_means(pic_sites["lat"], pic_sites["teff"]),
        "poc_teff": latitude_band_means(poc_sites["lat"], poc_sites["teff"]),
    }, names=["quantity"])
    return {"fits": fits, "pic_sites": pic_sites, "poc_sites": poc_sites, "bands": bands,
            "pic_poc": pic_poc_ratio(sel)}


def monthly_analysis(sel: pd.DataFrame, clim: xr.Dataset, bathy: xr.DataArray) -> dict:
    """Monthly matchups, regressions, PIC Eeff, seasonal bias and global EZ PIC production."""
    fits, bands, totals = [], {}, {}
    for var in clim.data_vars:
        sel[var] = match_climatology(sel, clim[var])
        for log in (False, True):
            t = regression_table(sel[sel["region"] > 0], var, "pic", log=log)
            t["x"] = var
            fits.append(t)
        cv = np.asarray(seasonal_bias(clim[var].values))
        lat2d = np.broadcast_to(clim["lat"].values[:, None], cv.shape)
        bands[f"{var}_seasonal_bias"] = latitude_band_means(lat2d.ravel(), cv.ravel())
        annual = clim[var].mean("month").values / 1e3  # g C m-2 d-1
        area = area_map(clim["lat"].values, clim["lon"].values, dlat=cell_widths(clim["lat"].values),
                        dlon=float(abs(np.diff(clim["lon"].values[:2])[0])))
        ocean = open_ocean_mask(regrid_to(bathy, clim["lat"].values, clim["lon"].values))
        totals[var] = float(global_total_pg_per_year(annual, area, mask=ocean))
    out = {"fits": pd.concat(fits, ignore_index=True), "bands": bands, "totals": totals}
    if "pic_production" in clim:
        sites = site_efficiencies(sel, flux="pic", production="pic_production")
        out["pic_sites"] = sites
        out["bands"]["pic_eeff"] = latitude_band_means(sites["lat"], sites["eeff"])
        out["bands"]["pic_teff"] = latitude_band_means(sites["lat"], sites["teff"])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="runs/pic_trap_analysis", type=Path)
    ap.add_argument("--climatology", type=Path, default=None,
                    help="monthly climatology netCDF with pic_production and/or npp (mg C m-2 d-1)")
    args = ap.parse_args(argv)
    jaxocean.enable_float64()
    paths = locate_inputs()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    sel, ts, regions, bathy = load_selection(paths)
    t1 = table1(sel)
    print("Table 1 (Mouw et al. 2016; PIC observed, 0 < duration <= 31 d, water depth >= 200 m)")
    print(t1.to_string())
    print(f"total {len(sel)} observations at {sel['cell'].nunique()} 1-degree locations; "
          f"{int((sel['region'] == 0).sum())} observations at "
          f"{sel.loc[sel['region'] == 0, 'cell'].nunique()} locations outside the 13 RECCAP2 regions")
    t1.to_csv(out / "table1.csv")
    table1(ts).to_csv(out / "table1_timeseries.csv")
    print("\nTime-series traps (same rules):")
    print(table1(ts).to_string())

    henson = read_henson2012_maps(paths["henson"])
    annual = annual_analysis(sel, henson)
    annual["fits"].to_csv(out / "regressions_annual.csv", index=False)
    annual["bands"].to_csv(out / "efficiency_bands_annual.csv")
    annual["pic_sites"].to_csv(out / "pic_sites_annual.csv")
    annual["pic_poc"].to_csv(out / "pic_poc_by_layer.csv")
    write_netcdf(regions.to_dataset(), out / "reccap2_seed_regions.nc", title="seed-000 RECCAP2 regions",
                 history="experiments/pic_trap_analysis.py")
    g = annual["fits"]
    print("\nGlobal PIC flux vs Henson PP (log10), by layer:")
    print(g[(g["region"] == "Global") & (g["x"] == "PP") & g["log10"]][["layer", "n", "r", "r2", "p", "slope"]]
          .to_string(index=False))
    print("\nPIC:POC of trap fluxes by layer:")
    print(annual["pic_poc"].to_string())

    productions = {"EP": "Henson export", "PP": "Henson PP"}
    fits, bands = annual["fits"], annual["bands"]
    seasonal = None
    if args.climatology is not None:
        monthly = monthly_analysis(sel, read_climatology(args.climatology), bathy)
        monthly["fits"].to_csv(out / "regressions_monthly.csv", index=False)
        pd.concat(monthly["bands"], names=["quantity"]).to_csv(out / "bands_monthly.csv")
        for var, total in monthly["totals"].items():
            print(f"global annual {var}: {total:.6g} Pg C yr-1 (open ocean, water depth >= 200 m)")
        productions = {v: v for v in ("npp", "pic_production") if v in sel}
        fits = monthly["fits"]
        seasonal = {k: v for k, v in monthly["bands"].items() if k.endswith("seasonal_bias")}
        if "pic_eeff" in monthly["bands"]:
            bands = pd.concat({"pic_eeff": monthly["bands"]["pic_eeff"],
                               "pic_teff": monthly["bands"]["pic_teff"]}, names=["quantity"])

    sel.to_csv(out / "matchups.csv", index=False)
    eeff_key = "pic_eeff" if "pic_eeff" in bands.index.get_level_values(0) else "pic_export_over_pp"
    figs = {
        "fig1_trap_map.png": figures.trap_map(sel, regions),
        "fig5_flux_vs_production.png": figures.flux_vs_production(sel, fits[fits["log10"]], productions),
        "fig6_slope_matrix.png": figures.slope_matrix(fits[~fits["log10"] & (fits["x"] == list(productions)[-1])]),
        "fig7_latitudinal_efficiency.png": figures.latitudinal_efficiency(
            bands.xs(eeff_key), bands.xs("pic_teff"), seasonal, labels=(eeff_key, "pic_teff")),
    }
    for name, fig in figs.items():
        fig.savefig(out / name, dpi=150)
    print(f"\nwrote tables and figures to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
