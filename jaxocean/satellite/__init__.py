"""Satellite-based carbonate-pump fields (seed 000 Sects. 2.1-2.2.2).

    from jaxocean.satellite import CalcificationParams, ez_pic_production    # Eqs. 1-2 [g C m-2 d-1]
    from jaxocean.satellite import pic_stock_100m, poc_stock_100m            # Eqs. 3-4 [mmol C m-2]
    from jaxocean.satellite import monthly_climatology, seasonal_bias, residence_time, taxa_contributions
    from jaxocean.satellite import read_monthly_product, read_climatology   # GlobColour / CMEMS / NASA netCDF
    from jaxocean.satellite import read_henson2012_maps                     # annual PP / export maps
    from jaxocean.satellite import ez_pic_production_from_products, production_climatology, write_climatology
Pixel areas and global totals (Eq. 5): ``jaxocean.core.grid``; open-ocean mask: ``jaxocean.regions``.
"""

from jaxocean.satellite.calcification import (depth_factor, euphotic_depth, ez_pic_production,
                                              ez_pic_production_checked, growth_rate, kd_par,
                                              light_limitation)
from jaxocean.satellite.henson2012 import read_henson2012_maps
from jaxocean.satellite.pipeline import (ez_pic_production_from_products, production_climatology,
                                         write_climatology)
from jaxocean.satellite.params import CalcificationParams, StandingStockParams
from jaxocean.satellite.readers import (CLIMATOLOGY_VARIABLES, PRODUCTS, climatology_of, read_climatology,
                                        read_monthly_product)
from jaxocean.satellite.stocks import (MMOL_C_TO_G, monthly_climatology, pic_stock_100m, poc_stock_100m,
                                       residence_time, seasonal_bias, taxa_contributions)

__all__ = ["CLIMATOLOGY_VARIABLES", "CalcificationParams", "MMOL_C_TO_G", "PRODUCTS", "StandingStockParams",
           "climatology_of", "depth_factor", "euphotic_depth", "ez_pic_production", "ez_pic_production_checked",
           "growth_rate", "kd_par", "light_limitation", "monthly_climatology", "pic_stock_100m",
           "poc_stock_100m", "read_climatology", "read_henson2012_maps", "read_monthly_product", "residence_time", "seasonal_bias",
           "taxa_contributions", "ez_pic_production_from_products", "production_climatology",
           "write_climatology"]
