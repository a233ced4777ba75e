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
"""

from jaxocean.traps.mouw import TIDY_COLUMNS, pic_from_caco3, read_mouw2016
from jaxocean.traps.selection import (LAYER_EDGES, MAX_DURATION_D, MIN_WATER_DEPTH_M, TABLE1_LAYERS,
                                      depth_layer, select_seed, table1)
from jaxocean.traps.timeseries import STATIONS, read_timeseries_traps

__all__ = ["LAYER_EDGES", "MAX_DURATION_D", "MIN_WATER_DEPTH_M", "STATIONS", "TABLE1_LAYERS",
           "TIDY_COLUMNS", "depth_layer", "pic_from_caco3", "read_mouw2016", "read_timeseries_traps",
           "select_seed", "table1"]
