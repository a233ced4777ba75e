"""Generate ``demo_forcing_5deg.nc``, the coarse global forcing shipped for the ensemble demo.

From ``ensemble.climatology.cesm_base()`` (needs ``../shared``): the 1-degree CESM RCP8.5
year-2100 monthly NPP (``intpp``, ``../shared/data/boats``) with OBSERVED present-day
temperature (``ensemble.observed``): COBE SST 1991-2020 monthly (``to``; CESM's own ``to`` only
in the few ocean cells without an observed cell in range) and the Levitus (1994) annual-mean
potential temperature on the seed's coarse layers 0-200-500-1000-2000 m-bottom
(``thetao_coarse``, for the export profiles). Block-averaged to 5 degrees over ocean cells (a
coarse cell is ocean where at least half of its 25 fine cells are), in mmol C m-2 s-1 and
degC, written float32 with the provenance in the attributes. A base climatology only: every
trajectory built from it is synthetic (``jaxocean.ensemble.scenario``). Run from the
repository root::

    python jaxocean/data/make_demo_forcing.py
"""

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.ensemble.climatology import COARSE_VAR, EMBEDDED, NPP_UNITS, TEMP_UNITS, cesm_base, coarsen
from jaxocean.export.temperature import COARSE_EDGES
from jaxocean.io.netcdf import write_netcdf

FACTOR = 5


def main() -> Path:
    base = cesm_base()
    if base is None:
        raise SystemExit("the CESM fields in ../shared/data/boats are needed to regenerate")
    c = coarsen(base, FACTOR)
    edges = np.asarray(COARSE_EDGES, float)
    coords = {"month": np.arange(1, 13), "lat": c.lat, "lon": c.lon,
              "layer_top": ("layer", edges[:-1], {"units": "m"}),
              "layer_bottom": ("layer", edges[1:], {"units": "m", "comment": "inf = sea floor"})}
    ds = xr.Dataset(
        {"intpp": (("month", "lat", "lon"), c.npp.astype(np.float32),
                   {"units": NPP_UNITS, "long_name": "vertically integrated net primary production (carbon)",
                    "source": "CESM1 b40.rcp8_5.1deg.bdrd.001, RCP8.5 year 2100 monthly (MODEL, not observed)"}),
         "to": (("month", "lat", "lon"), c.temp.astype(np.float32),
                {"units": TEMP_UNITS, "long_name": "observed sea surface temperature, monthly climatology",
                 "source": "COBE SST 1991-2020 long-term monthly means (Ishii et al. 2005; JMA via NOAA "
                           "PSL), nearest wet cell of each 1-degree cell, then block mean"}),
         COARSE_VAR: (("layer", "lat", "lon"), c.temp_coarse.astype(np.float32),
                      {"units": TEMP_UNITS, "long_name": "observed annual-mean potential temperature on the "
                                                         "seed-002 coarse layers (NaN: no observed column)",
                       "source": "Levitus & Boyer (1994) monthly 4-degree climatology (MITgcm input), annual "
                                 "mean, nearest wet column, thickness-weighted onto the layers",
                       "temp_epoch": c.temp_epoch})},
        coords=coords)
    ds["lat"].attrs = {"units": "degrees_north"}
    ds["lon"].attrs = {"units": "degrees_east"}
    out = Path(__file__).resolve().parent / EMBEDDED
    return write_netcdf(ds, out, title="jaxocean ensemble demo base climatology (5 degree)",
                        source=c.source, history="python jaxocean/data/make_demo_forcing.py")


if __name__ == "__main__":
    print(main())
