"""Reader for the WOA23 + GLODAPv2 coarse 3-D annual climatology (``worjh2_obs.nc``).

World Ocean Atlas 2023 annual-mean in-situ temperature (Locarnini et al. 2023), practical
salinity, nitrate, phosphate, silicate and oxygen (Garcia et al. 2023), and the GLODAPv2.2016b
mapped DIC (normalised to 2002) and total alkalinity (Lauvset et al. 2016, ESSD 8:325),
regridded with cdo to the 36 x 36 x 16 cGENIE grid (file from the cgeniepy project):

* ``zt`` are the 16 layer MIDPOINTS of the cGENIE grid whose top is the sea surface, so the
  interfaces follow exactly as e_0 = 0, e_{k+1} = 2 zt_k - e_k (0, 80.8, ..., 5000 m);
* ``lat`` is equally spaced in sin(latitude) (centres -76.46..76.46), ``lon`` centres
  -255..95 in 10-degree steps (wrapped here to -175..175);
* concentrations in mol kg-1 in the file are converted, from their ``units`` attributes, to
  umol kg-1 (the units of ``jaxocean.carbonate.solve``); land is NaN.

Returned variables (depth, lat, lon): temperature [degC], salinity [1], no3, po4, sio4, o2,
dic, ta [umol kg-1]; where present fe [nmol kg-1], and (lat, lon) chl [mg m-3] and
co2_flux [mol m-2 yr-1, uptake negative].
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.core.units import convert
from jaxocean.core.validate import InputError
from jaxocean.io.netcdf import variable_in_units
from jaxocean.observations.conventions import (LAT_ATTRS, LON_ATTRS, check_layout, check_plausible,
                                               horizontal_coords, layer_coords, locate, open_netcdf)

PRODUCT = "WOA23 + GLODAPv2.2016b annual climatology, cGENIE 36x36x16 grid"
SHARED_FILE = ("data", "woa23_glodap_coarse", "worjh2_obs.nc")
LOOKUP_MAX_DISTANCE_KM = 1000.0   # < a 10 x 3.2-degree equatorial cell's diagonal (~1170 km)
# name: (file variable, default units if the attribute is missing, units returned,
#        CF standard_name, plausible range in the returned units)
VARIABLES = {
    "temperature": ("temp", "degC", "degC", "sea_water_temperature", (-3.0, 40.0)),
    "salinity": ("sal", "1", "1", "sea_water_practical_salinity", (0.0, 45.0)),
    "no3": ("no3", "mol/kg", "umol kg-1", "moles_of_nitrate_per_unit_mass_in_sea_water", (0.0, 100.0)),
    "po4": ("po4", "mol/kg", "umol kg-1", "moles_of_phosphate_per_unit_mass_in_sea_water", (0.0, 10.0)),
    "sio4": ("si", "mol/kg", "umol kg-1", "moles_of_silicate_per_unit_mass_in_sea_water", (0.0, 300.0)),
    "o2": ("o2", "mol/kg", "umol kg-1", "moles_of_oxygen_per_unit_mass_in_sea_water", (0.0, 600.0)),
    "dic": ("dic", "mol/kg", "umol kg-1",
            "moles_of_dissolved_inorganic_carbon_per_unit_mass_in_sea_water", (1000.0, 3000.0)),
    "ta": ("alk", "mol/kg", "umol kg-1", "sea_water_alkalinity_expressed_as_mole_equivalent",
           (1000.0, 3000.0)),
}
OPTIONAL = {
    "fe": ("fe", "mol/kg", "nmol kg-1", None, (0.0, 100.0)),
    "chl": ("chl", "mg/m3", "mg m-3", "mass_concentration_of_chlorophyll_in_sea_water", (0.0, 100.0)),
    "co2_flux": ("fco2", "mol/m2/yr", "mol m-2 yr-1", None, (-100.0, 100.0)),
}


def layer_interfaces_from_midpoints(zt, what: str = "zt") -> np.ndarray:
    """Interfaces (n+1,) of layers whose midpoints are ``zt`` and whose top is 0 m."""
    e = [0.0]
    for c in np.asarray(zt, float):
        e.append(2.0 * c - e[-1])
    e = np.asarray(e)
    if np.any(np.diff(e) <= 0):
        raise InputError(f"{what}: layer centres {np.round(zt, 2).tolist()} are not the midpoints "
                         f"of layers starting at the surface")
    return e


def read_woa23_glodap(path=None) -> xr.Dataset:
    """Read ``worjh2_obs.nc`` (default ``../shared/data/woa23_glodap_coarse/``) into the
    ``observations.conventions`` layout; bad files raise ``InputError`` naming file and variable."""
    path = locate(path, SHARED_FILE, "WOA23/GLODAP climatology")
    what = f"WOA23/GLODAP file {path}"
    raw = open_netcdf(path, "WOA23/GLODAP file", [spec[0] for spec in VARIABLES.values()] + ["zt", "lat", "lon"])
    with raw:
        nz, ny, nx = raw["zt"].size, raw["lat"].size, raw["lon"].size
        lat, lon, io, jo = horizontal_coords(raw["lat"].values, raw["lon"].values, what)
        zt = convert(raw["zt"].values, raw["zt"].attrs.get("units", "m"), "m", name=f"{what}: zt")
        edges = layer_interfaces_from_midpoints(zt, f"{what}: zt")
        data = {}
        for name, (var, default, units, std, (lo, hi)) in {**VARIABLES, **OPTIONAL}.items():
            if var not in raw.variables:
                continue
            da = raw[var]
            shape = (nz, ny, nx) if da.ndim == 3 else (ny, nx)
            dims = ("zt", "lat", "lon") if da.ndim == 3 else ("lat", "lon")
            if tuple(da.dims) != dims:
                raise InputError(f"{what}: variable {var!r} has dimensions {da.dims}, expected {dims}")
            try:
                vals = np.asarray(variable_in_units(raw, var, units, default_units=default).values, float)
            except InputError as err:
                raise InputError(f"{what}: variable {var!r} in units {da.attrs.get('units')!r}, "
                                 f"expected convertible to {units!r} ({err})") from err
            check_layout(var, vals, shape, what)
            check_plausible(var, vals, lo, hi, units, what)
            vals = vals[..., io, :][..., jo]
            out_dims = ("depth", "lat", "lon") if da.ndim == 3 else ("lat", "lon")
            attrs = {"units": units, "long_name": da.attrs.get("long_name", name), "source_variable": var}
            if std:
                attrs["standard_name"] = std
            data[name] = (out_dims, vals, attrs)
    coords = {"lat": ("lat", lat, LAT_ATTRS), "lon": ("lon", lon, LON_ATTRS), **layer_coords(edges)}
    return xr.Dataset(data, coords=coords, attrs={
        "product": PRODUCT, "source_file": str(path),
        "references": "Locarnini et al. (2023) and Garcia et al. (2023), World Ocean Atlas 2023; "
                      "Lauvset et al. (2016), ESSD 8:325 (GLODAPv2.2016b mapped climatology)",
        "time_coverage": "annual mean climatology (no month axis)",
        "conventions_note": "lat S->N, lon wrapped to [-180, 180); depth = cGENIE layer midpoints, "
                            "depth_bnds reconstructed from a surface top; in-situ temperature",
        "lookup_max_distance_km": LOOKUP_MAX_DISTANCE_KM})
