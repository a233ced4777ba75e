"""CF-conventions netCDF edges: open with variable checks, write with attributes.

The ONE writer path of the library: :func:`write_netcdf` (whole Datasets) and the streaming
ensemble writer both go through :func:`cf_ready`, which gives every file CF-1.8 coordinates
(lat/lon with ``standard_name`` and ``axis``, no ``_FillValue`` on coordinates), turns string
labels into auxiliary coordinates ``<dim>_label`` on integer dimensions, and fills in
``long_name``. Annual outputs carry a real CF time axis (:func:`annual_time_coords`): ``time`` in
days since 1601-01-01 (the ISIMIP3b reference) on the 360-day BOATS calendar, with bounds, and
``year`` as an integer auxiliary coordinate.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import scipy.io
import xarray as xr

import jaxocean
from jaxocean.core.atomic import atomic_path
from jaxocean.core.grid import DAYS_PER_YEAR
from jaxocean.core.units import convert
from jaxocean.core.validate import InputError, file_errors, require_variables


def check_complete(path) -> None:
    """Raise :class:`InputError` naming ``path`` if it is a truncated netCDF-3 file.

    The netCDF library reads past the end of a classic / 64-bit-offset file as fill values, so
    a truncated one opens and gives plausible-looking maps; scipy's reader checks every
    variable's size, so reading the file once with it finds the truncation. netCDF-4 (HDF5)
    files detect truncation themselves, CDF-5 files are not checked.
    """
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic[:3] != b"CDF" or magic[3:] not in (b"\x01", b"\x02"):
        return
    try:
        with scipy.io.netcdf_file(path, "r", mmap=False):
            pass
    except (ValueError, TypeError, IndexError, OSError) as err:
        raise InputError(f"netCDF file {path}: truncated or corrupt ({type(err).__name__}: {err}); "
                         "is the file complete?") from err


@file_errors("netCDF file")
def open_dataset(path, variables=(), *, what: str | None = None) -> xr.Dataset:
    """Open a netCDF file and check that ``variables`` are present (error names the missing)
    and that a netCDF-3 file is complete (:func:`check_complete`)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{what or 'file'}: {path} does not exist")
    check_complete(path)
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
                      molar_mass: float | None = None, days_per_year: float = DAYS_PER_YEAR) -> xr.DataArray:
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


TIME_UNITS = "days since 1601-01-01 00:00:00"   # ISIMIP3b reference date
MODEL_CALENDAR = "360_day"                       # BOATS: 12 months of 30 days (Carozza et al. 2016)
LAT_ATTRS = {"units": "degrees_north", "standard_name": "latitude", "long_name": "latitude", "axis": "Y"}
LON_ATTRS = {"units": "degrees_east", "standard_name": "longitude", "long_name": "longitude", "axis": "X"}
# coordinate names -> CF attributes filled in when absent
_COORD_ATTRS = {"lat": LAT_ATTRS, "lon": LON_ATTRS, "tlat": LAT_ATTRS, "tlon": LON_ATTRS,
                "latitude": LAT_ATTRS, "longitude": LON_ATTRS}


def annual_time_coords(years, *, dim: str = "time", calendar: str = MODEL_CALENDAR) -> dict:
    """CF time coordinates of annual means: ``time`` at mid-year (days since 1601-01-01, with
    ``calendar``), ``time_bnds`` (start and end of each year) and integer ``year`` on ``dim``."""
    import cftime

    years = np.asarray(years, int).reshape(-1)
    if years.size == 0:
        start = end = np.zeros(0)
    else:
        start = cftime.date2num([cftime.datetime(int(y), 1, 1, calendar=calendar) for y in years],
                                TIME_UNITS, calendar=calendar)
        end = cftime.date2num([cftime.datetime(int(y) + 1, 1, 1, calendar=calendar) for y in years],
                              TIME_UNITS, calendar=calendar)
    start, end = np.asarray(start, float).reshape(-1), np.asarray(end, float).reshape(-1)
    attrs = {"units": TIME_UNITS, "calendar": calendar, "standard_name": "time", "long_name": "time",
             "axis": "T", "bounds": f"{dim}_bnds"}
    if calendar == MODEL_CALENDAR:
        attrs["comment"] = "BOATS model year: 12 months of 30 days; values at mid-year"
    return {dim: (dim, 0.5 * (start + end), attrs),
            f"{dim}_bnds": ((dim, "nv"), np.stack([start, end], axis=-1)),
            "year": (dim, years.astype(np.int32), {"long_name": "calendar year of the annual mean"})}


def label_coords(dim: str, labels) -> dict:
    """An integer dimension ``dim`` with the string ``labels`` as auxiliary coordinate ``<dim>_label``."""
    labels = [str(v) for v in labels]
    return {dim: (dim, np.arange(len(labels), dtype=np.int32), {"long_name": f"{dim} index"}),
            f"{dim}_label": (dim, np.array(labels, dtype=object), {"long_name": f"{dim} name"})}


def restore_labels(ds: xr.Dataset) -> xr.Dataset:
    """The inverse of :func:`cf_ready`'s label handling, for selecting by name after reading:
    every ``<dim>_label`` auxiliary coordinate becomes the (string) coordinate of ``dim``."""
    for dim in list(ds.dims):
        label = f"{dim}_label"
        if label in ds.coords and ds[label].dims == (dim,):
            ds = ds.drop_vars(label).assign_coords({dim: ds[label].values.astype(str)})
    return ds


def cf_ready(ds: xr.Dataset) -> tuple[xr.Dataset, dict]:
    """``ds`` made CF-1.8 compliant, and the netCDF encoding to write it with.

    String-valued dimension coordinates become ``<dim>_label`` auxiliary coordinates on an
    integer dimension; lat/lon get standard names, units and axes; every variable gets a
    ``long_name``; coordinates and bounds carry no ``_FillValue``; float data variables use
    NaN as ``_FillValue`` (land and missing values are missing, never 0).
    """
    out = ds.copy()
    for dim in list(out.dims):
        if dim in out.coords and out[dim].dtype.kind in "OUS":
            labels = out[dim].values
            out = out.drop_vars(dim).assign_coords(
                {k: xr.Variable(*v) for k, v in label_coords(dim, labels).items()})
    var = out.variables
    for name, attrs in _COORD_ATTRS.items():
        if name in out.coords and var[name].dims == (name,):
            var[name].attrs = {**attrs, **var[name].attrs}
    bounds = {var[v].attrs["bounds"] for v in var if "bounds" in var[v].attrs}
    out = out.reset_coords([b for b in bounds if b in out.coords])   # bounds are not coordinates
    var = out.variables
    encoding = {}
    for name, v in var.items():
        if name not in bounds:
            v.attrs.setdefault("long_name", name.replace("_", " "))
        enc = {k: x for k, x in v.encoding.items()
               if k in ("dtype", "_FillValue", "zlib", "complevel", "chunksizes")}
        if np.dtype(enc.get("dtype", v.dtype)) == np.int64:   # CF-1.8 has no 64-bit integers
            enc["dtype"] = "int32"
        if "flag_values" in v.attrs:          # CF: flag values of the variable's own type
            v.attrs["flag_values"] = np.asarray(v.attrs["flag_values"]).astype(enc.get("dtype", v.dtype))
        if name in out.coords or name in bounds or v.dtype.kind in "OUS":
            enc["_FillValue"] = None
        elif np.issubdtype(v.dtype, np.number):
            enc = {"zlib": True, "complevel": 4, **enc}
        encoding[name] = enc
    return out, encoding


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
                 history: str | None = None, unlimited_dims=None, format: str | None = None) -> Path:
    """Write ``ds`` (made CF-ready by :func:`cf_ready`) with CF global attributes.

    Every data variable must carry ``units``, except bounds variables."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    bounds = {ds[v].attrs["bounds"] for v in ds.variables if "bounds" in ds[v].attrs}
    missing = [v for v in ds.data_vars
               if "units" not in ds[v].attrs and v not in bounds]
    if missing:
        raise InputError(f"write_netcdf: variables without a 'units' attribute: {missing}")
    out, encoding = cf_ready(ds)
    out.attrs = {**out.attrs, **global_attributes(
        title=title or out.attrs.get("title"), source=source or out.attrs.get("source"),
        history=history, conventions=out.attrs.get("Conventions", "CF-1.8"),
        institution=out.attrs.get("institution", "jaxocean"))}
    with atomic_path(path) as tmp:      # readers never see a half-written file
        out.to_netcdf(tmp, encoding=encoding, unlimited_dims=unlimited_dims, format=format)
    return path
