"""Observed ocean climatologies and the environment at observation points.

Readers (one per product, real distributed formats; layout in ``conventions``):

    from jaxocean.observations import (read_woa23_glodap, read_levitus94, read_sst_climatology,
                                       environment_at, nearest_wet_cell, path_profiles)
    woa = read_woa23_glodap()                    # (depth, lat, lon), umol kg-1, annual
    lev = read_levitus94()                       # (month, depth, lat, lon) potential temperature
    sst = read_sst_climatology("ersst_v5")       # (month, lat, lon) degC; or "cobe"
    env = environment_at(lat, lon, trap_depth, month, z_interfaces, temperature=lev, chemistry=woa)

Default paths are ../shared/data (``jaxocean.io.paths``); every reader also takes a path.
"""

from jaxocean.observations.environment import (EARTH_RADIUS_KM, CellMatch, column_values,
                                               environment_at, great_circle_km, layer_profile,
                                               levels_needed, month_index, nearest_wet_cell,
                                               omega_calcite, path_profiles, surface_values,
                                               wet_levels)
from jaxocean.observations.levitus import freezing_point, read_levitus94
from jaxocean.observations.sst import read_sst_climatology
from jaxocean.observations.woa23_glodap import read_woa23_glodap

__all__ = ["read_woa23_glodap", "read_levitus94", "read_sst_climatology", "freezing_point",
           "environment_at", "nearest_wet_cell", "path_profiles", "surface_values", "layer_profile",
           "column_values", "month_index", "levels_needed", "wet_levels", "omega_calcite",
           "great_circle_km", "CellMatch", "EARTH_RADIUS_KM"]
