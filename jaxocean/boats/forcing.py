"""BOATS forcing at the edges: netCDF / npz readers, ocean mask and the flat ocean-cell axis.

Internal units: NPP vertically integrated [mmolC m-2 s-1], temperature (0-75 m mean) [degC].
Readers accept CF / CMIP / ISIMIP3b-FishMIP names (``intpp``, ``npp``; ``to``, ``thetao``,
``tos``...) and convert units from the ``units`` attribute (mol or mmol or g C, per s / d / yr;
K or degC). Land is whatever is NaN in every month; NaN in only some months, negative NPP or
temperature outside [-5, 40] degC over the ocean raise ``InputError`` before any run.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
import xarray as xr

from jaxocean.boats.state import BoatsForcing
from jaxocean.core.grid import cell_area_exact
from jaxocean.core.units import MOLAR_MASS_C
from jaxocean.core.validate import InputError, check_finite, check_plausible, file_errors
from jaxocean.io.netcdf import open_dataset, pick_variable, variable_in_units

NPP_NAMES = ("intpp", "npp", "intpp_zint", "pp", "NPP")
TEMP_NAMES = ("to", "thetao", "tos", "temp", "temperature", "thetao_75m", "TEMP")
NPP_UNITS = "mmol m-2 s-1"
EUPHOTIC_DEPTH_M = 75.0


def _in_units(da: xr.DataArray, units: str) -> xr.DataArray:
    """``da`` in ``units`` from its CF ``units`` attribute (BOATS' 360-day year for per-year units)."""
    return variable_in_units(da.to_dataset(), str(da.name), units, molar_mass=MOLAR_MASS_C,
                             days_per_year=360.0)


def upper_ocean_mean(da: xr.DataArray, depth_max: float = EUPHOTIC_DEPTH_M) -> xr.DataArray:
    """0-``depth_max`` m mean of a 4-D temperature (levels with centre <= depth_max, equal weights)."""
    for dim in ("lev", "depth", "olevel", "z_t", "deptht", "z"):
        if dim in da.dims:
            depth = da[dim]
            scale = 0.01 if depth.attrs.get("units", "m") in ("cm", "centimeters") else 1.0
            return da.where(depth * scale <= depth_max, drop=True).mean(dim, skipna=False)
    return da


@file_errors("BOATS forcing")
def read_netcdf_forcing(npp_path, temp_path=None, *, npp_var: str | None = None,
                        temp_var: str | None = None) -> xr.Dataset:
    """Monthly NPP and temperature from netCDF (one file, or one per variable).

    Returns a Dataset with ``npp`` [mmolC m-2 s-1] and ``temp`` [degC] on (time, lat, lon).
    A temperature with a depth axis is averaged over 0-75 m; ``tos`` (SST) is used as is.
    """
    ds_n = open_dataset(npp_path, what="BOATS NPP forcing")
    ds_t = ds_n if temp_path is None else open_dataset(temp_path, what="BOATS temperature forcing")
    nv = npp_var or pick_variable(ds_n, NPP_NAMES, what="BOATS NPP forcing")
    tv = temp_var or pick_variable(ds_t, TEMP_NAMES, what="BOATS temperature forcing")
    npp = _in_units(ds_n[nv], NPP_UNITS)
    temp = _in_units(upper_ocean_mean(ds_t[tv]).astype(float), "degC")
    temp = temp.assign_coords({c: npp[c] for c in npp.dims if c in temp.dims and temp[c].size == npp[c].size})
    return xr.Dataset({"npp": npp.rename("npp"), "temp": temp.rename("temp")})


@file_errors("BOATS regional climatology (.npz)")
def read_region_npz(path) -> xr.Dataset:
    """The observational Southern-Ocean climatology (``Ecological_region_*_monclim.npz``).

    Stored (lat, lon, month) with MATLAB orientation, mask 1 = land; returns the same layout
    as ``read_netcdf_forcing`` (month first) plus ``area`` [m2].
    """
    d = np.load(path)
    lat, lon = d["lat"][:, 0], d["lon"][0, :]
    ocean = d["mask"] == 0
    npp = np.where(ocean[..., None], d["npp"], np.nan).transpose(2, 0, 1)
    temp = np.where(ocean[..., None], d["temperature"], np.nan).transpose(2, 0, 1)
    coords = {"month": np.arange(1, 13), "lat": lat, "lon": lon}
    return xr.Dataset({"npp": (("month", "lat", "lon"), npp, {"units": NPP_UNITS}),
                       "temp": (("month", "lat", "lon"), temp, {"units": "degC"}),
                       "area": (("lat", "lon"), np.where(ocean, d["surface"], np.nan), {"units": "m2"})},
                      coords=coords)


@dataclass(frozen=True)
class OceanGrid:
    """Ocean cells of a (lat, lon) grid and the map <-> flat-cell-axis transforms."""

    lat: np.ndarray        # (nlat,) degrees north
    lon: np.ndarray        # (nlon,) degrees east
    mask: np.ndarray       # (nlat, nlon) bool, True = ocean
    area: np.ndarray       # (ncell,) m2

    @property
    def n_cells(self) -> int:
        return int(self.mask.sum())

    def to_cells(self, field) -> np.ndarray:
        """(..., nlat, nlon) -> (..., ncell) (ocean cells in row-major order)."""
        field = np.asarray(field)
        return field[..., self.mask]

    def to_map(self, cells, fill=np.nan) -> np.ndarray:
        """(..., ncell) -> (..., nlat, nlon), ``fill`` on land."""
        cells = np.asarray(cells)
        out = np.full(cells.shape[:-1] + self.mask.shape, fill, dtype=np.result_type(cells, float))
        out[..., self.mask] = cells
        return out


def ocean_grid(ds: xr.Dataset, area=None) -> OceanGrid:
    """Ocean mask from the forcing (finite NPP and temperature in some month) and cell areas.

    ``area`` [m2] (nlat, nlon) if given (e.g. geo_time ``surf``), else the exact spherical
    area of each cell (``jaxocean.core.grid.cell_area_exact``) from the lat/lon spacing.
    """
    finite = np.isfinite(ds["npp"].values) & np.isfinite(ds["temp"].values)
    mask = finite.any(axis=0)
    lat, lon = np.asarray(ds["lat"].values, float), np.asarray(ds["lon"].values, float)
    if area is None:
        dlat = float(np.abs(np.diff(lat)).mean()) if lat.size > 1 else 1.0
        dlon = float(np.abs(np.diff(lon)).mean()) if lon.size > 1 else 1.0
        area = np.broadcast_to(np.asarray(cell_area_exact(lat, dlat, dlon))[:, None], mask.shape)
    area = np.asarray(area, float)
    if area.shape != mask.shape:
        raise InputError(f"area: shape {area.shape} does not match the forcing grid {mask.shape}")
    cell_area = area[mask]
    if not np.all(np.isfinite(cell_area) & (cell_area > 0)):
        raise InputError("area: missing or non-positive cell area over ocean cells")
    return OceanGrid(lat=lat, lon=lon, mask=mask, area=cell_area)


def check_cell_forcing(npp, temp) -> None:
    """Raise ``InputError`` unless NPP [mmolC m-2 s-1] and temperature [degC] are finite and
    within the ``core.validate.PLAUSIBLE`` bounds ("npp": 0..0.02 mmolC m-2 s-1, i.e. up to
    20.7 g C m-2 d-1; "upper-ocean temp": -5..40 degC, catching Kelvin passed as degC) on every
    ocean cell and step. For forcing built directly as arrays (e.g. ``BoatsForcing`` leaves)."""
    check_finite("npp (mmolC m-2 s-1) over ocean cells", npp)
    check_finite("temp (0-75 m, degC) over ocean cells", temp)
    check_plausible(npp=np.asarray(npp, float), **{"upper-ocean temp": np.asarray(temp, float)})


def check_forcing(ds: xr.Dataset, grid: OceanGrid) -> None:
    """Raise ``InputError`` if the forcing is not usable over the ocean cells (before a run)."""
    check_cell_forcing(grid.to_cells(ds["npp"].values), grid.to_cells(ds["temp"].values))


def cell_forcing(ds: xr.Dataset, grid: OceanGrid, dtype=None) -> BoatsForcing:
    """Checked forcing on the flat ocean-cell axis: ``BoatsForcing`` with (time, ncell) leaves
    (``dtype`` None: the default float, float64 in 64-bit mode). ``npp`` and ``temp`` are
    converted from their ``units`` attributes (required) to mmolC m-2 s-1 and degC."""
    ds = ds.assign(npp=_in_units(ds["npp"], NPP_UNITS), temp=_in_units(ds["temp"], "degC"))
    check_forcing(ds, grid)
    return BoatsForcing(npp=jnp.asarray(grid.to_cells(ds["npp"].values), dtype),
                        temp=jnp.asarray(grid.to_cells(ds["temp"].values), dtype))


def annual_mean(monthly: BoatsForcing) -> BoatsForcing:
    """Mean over the leading (month) axis: the input of ``initial_state``."""
    return BoatsForcing(npp=jnp.mean(monthly.npp, axis=0), temp=jnp.mean(monthly.temp, axis=0))


@file_errors("BOATS geo_time.mat")
def read_geo_time(path) -> xr.Dataset:
    """Cell areas and land mask of the BOATS 1-degree grid (``geo_time.mat``, MATLAB v7.3).

    Returns ``area`` [m2] (NaN on the file's land) and ``land`` (1 = land) on (lat, lon),
    lat -89.5..89.5, lon 0.5..359.5. Pass ``area`` to ``ocean_grid``; cells the forcing calls
    ocean but the file calls land have no area there (``ocean_grid`` then raises).
    """
    from jaxocean.io.matlab import load_mat

    g = load_mat(path, ["geo_time"])["geo_time"]
    coords = {"lat": np.ravel(g["lat"]), "lon": np.ravel(g["lon"])}
    return xr.Dataset({"area": (("lat", "lon"), np.asarray(g["surf"], float), {"units": "m2"}),
                       "land": (("lat", "lon"), np.asarray(g["mask_land_2d"], np.int8), {"units": "1"})},
                      coords=coords)


@file_errors("LME mask")
def read_lme_mask(path) -> np.ndarray:
    """LME code per 1-degree cell (``LME_mask.mat``; 0 / NaN outside LMEs), (lat, lon) as geo_time."""
    from jaxocean.io.matlab import load_mat

    return np.asarray(load_mat(path, ["LME_mask"])["LME_mask"], float)
