"""CF-conventions netCDF edges: open with variable checks, write with attributes."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import xarray as xr

import jaxocean
from jaxocean.core.atomic import atomic_path
from jaxocean.core.units import convert
from jaxocean.core.validate import InputError, file_errors, require_variables


@file_errors("netCDF file")
def open_dataset(path, variables=(), *, what: str | None = None) -> xr.Dataset:
    """Open a netCDF file and check that ``variables`` are present (error names the missing)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{what or 'file'}: {path} does not exist")
    ds = xr.open_dataset(path, decode_times=True, use_cftime=None)
    require_variables(ds, variables, what=what or str(path))
    return ds


def pick_variable(ds: xr.Dataset, candidates, *, what: str) -> str:
    """Return the first of ``candidates`` (e.g. CF / ISIMIP / CMIP names) present in ``ds``."""
    for name in candidates:
        if name in ds.variables:
            return name
    raise InputError(f"{what}: none of the variable names {list(candidates)} found; "
                     f"available: {sorted(ds.data_vars)}")


def variable_in_units(ds: xr.Dataset, name: str, units: str, *, default_units: str | None = None,
                      molar_mass: float | None = None, days_per_year: float = 365.25) -> xr.DataArray:
    """``ds[name]`` converted to ``units`` using its CF ``units`` attribute.

    Raises if the attribute is missing and no ``default_units`` is given.
    """
    da = ds[name]
    src = da.attrs.get("units", default_units)
    if src is None:
        raise InputError(f"{name}: no 'units' attribute; cannot convert to {units!r}")
    vals = convert(da.values, src, units, name=name, molar_mass=molar_mass,
                   days_per_year=days_per_year)
    return da.copy(data=vals).assign_attrs(units=units)


def global_attributes(*, title: str | None = None, source: str | None = None,
                      history: str | None = None, conventions: str = "CF-1.8",
                      institution: str = "jaxocean") -> dict:
    """CF global attributes every jaxocean file carries (also for files written chunk by chunk)."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    attrs = {"Conventions": conventions, "institution": institution,
             "source": source or f"jaxocean {jaxocean.__version__}",
             "history": f"{stamp}: {history or 'written by jaxocean'}"}
    if title:
        attrs["title"] = title
    return attrs


def write_netcdf(ds: xr.Dataset, path, *, title: str | None = None, source: str | None = None,
                 history: str | None = None) -> Path:
    """Write ``ds`` with CF global attributes; every data variable must carry ``units``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    missing = [v for v in ds.data_vars if "units" not in ds[v].attrs]
    if missing:
        raise InputError(f"write_netcdf: variables without a 'units' attribute: {missing}")
    out = ds.copy()
    out.attrs = {**out.attrs, **global_attributes(
        title=title or out.attrs.get("title"), source=source or out.attrs.get("source"),
        history=history, conventions=out.attrs.get("Conventions", "CF-1.8"),
        institution=out.attrs.get("institution", "jaxocean"))}
    encoding = {v: {"zlib": True, "complevel": 4} for v in out.data_vars
                if np.issubdtype(out[v].dtype, np.number)}
    with atomic_path(path) as tmp:      # readers never see a half-written file
        out.to_netcdf(tmp, encoding=encoding)
    return path
