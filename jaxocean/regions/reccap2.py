"""The 13 RECCAP2 biogeochemical regions of seed 000 (Fig. 1) from the RECCAP2-ocean masks.

``RECCAP2_region_masks_all_v20221025.nc`` (Hauck et al. 2023; biomes after Fay & McKinley
2014) stores one biome-number variable per basin. Seed region <- (basin variable, biome):

 1 Arctic (Ar)                       arctic 1-10 (all Arctic biomes)
 2 North Atlantic (NA)               atlantic 1 NA SPSS, 2 NA STSS
 3 North Pacific (NP)                pacific 1 NP SPSS, 2 NP STSS
 4 North Subtropical Pacific (NSTP)  pacific 3 NP STPS
 5 Equatorial Pacific (EP)           pacific 4 PEQU-W, 5 PEQU-E
 6 South Subtropical Pacific (SSTP)  pacific 6 SP STPS
 7 Subantarctic (SAZ)                southern 1 SO STSS, 2 SO SPSS
 8 Antarctic (AAZ)                   southern 3 SO ICE
 9 North Subtropical Atlantic (NSTA) atlantic 3 NA STPS
10 Equatorial Atlantic (EA)          atlantic 4 AEQU
11 South Subtropical Atlantic (SSTA) atlantic 5 SA STPS
12 North Indian (NI)                 indian 1 Arabian Sea, 2 Bay of Bengal
13 South Indian (SI)                 indian 3 Equatorial Indian, 4 Southern Indian

The Mediterranean (atlantic 6, "not in FM14") belongs to none of the 13 regions (0), as do
land cells; the seed likewise drops stations outside the mask. In this file the Arabian Sea
and Bay of Bengal biomes span 0.5-25.5 N and the Equatorial Indian biome 17.5-0.5 S, so the
seed's N / S Indian split follows the equator.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.core.grid import cell_index
from jaxocean.io.netcdf import open_dataset
from jaxocean.core.validate import InputError, file_errors

REGION_NAMES = ("Arctic", "North Atlantic", "North Pacific", "North Subtropical Pacific",
                "Equatorial Pacific", "South Subtropical Pacific", "Subantarctic", "Antarctic",
                "North Subtropical Atlantic", "Equatorial Atlantic", "South Subtropical Atlantic",
                "North Indian", "South Indian")
REGION_ABBREV = ("Ar", "NA", "NP", "NSTP", "EP", "SSTP", "SAZ", "AAZ", "NSTA", "EA", "SSTA",
                 "NI", "SI")
# (basin variable, biome number) -> seed region number
BIOME_TO_REGION = (
    *[("arctic", b, 1) for b in range(1, 11)],
    ("atlantic", 1, 2), ("atlantic", 2, 2),
    ("pacific", 1, 3), ("pacific", 2, 3), ("pacific", 3, 4),
    ("pacific", 4, 5), ("pacific", 5, 5), ("pacific", 6, 6),
    ("southern", 1, 7), ("southern", 2, 7), ("southern", 3, 8),
    ("atlantic", 3, 9), ("atlantic", 4, 10), ("atlantic", 5, 11),
    ("indian", 1, 12), ("indian", 2, 12), ("indian", 3, 13), ("indian", 4, 13),
)


def regions_from_masks(ds: xr.Dataset) -> xr.DataArray:
    """Seed region number (1-13; 0 = none) on the mask grid, from the basin biome variables."""
    region = np.zeros((ds.sizes["lat"], ds.sizes["lon"]), dtype=np.int16)
    for basin, biome, number in BIOME_TO_REGION:
        region[ds[basin].transpose("lat", "lon").values == biome] = number
    return xr.DataArray(region, coords={"lat": ds["lat"].values, "lon": ds["lon"].values},
                        dims=("lat", "lon"), name="region",
                        attrs={"units": "1", "long_name": "seed-000 RECCAP2 region number",
                               "flag_values": list(range(14)),
                               "flag_meanings": "none " + " ".join(REGION_ABBREV)})


@file_errors("RECCAP2 region masks")
def read_reccap2_regions(path) -> xr.DataArray:
    """Region map (see ``regions_from_masks``) read from the RECCAP2 mask netCDF."""
    ds = open_dataset(Path(path), ["atlantic", "pacific", "indian", "arctic", "southern"],
                      what="RECCAP2 region masks")
    return regions_from_masks(ds.load())


def region_of(lat, lon, regions: xr.DataArray) -> np.ndarray:
    """Region number of each point (its 1-degree cell in ``regions``); 0 (= no region) where
    the position is missing (NaN lat or lon). A latitude outside -90..90 raises InputError."""
    lat, lon = np.broadcast_arrays(np.asarray(lat, float), np.asarray(lon, float))
    missing = ~(np.isfinite(lat) & np.isfinite(lon))
    if np.any(np.abs(lat[~missing]) > 90):
        bad = np.argwhere(~missing & (np.abs(lat) > 90))[0]
        raise InputError(f"lat: value {lat[tuple(bad)]:g} at index {tuple(int(j) for j in bad)} is "
                         "outside -90..90 degrees_north (lat and lon swapped?)")
    i, k = cell_index(np.where(missing, 0.0, lat), np.where(missing, 0.0, lon),
                      regions["lat"].values, regions["lon"].values)
    return np.where(missing, 0, np.asarray(regions.values)[i, k])
