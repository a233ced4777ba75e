"""Readers for monthly 1-degree ocean-colour / SST / NPP products and monthly climatologies.

Layouts read (netCDF as distributed; variable names tried in order, units from the CF
``units`` attribute, converted once here to the internal units in ``PRODUCTS``):

* GlobColour (hermes.acri.fr) L3 mapped: ``PIC_mean`` [mol m-3], ``POC_mean`` [mg m-3],
  ``PAR_mean`` [einstein m-2 day-1], ``KD490_mean`` [m-1], dims (lat, lon), one file per month
  (a ``time`` axis is added from the ``start_time``/``time`` attribute when absent).
* CMEMS GlobColour L4 / multi-year: ``PIC``, ``POC``, ``PAR``, ``KD490``, ``PP`` [mg m-2 d-1];
  NASA OceanColor L3m: ``pic`` [mol m-3], ``poc`` [mg m-3], ``par`` [einstein m-2 day-1],
  ``Kd_490`` [m-1], ``sst`` [degree_C]; OSTIA/CMEMS SST: ``analysed_sst`` [kelvin].
Coordinates ``latitude``/``longitude`` are renamed ``lat``/``lon``; outputs have lat ascending
and lon in [-180, 180) ascending.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from jaxocean.core.grid import wrap_longitude
from jaxocean.core.units import MOLAR_MASS_C
from jaxocean.core.validate import InputError, file_errors
from jaxocean.io.netcdf import open_dataset, pick_variable, variable_in_units
from jaxocean.satellite.stocks import monthly_climatology

# product -> (candidate variable names, internal units)
PRODUCTS = {
    "pic": (("PIC_mean", "PIC", "pic"), "mol m-3"),
    "poc": (("POC_mean", "POC", "poc"), "mmol m-3"),
    "par": (("PAR_mean", "PAR", "par"), "mol m-2 d-1"),
    "kd490": (("KD490_mean", "KD490", "Kd_490", "kd490"), "m-1"),
    "sst": (("sst", "SST", "analysed_sst", "sea_surface_temperature", "SST_mean"), "degC"),
    "npp": (("PP_mean", "PP", "pp", "npp", "NPP"), "mg m-2 d-1"),
}
CLIMATOLOGY_VARIABLES = {
    "pic_production": (("pic_production", "ez_pic_production", "PIC_prod", "calcification"), "mg m-2 d-1"),
    "npp": (("npp", "NPP", "PP", "pp", "PP_mean"), "mg m-2 d-1"),
}
_UNIT_ALIASES = {"einstein": "mol", "Einstein": "mol", "Ein": "mol", "E": "mol", "degree_C": "degC",
                 "Celsius": "degC", "kelvin": "K", "Kelvin": "K", "mg_m-3": "mg m-3"}


def _normalise_units(units: str) -> str:
    if units in _UNIT_ALIASES:
        return _UNIT_ALIASES[units]
    return " ".join(_UNIT_ALIASES.get(tok, tok) for tok in units.replace("^", "").split())


def _standard_grid(da: xr.DataArray) -> xr.DataArray:
    da = da.rename({k: v for k, v in {"latitude": "lat", "longitude": "lon"}.items() if k in da.dims})
    if "lat" not in da.dims or "lon" not in da.dims:
        raise InputError(f"{da.name}: expected lat/lon (or latitude/longitude) dimensions, got {da.dims}")
    da = da.assign_coords(lon=wrap_longitude(da["lon"].values)).sortby("lon").sortby("lat")
    return da


def _in_units(ds: xr.Dataset, name: str, units: str, what: str) -> xr.DataArray:
    src = ds[name].attrs.get("units")
    if src is None:
        raise InputError(f"{what}: variable {name!r} has no 'units' attribute")
    ds = ds.assign({name: ds[name].assign_attrs(units=_normalise_units(str(src)))})
    return variable_in_units(ds, name, units, molar_mass=MOLAR_MASS_C)


def read_monthly_product(paths, product: str) -> xr.DataArray:
    """One product (``pic``, ``poc``, ``par``, ``kd490``, ``sst``, ``npp``) from one or more monthly
    files, as (time, lat, lon) in the internal units of ``PRODUCTS``."""
    if product not in PRODUCTS:
        raise InputError(f"unknown product {product!r}; choose from {sorted(PRODUCTS)}")
    candidates, units = PRODUCTS[product]
    paths = [paths] if isinstance(paths, (str, bytes)) or not hasattr(paths, "__iter__") else list(paths)
    parts = []
    for path in paths:
        ds = open_dataset(path, what=f"{product} product")
        name = pick_variable(ds, candidates, what=f"{product} product {path}")
        da = _standard_grid(_in_units(ds, name, units, f"{product} product {path}"))
        if "time" not in da.dims:
            stamp = ds.attrs.get("start_time") or ds.attrs.get("time_coverage_start")
            if stamp is None:
                raise InputError(f"{path}: no time axis and no start_time attribute")
            stamp = str(stamp)
            da = da.expand_dims(time=[pd.Timestamp(stamp[:8] if stamp[:8].isdigit() else stamp)])
        parts.append(da.rename(product))
    return xr.concat(parts, dim="time").sortby("time").assign_attrs(units=units)


def climatology_of(series: xr.DataArray) -> xr.DataArray:
    """(month=1..12, lat, lon) nan-mean climatology of a (time, lat, lon) monthly series."""
    month = series["time"].dt.month.values
    clim = np.asarray(monthly_climatology(series.values, month))
    return xr.DataArray(clim, dims=("month", *series.dims[1:]),
                        coords={"month": np.arange(1, 13), **{d: series[d] for d in series.dims[1:]}},
                        name=series.name, attrs=dict(series.attrs))


@file_errors("satellite climatology")
def read_climatology(path) -> xr.Dataset:
    """Monthly climatology of EZ PIC production and NPP [mg C m-2 d-1] as (month, lat, lon).

    Accepts a ``month`` axis of 12, or a ``time`` axis (a multi-year monthly series is
    averaged by calendar month). Variables missing from the file are left out; at least one
    of ``CLIMATOLOGY_VARIABLES`` must be present.
    """
    ds = open_dataset(path, what="monthly climatology")
    out = {}
    for key, (candidates, units) in CLIMATOLOGY_VARIABLES.items():
        name = next((c for c in candidates if c in ds.variables), None)
        if name is None:
            continue
        da = _standard_grid(_in_units(ds, name, units, f"climatology {path}")).rename(key)
        if "time" in da.dims:
            da = climatology_of(da)
        elif "month" not in da.dims or da.sizes["month"] != 12:
            raise InputError(f"{path}: {name} needs a 'month' (12) or 'time' axis, got {da.dims}")
        out[key] = da.transpose("month", "lat", "lon").assign_attrs(units=units)
    if not out:
        raise InputError(f"{path}: none of {[c for v in CLIMATOLOGY_VARIABLES.values() for c in v[0]]} found")
    return xr.Dataset(out)
