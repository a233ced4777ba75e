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
12 North Indian (NI)                 indian 1 Arabian Sea, 2 Bay of Bengal, 3 Equatorial Indian north of 0
13 South Indian (SI)                 indian 4 Southern Indian, 3 Equatorial Indian south of 0

The Mediterranean (atlantic 6, "not in FM14") belongs to none of the 13 regions (0), as do
land cells; the seed likewise drops stations outside the mask. The split of the Equatorial
Indian biome at the equator is our choice (the seed names only N and S Indian).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.core.grid import cell_index
from jaxocean.io.netcdf import open_dataset

REGION_NAMES = ("Arctic", "North Atlantic", "North Pacific", "North Subtropical Pacific",
                "Equatorial Pacific", "South Subtropical Pacific", "Subantarctic", "Antarctic",
                "North Subtropical Atlantic", "Equatorial Atlantic", "South Subtropical Atlantic",
                "North Indian", "South Indian")
REGION_ABBREV = ("Ar", "NA", "NP", "NSTP", "EP", "SSTP", "SAZ", "AAZ", "NSTA", "EA", "SSTA",
                 "NI", "SI")
# (basin variable, biome number, hemisphere: 0 both, +1 north of equator, -1 south) -> region
BIOME_TO_REGION = (
    *[("arctic", b, 0, 1) for b in range(1, 11)],
    ("atlantic", 1, 0, 2), ("atlantic", 2, 0, 2),
    ("pacific", 1, 0, 3), ("pacific", 2, 0, 3), ("pacific", 3, 0, 4),
    ("pacific", 4, 0, 5), ("pacific", 5, 0, 5), ("pacific", 6, 0, 6),
    ("southern", 1, 0, 7), ("southern", 2, 0, 7), ("southern", 3, 0, 8),
    ("atlantic", 3, 0, 9), ("atlantic", 4, 0, 10), ("atlantic", 5, 0, 11),
    ("indian", 1, 0, 12), ("indian", 2, 0, 12), ("indian", 3, 1, 12),
    ("indian", 3, -1, 13), ("indian", 4, 0, 13),
)


def regions_from_masks(ds: xr.Dataset) -> xr.DataArray:
    """Seed region number (1-13; 0 = none) on the mask grid, from the basin biome variables."""
    lat = ds["lat"].values[:, None] * np.ones((1, ds.sizes["lon"]))
    region = np.zeros((ds.sizes["lat"], ds.sizes["lon"]), dtype=np.int16)
    for basin, biome, hemi, number in BIOME_TO_REGION:
        hit = ds[basin].values == biome
        if hemi:
            hit &= np.sign(lat) == hemi
        region[hit] = number
    return xr.DataArray(region, coords={"lat": ds["lat"].values, "lon": ds["lon"].values},
                        dims=("lat", "lon"), name="region",
                        attrs={"units": "1", "long_name": "seed-000 RECCAP2 region number",
                               "flag_values": list(range(14)),
                               "flag_meanings": "none " + " ".join(REGION_ABBREV)})


def read_reccap2_regions(path) -> xr.DataArray:
    """Region map (see ``regions_from_masks``) read from the RECCAP2 mask netCDF."""
    ds = open_dataset(Path(path), ["atlantic", "pacific", "indian", "arctic", "southern"],
                      what="RECCAP2 region masks")
    return regions_from_masks(ds.load())


def region_of(lat, lon, regions: xr.DataArray) -> np.ndarray:
    """Region number of each point (its 1-degree cell in ``regions``)."""
    i, k = cell_index(lat, lon, regions["lat"].values, regions["lon"].values)
    return np.asarray(regions.values)[i, k]
