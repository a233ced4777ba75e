"""Generate ``demo_forcing_5deg.nc``, the coarse global forcing shipped for the ensemble demo.

It block-averages the 1-degree CESM RCP8.5 year-2100 monthly fields (``intpp``, ``to``; in
``../shared/data/boats``) to 5 degrees over ocean cells (a coarse cell is ocean where at
least half of its 25 fine cells are), in mmol C m-2 s-1 and degC, and writes float32.
The result is a base climatology only: every trajectory built from it is synthetic (see
``jaxocean.ensemble.scenario``). Run from the repository root::

    python jaxocean/data/make_demo_forcing.py
"""

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.ensemble.climatology import EMBEDDED, NPP_UNITS, TEMP_UNITS, cesm_base, coarsen
from jaxocean.io.netcdf import write_netcdf

FACTOR = 5


def main() -> Path:
    base = cesm_base()
    if base is None:
        raise SystemExit("the CESM fields in ../shared/data/boats are needed to regenerate")
    c = coarsen(base, FACTOR)
    coords = {"month": np.arange(1, 13), "lat": c.lat, "lon": c.lon}
    ds = xr.Dataset(
        {"intpp": (("month", "lat", "lon"), c.npp.astype(np.float32),
                   {"units": NPP_UNITS, "long_name": "vertically integrated net primary production (carbon)"}),
         "to": (("month", "lat", "lon"), c.temp.astype(np.float32),
                {"units": TEMP_UNITS, "long_name": "surface potential temperature"})},
        coords=coords)
    ds["lat"].attrs = {"units": "degrees_north"}
    ds["lon"].attrs = {"units": "degrees_east"}
    out = Path(__file__).resolve().parent / EMBEDDED
    return write_netcdf(ds, out, title="jaxocean ensemble demo base climatology (5 degree)",
                        source=f"{c.source} (CESM1 b40.rcp8_5.1deg.bdrd.001)",
                        history="python jaxocean/data/make_demo_forcing.py")


if __name__ == "__main__":
    print(main())
