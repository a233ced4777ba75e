"""Base monthly climatologies (NPP, upper-ocean temperature) on a regular lat/lon grid.

The ensemble's synthetic scenarios (:mod:`jaxocean.ensemble.scenario`) perturb a base
climatology. Two bases exist:

* the embedded demo forcing ``jaxocean/data/demo_forcing_5deg.nc`` shipped with the package
  (made by ``jaxocean/data/make_demo_forcing.py`` from the CESM fields below, block-averaged
  to 5 degrees), so the ensemble runs on a fresh clone;
* the CESM RCP8.5 year-2100 monthly NPP (``intpp``, 1 degree, ``../shared/data/boats``) with
  OBSERVED present-day temperature (:mod:`jaxocean.ensemble.observed`): COBE SST 1991-2020
  as the BOATS temperature (CESM ``to`` only where no observed cell lies within range) and
  Levitus (1994) annual-mean temperature on the seed's coarse layers for the export profiles
  (``temp_coarse``), when ``../shared`` is present.

Internal units are those of BOATS (NPP mmol C m-2 s-1, temperature degC); files are read and
converted by the BOATS forcing reader (:func:`jaxocean.boats.forcing.read_netcdf_forcing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jaxocean.boats.forcing import NPP_UNITS, read_netcdf_forcing
from jaxocean.core.validate import InputError, check_range, check_shape, file_errors
from jaxocean.export.temperature import COARSE_EDGES
from jaxocean.io.netcdf import open_dataset, variable_in_units
from jaxocean.io.paths import shared_path

TEMP_UNITS = "degC"
NPP_MAX = 0.05          # mmol C m-2 s-1 (~52 g C m-2 d-1), far above any ocean NPP
CESM_FILES = ("cesm_rcp85_intpp_zint_monthly_210001-210012.nc4",
              "cesm_rcp85_to_zs_monthly_210001-210012.nc4")
EMBEDDED = "demo_forcing_5deg.nc"
COARSE_VAR = "thetao_coarse"   # optional (layer, lat, lon) observed temperature on COARSE_EDGES


@dataclass(frozen=True)
class Climatology:
    """Monthly base fields on a regular grid; land where ``ocean`` is False.

    lat (ny,) and lon (nx,) cell centres [degrees_north / degrees_east]; ocean (ny, nx) bool;
    npp (12, ny, nx) [mmol C m-2 s-1]; temp (12, ny, nx) [degC]; source: provenance text.
    temp_coarse (5, ny, nx) [degC]: observed annual-mean temperature on the seed's coarse layers
    (``export.temperature.COARSE_EDGES``; NaN where none), or None; temp_epoch: the year the
    base temperature represents (synthetic warming is counted from it), or None.
    """
    lat: np.ndarray
    lon: np.ndarray
    ocean: np.ndarray
    npp: np.ndarray
    temp: np.ndarray
    source: str
    temp_coarse: np.ndarray | None = None
    temp_epoch: float | None = None

    @property
    def resolution(self) -> float:
        return float(abs(self.lat[1] - self.lat[0]))

    def cells(self, field: np.ndarray) -> np.ndarray:
        """(..., ny, nx) -> (..., n_ocean_cells), ocean cells in row-major order."""
        return field[..., self.ocean]

    def to_map(self, values: np.ndarray) -> np.ndarray:
        """(..., n_ocean_cells) -> (..., ny, nx) with NaN on land."""
        out = np.full(values.shape[:-1] + self.ocean.shape, np.nan, dtype=values.dtype)
        out[..., self.ocean] = values
        return out


def from_fields(lat, lon, npp, temp, source: str, temp_coarse=None, temp_epoch=None) -> Climatology:
    """Checked constructor: shapes agree, 12 months, NaN marks land in both fields alike."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    npp, temp = np.asarray(npp, float), np.asarray(temp, float)
    check_shape("npp", npp, (12, lat.size, lon.size))
    check_shape("temp", temp, (12, lat.size, lon.size))
    ocean = np.isfinite(npp).all(axis=0) & np.isfinite(temp).all(axis=0)
    if not ocean.any():
        raise InputError("npp/temp: no ocean cell with finite values in all 12 months")
    check_range("npp", npp[:, ocean], lo=0.0, hi=NPP_MAX, units=NPP_UNITS)
    check_range("temp", temp[:, ocean], lo=-3.0, hi=40.0, units=TEMP_UNITS)
    npp, temp = np.where(ocean, npp, np.nan), np.where(ocean, temp, np.nan)
    if temp_coarse is not None:
        temp_coarse = np.asarray(temp_coarse, float)
        check_shape("temp_coarse", temp_coarse, (len(COARSE_EDGES) - 1, lat.size, lon.size))
        temp_coarse = np.where(ocean, temp_coarse, np.nan)
        check_range("temp_coarse", temp_coarse[np.isfinite(temp_coarse)], lo=-3.0, hi=40.0, units=TEMP_UNITS)
    return Climatology(lat, lon, ocean, npp, temp, source, temp_coarse,
                       None if temp_epoch is None else float(temp_epoch))


@file_errors("ensemble base climatology")
def read_climatology(npp_path, temp_path=None, *, source: str | None = None) -> Climatology:
    """Read monthly NPP and temperature (one file or two) into a :class:`Climatology`."""
    if temp_path is not None:
        with open_dataset(npp_path) as dn, open_dataset(temp_path) as dt:
            for ax in ("lat", "lon"):
                if ax not in dn or ax not in dt or dn[ax].shape != dt[ax].shape \
                        or not np.allclose(dn[ax], dt[ax]):
                    raise InputError(f"{ax}: NPP and temperature files are on inconsistent grids")
    ds = read_netcdf_forcing(npp_path, temp_path)
    npp = np.maximum(ds["npp"].values, 0.0)      # tiny negative NPP from ESM numerics -> 0
    coarse, epoch = None, None
    with open_dataset(npp_path) as raw:          # optional observed layers (the embedded file)
        if COARSE_VAR in raw:
            coarse = variable_in_units(raw, COARSE_VAR, TEMP_UNITS).transpose("layer", "lat", "lon").values
            epoch = raw[COARSE_VAR].attrs.get("temp_epoch")
    return from_fields(ds["lat"].values, ds["lon"].values, npp, ds["temp"].values,
                       source or f"{Path(npp_path).name} + {Path(temp_path or npp_path).name}",
                       coarse, epoch)


def block_mean(field: np.ndarray, valid: np.ndarray, factor: int) -> np.ndarray:
    """Mean of ``field`` (..., ny, nx) over the ``valid`` cells of each factor x factor block
    (NaN where a block has none)."""
    ny, nx = valid.shape
    if ny % factor or nx % factor:
        raise InputError(f"coarsen: factor {factor} does not divide the grid {ny}x{nx}")

    def blocks(a):
        return a.reshape(a.shape[:-2] + (ny // factor, factor, nx // factor, factor))

    count = blocks(valid.astype(float)).sum(axis=(-3, -1))
    total = blocks(np.where(valid, field, 0.0)).sum(axis=(-3, -1))
    return np.where(count > 0, total / np.maximum(count, 1.0), np.nan)


def coarsen(clim: Climatology, factor: int) -> Climatology:
    """Block-average by ``factor`` in lat and lon over ocean cells; a coarse cell is ocean
    where at least half its fine cells are."""
    if factor == 1:
        return clim
    keep = block_mean(clim.ocean.astype(float), np.ones_like(clim.ocean), factor) >= 0.5
    npp, temp = (np.where(keep, block_mean(f, clim.ocean, factor), np.nan)
                 for f in (clim.npp, clim.temp))
    coarse = None
    if clim.temp_coarse is not None:     # mean over the block's cells that have observations
        coarse = block_mean(clim.temp_coarse, clim.ocean & np.isfinite(clim.temp_coarse).all(0), factor)
    lat = clim.lat.reshape(-1, factor).mean(axis=1)
    lon = clim.lon.reshape(-1, factor).mean(axis=1)
    return from_fields(lat, lon, npp, temp, f"{clim.source}, block mean x{factor}", coarse, clim.temp_epoch)


def cesm_base(observed: bool = True) -> Climatology | None:
    """The 1-degree CESM NPP from ../shared/data/boats with observed temperature
    (:func:`with_observed_temperature`; ``observed=False``: CESM ``to``), or None when absent."""
    paths = [shared_path("data", "boats", f) for f in CESM_FILES]
    if any(p is None for p in paths):
        return None
    clim = read_climatology(*paths, source="CESM RCP8.5 2100 monthly (intpp, to), 1 degree")
    return with_observed_temperature(clim) if observed else clim


def with_observed_temperature(clim: Climatology) -> Climatology:
    """``clim`` with observed SST as its temperature (its own ``temp`` kept only in ocean cells
    without an observed cell in range, counted in ``source``) and observed coarse-layer
    temperature at depth (:mod:`jaxocean.ensemble.observed`); NPP unchanged."""
    from jaxocean.ensemble.observed import SST_EPOCH, observed_coarse_temperature, observed_sst

    lat2d, lon2d = np.meshgrid(clim.lat, clim.lon, indexing="ij")
    sst, sst_source = observed_sst(lat2d, lon2d)
    keep = clim.ocean & ~np.isfinite(sst).all(axis=0)
    temp = np.where(keep, clim.temp, sst)
    coarse, coarse_source = observed_coarse_temperature(lat2d, lon2d)
    no_deep = int((clim.ocean & ~np.isfinite(coarse).all(axis=0)).sum())
    source = (f"NPP: {clim.source} [intpp]; temperature: OBSERVED {sst_source} ({int(keep.sum())} of "
              f"{int(clim.ocean.sum())} ocean cells without one in range keep the ESM's); temperature "
              f"at depth: OBSERVED {coarse_source} ({no_deep} ocean cells without one)")
    return from_fields(clim.lat, clim.lon, clim.npp, temp, source, coarse, SST_EPOCH)


def embedded_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / EMBEDDED


def embedded_base() -> Climatology:
    """The coarse global demo forcing shipped with the package (see module docstring)."""
    with open_dataset(embedded_path()) as ds:
        made_from = ds.attrs.get("source", "")
    return read_climatology(embedded_path(), source=f"jaxocean/data/{EMBEDDED}: {made_from}")
