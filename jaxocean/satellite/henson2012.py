"""Henson et al. (2012, GBC 26, GB1028) annual biological-pump maps (``Figure4mats.mat``).

Stored on a 200 x 360 ocean-model grid: lat 89.5..-81.5 with refined spacing near the
equator (1/3 degree at 0), lon -279.5..79.5; coordinates are read from the file. Units
are not stored. We take PP, EP (export at 100 m) and POC2000 as g C m-2 yr-1 (as the data
README suggests): the area integrals are then 87 (PP), 2.8 (EP) and 0.40 (POC2000)
Pg C yr-1 over the 376e12 m2 with data, i.e. an export of the order of the 4 Pg C yr-1
of Henson et al. (2011); read as mg C m-2 d-1, EP would give an implausible 1.0 Pg C yr-1.
PEeff (close to, not exactly, EP / PP: r = 0.96), Teff (= POC2000 / EP) and Martin_b are
dimensionless.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.core.grid import wrap_longitude
from jaxocean.core.units import convert
from jaxocean.core.validate import InputError, file_errors
from jaxocean.io.matlab import load_mat

HENSON_FLUX_UNITS = "g m-2 yr-1"
FLUXES = ("PP", "EP", "POC2000")
RATIOS = ("PEeff", "Teff", "Martin_b")


@file_errors("Henson et al. (2012) maps")
def read_henson2012_maps(path, flux_units: str = "mg m-2 d-1") -> xr.Dataset:
    """PP, EP, POC2000 [``flux_units``, default mg C m-2 d-1], PEeff, Teff, Martin_b [-] on (lat, lon).

    Latitude ascending (irregular spacing kept), longitude wrapped to [-180, 180) and sorted.
    """
    d = load_mat(path)
    missing = [k for k in ("lat", "lon", *FLUXES, *RATIOS) if k not in d]
    if missing:
        raise InputError(f"{path}: Henson 2012 maps lack {missing}")
    lat = np.asarray(d["lat"], float).ravel()
    lon = wrap_longitude(np.asarray(d["lon"], float).ravel())
    data = {}
    for k in FLUXES:
        v = convert(np.asarray(d[k], float), HENSON_FLUX_UNITS, flux_units, name=k)
        data[k] = (("lat", "lon"), v, {"units": flux_units})
    for k in RATIOS:
        data[k] = (("lat", "lon"), np.asarray(d[k], float), {"units": "1"})
    ds = xr.Dataset(data, coords={"lat": lat, "lon": lon})
    return ds.sortby("lat").sortby("lon").assign_attrs(source="Henson et al. 2012 GBC, Figure4mats.mat")
