"""Geographic masks on the 1-degree grid: RECCAP2 ocean regions and ETOPO1 open ocean.

    from jaxocean.regions import read_reccap2_regions, region_of, REGION_NAMES
    from jaxocean.regions import read_etopo1_1deg, open_ocean_mask
"""

from jaxocean.regions.bathymetry import OPEN_OCEAN_DEPTH_M, open_ocean_mask, read_etopo1_1deg, regrid_to

__all__ = ["OPEN_OCEAN_DEPTH_M", "open_ocean_mask", "read_etopo1_1deg", "regrid_to"]
