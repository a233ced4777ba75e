"""Geographic masks on the 1-degree grid: RECCAP2 ocean regions and ETOPO1 open ocean.

    from jaxocean.regions import read_reccap2_regions, region_of, REGION_NAMES, REGION_ABBREV
    regions = read_reccap2_regions(".../RECCAP2_region_masks_all_v20221025.nc")  # 1..13, 0 = none
    region_of(lat, lon, regions)
    from jaxocean.regions import read_etopo1_1deg, open_ocean_mask   # water deeper than 200 m
"""

from jaxocean.regions.bathymetry import OPEN_OCEAN_DEPTH_M, open_ocean_mask, read_etopo1_1deg, regrid_to
from jaxocean.regions.reccap2 import (BIOME_TO_REGION, REGION_ABBREV, REGION_NAMES, read_reccap2_regions,
                                      region_of, regions_from_masks)

__all__ = ["BIOME_TO_REGION", "OPEN_OCEAN_DEPTH_M", "REGION_ABBREV", "REGION_NAMES", "open_ocean_mask",
           "read_etopo1_1deg", "read_reccap2_regions", "region_of", "regions_from_masks", "regrid_to"]
