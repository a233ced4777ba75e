"""Readers for the observed monthly SST climatologies 1991-2020 (NOAA PSL long-term means).

* ERSSTv5 (Huang et al. 2017, J. Climate 30:8179): 2 degrees, 89 x 180, lat 88..-88 (N->S),
  lon 0..358; ``ersst_v5_sst.mon.ltm.1991-2020.nc``.
* COBE SST (Ishii et al. 2005, Int. J. Climatol. 25:865; JMA via NOAA PSL): 1 degree,
  180 x 360, lat 89.5..-89.5, lon 0.5..359.5; ``cobe_sst.mon.ltm.1991-2020.nc``.

Both: netCDF with ``time`` (12 climatological months) and ``sst`` [degC], land NaN. Returned
in the ``observations.conventions`` layout: ``sst`` (month 1..12, lat S->N, lon wrapped to
[-180, 180) ascending) [degC]; values outside the file's ``valid_range`` become NaN (counted
in ``attrs["n_outside_valid_range"]``).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.io.netcdf import variable_in_units
from jaxocean.observations.conventions import (LAT_ATTRS, LON_ATTRS, MONTH_ATTRS, check_plausible,
                                               horizontal_coords, locate, open_netcdf)

PRODUCTS = {
    "ersst_v5": {"file": ("data", "sst_climatology", "ersst_v5_sst.mon.ltm.1991-2020.nc"),
                 "name": "NOAA ERSSTv5 1991-2020 monthly climatology, 2 degrees",
                 "reference": "Huang et al. (2017), J. Climate 30:8179", "max_distance_km": 250.0},
    "cobe": {"file": ("data", "sst_climatology", "cobe_sst.mon.ltm.1991-2020.nc"),
             "name": "COBE SST 1991-2020 monthly climatology, 1 degree",
             "reference": "Ishii et al. (2005), Int. J. Climatol. 25:865", "max_distance_km": 150.0},
}


def read_sst_climatology(product: str = "ersst_v5", path=None) -> xr.Dataset:
    """Read an SST climatology (``product`` "ersst_v5" or "cobe"; default file from ../shared)."""
    if product not in PRODUCTS:
        raise InputError(f"SST product {product!r} unknown; choose from {sorted(PRODUCTS)}")
    spec = PRODUCTS[product]
    path = locate(path, spec["file"], spec["name"])
    what = f"SST file {path}"
    raw = open_netcdf(path, "SST file", ("sst", "time", "lat", "lon"))
    with raw:
        da = raw["sst"]
        if tuple(da.dims) != ("time", "lat", "lon") or da.shape[0] != 12:
            raise InputError(f"{what}: variable 'sst' has dimensions {dict(zip(da.dims, da.shape))}, "
                             f"expected (time: 12, lat, lon)")
        vals = np.asarray(variable_in_units(raw, "sst", "degC", default_units="degC").values, float)
        lo, hi = np.asarray(da.attrs.get("valid_range", (-5.0, 45.0)), float)
        outside = np.isfinite(vals) & ((vals < lo) | (vals > hi))
        vals = np.where(outside, np.nan, vals)
        check_plausible("sst", vals, -3.0, 40.0, "degC", what)
        lat, lon, io, jo = horizontal_coords(raw["lat"].values, raw["lon"].values, what)
        vals = vals[:, io, :][:, :, jo]
    return xr.Dataset(
        {"sst": (("month", "lat", "lon"), vals,
                 {"units": "degC", "standard_name": "sea_surface_temperature",
                  "long_name": f"{spec['name']} sea surface temperature"})},
        coords={"month": ("month", np.arange(1, 13), MONTH_ATTRS), "lat": ("lat", lat, LAT_ATTRS),
                "lon": ("lon", lon, LON_ATTRS)},
        attrs={"product": spec["name"], "source_file": str(path), "references": spec["reference"],
               "time_coverage": "monthly climatology 1991-2020",
               "conventions_note": "lat S->N, lon wrapped to [-180, 180)",
               "n_outside_valid_range": int(outside.sum()),
               "lookup_max_distance_km": spec["max_distance_km"]})
