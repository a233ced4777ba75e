"""Sediment-trap PIC/POC fluxes: readers, the seed-000 selection, matchups and efficiencies.

Readers return one tidy pandas table (one row per cup/deployment), columns
``site, lat, lon, trap_depth [m], water_depth [m], start, end, duration [d],
pic, poc [mg C m-2 d-1], pic_from ("PIC" | "CaCO3" | ""), kind, source``::

    from jaxocean.traps import read_mouw2016, read_timeseries_traps, select_seed, table1
    df = read_mouw2016(".../mouw2016_goflux/GO_flux.tab")      # Mouw et al. 2016 (PANGAEA)
    ts = read_timeseries_traps(".../ts_traps")                   # ALOHA, K2, M, OFP, CARIACO, PAP
    sel = select_seed(df, bathymetry=read_etopo1_1deg(...))      # <=31 d, water depth >= 200 m
    sel["layer"]  # one of TABLE1_LAYERS ("0-100m" ... ">4000m"); sel["cell"]: 1-degree cell id
    table1(sel)   # observations and distinct 1-degree locations per layer (seed Table 1)

``depth_layer(trap_depth)`` labels any depths with the Table 1 layers (right-closed bins
``LAYER_EDGES``).

Matchups and statistics (seed Sect. 2.2.4, Figs. 5-7)::

    sel["region"] = jaxocean.regions.region_of(sel.lat, sel.lon, regions)
    sel["pic_production"] = match_climatology(sel, clim["pic_production"])  # cell x deployment month
    sel["PP"] = match_map(sel, henson["PP"])                                  # annual map
    regression_table(sel, "pic_production", "pic", log=True)  # n, r, r2, p, slope, intercept per region x layer
    linear_fit(x, y, mask)                                     # jnp Pearson + OLS (jit / vmap)
    site_efficiencies(sel, "pic", "pic_production"); latitude_band_means(lat, v); pic_poc_ratio(sel)
Figures: ``jaxocean.traps.figures`` (trap_map, flux_vs_production, slope_matrix, latitudinal_efficiency).
"""

from jaxocean.traps.efficiency import latitude_band_means, pic_poc_ratio, site_efficiencies
from jaxocean.traps.matchup import (MIN_PRODUCTION, deployment_month, match_climatology, match_map,
                                    regression_table)
from jaxocean.traps.mouw import TIDY_COLUMNS, pic_from_caco3, read_mouw2016
from jaxocean.traps.selection import (LAYER_EDGES, MAX_DURATION_D, MIN_WATER_DEPTH_M, TABLE1_LAYERS,
                                      depth_layer, select_seed, table1)
from jaxocean.traps.stats import LinearFit, grouped_linear_fits, linear_fit, student_t_two_sided_p
from jaxocean.traps.timeseries import STATIONS, read_timeseries_traps

__all__ = ["LAYER_EDGES", "MAX_DURATION_D", "MIN_PRODUCTION", "MIN_WATER_DEPTH_M", "STATIONS", "TABLE1_LAYERS",
           "TIDY_COLUMNS", "LinearFit", "depth_layer", "deployment_month", "grouped_linear_fits",
           "latitude_band_means", "linear_fit", "match_climatology", "match_map", "pic_from_caco3",
           "pic_poc_ratio", "read_mouw2016", "read_timeseries_traps", "regression_table", "select_seed",
           "site_efficiencies", "student_t_two_sided_p", "table1"]
