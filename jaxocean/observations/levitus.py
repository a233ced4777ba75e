"""Reader for the Levitus & Boyer (1994) monthly 4-degree temperature and salinity (MITgcm input).

Raw big-endian float32 without header, as MITgcm's ``tutorial_global_oce_latlon`` reads them:
``lev_t.bin`` potential temperature [degC] and ``lev_s.bin`` practical salinity, each
(12 month, 15 level, 40 lat, 90 lon); ``lev_sst.bin`` / ``lev_sss.bin`` (12, 40, 90) the top
level; ``bathymetry.bin`` (40, 90) [m, negative = ocean; ETOPO5]. Grid: lon centres 2..358 E,
lat centres -78..78 (4-degree steps); layer thicknesses ``LAYER_THICKNESS_M`` (MITgcm delR).

Conventions of the returned Dataset (see ``observations.conventions``):

* a cell (level k, column) is WET when the column depth -bathymetry exceeds the top of
  layer k (as MITgcm masks it; the zero cells of the files coincide with this mask on the real
  data); every other cell is NaN (the files store 0 there);
* temperature below the surface freezing point of its salinity (UNESCO 1983, Fofonoff &
  Millard, Eq. in Sect. 7, at p = 0 because this is potential temperature) is clipped to it:
  high-latitude regridding artefacts down to -5.6 degC. The real files have 490 wet
  cell-months below -2 degC (the data README says "about 170"); ``attrs`` record the counts;
* lon wrapped to [-178, 178] ascending, lat S->N, month 1..12.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.observations.conventions import (LAT_ATTRS, LON_ATTRS, MONTH_ATTRS, check_plausible,
                                               horizontal_coords, layer_coords, locate)

PRODUCT = "Levitus & Boyer (1994) monthly climatology, 4-degree MITgcm input"
SHARED_FOLDER = ("data", "levitus94_4deg")
LOOKUP_MAX_DISTANCE_KM = 500.0    # ~0.8 x a 4-degree cell's equatorial diagonal (629 km)
LAYER_THICKNESS_M = (50.0, 70.0, 100.0, 140.0, 190.0, 240.0, 290.0, 340.0, 390.0, 440.0, 490.0,
                     540.0, 590.0, 640.0, 690.0)          # data README / MITgcm delR
NMONTH, NLAT, NLON = 12, 40, 90
NLEV = len(LAYER_THICKNESS_M)
FILES = {"temperature": ("lev_t.bin", (NMONTH, NLEV, NLAT, NLON)),
         "salinity": ("lev_s.bin", (NMONTH, NLEV, NLAT, NLON)),
         "sst": ("lev_sst.bin", (NMONTH, NLAT, NLON)),
         "sss": ("lev_sss.bin", (NMONTH, NLAT, NLON)),
         "bathymetry": ("bathymetry.bin", (NLAT, NLON))}


def freezing_point(sal, p_dbar=0.0):
    """Freezing point of seawater [degC] (UNESCO 1983, Fofonoff & Millard, Tech. Pap. Mar. Sci. 44):
    Tf = -0.0575 S + 1.710523e-3 S^1.5 - 2.154996e-4 S^2 - 7.53e-4 p."""
    s = np.asarray(sal, float)
    return -0.0575 * s + 1.710523e-3 * s ** 1.5 - 2.154996e-4 * s * s - 7.53e-4 * np.asarray(p_dbar, float)


def read_binary(path: Path, variable: str, shape) -> np.ndarray:
    """Big-endian float32 array of ``shape``; raise naming the file and variable if the size differs."""
    if not path.exists():
        raise InputError(f"Levitus file {path} (variable {variable}) does not exist")
    want = int(np.prod(shape)) * 4
    got = path.stat().st_size
    if got != want:
        raise InputError(f"Levitus file {path} (variable {variable}): {got} bytes, expected {want} "
                         f"= big-endian float32 {tuple(shape)}")
    return np.fromfile(path, dtype=">f4").reshape(shape).astype(float)


def read_levitus94(folder=None) -> xr.Dataset:
    """Read the five Levitus binaries in ``folder`` (default ``../shared/data/levitus94_4deg``).

    Returns temperature, salinity (month, depth, lat, lon) [degC, 1], sst, sss (month, lat,
    lon) and ocean_depth (lat, lon) [m, positive; 0 on land].
    """
    folder = locate(folder, SHARED_FOLDER, "Levitus 1994")
    raw = {name: read_binary(folder / f, name, shape) for name, (f, shape) in FILES.items()}
    what = f"Levitus folder {folder}"
    ocean_depth = np.maximum(-raw["bathymetry"], 0.0)
    edges = np.concatenate([[0.0], np.cumsum(LAYER_THICKNESS_M)])
    wet = ocean_depth[None] > edges[:-1, None, None]                     # (level, lat, lon)
    counts = {}
    for name in ("temperature", "salinity"):
        v = raw[name]
        counts[f"n_wet_zero_{name}"] = int(((v == 0) & wet[None]).sum())
        counts[f"n_dry_nonzero_{name}"] = int(((v != 0) & ~wet[None]).sum())
        raw[name] = np.where(wet[None], v, np.nan)
    for name in ("sst", "sss"):
        raw[name] = np.where(wet[0][None], raw[name], np.nan)
    check_plausible("lev_s", raw["salinity"], 0.0, 45.0, "1", what)
    check_plausible("lev_t", raw["temperature"], -10.0, 40.0, "degC", what)
    tf = freezing_point(raw["salinity"])
    counts["n_below_minus2C"] = int(np.sum(raw["temperature"] < -2.0))
    counts["n_clipped_to_freezing"] = int(np.sum(raw["temperature"] < tf))
    counts["min_temperature_before_clip"] = float(np.nanmin(raw["temperature"]))
    raw["temperature"] = np.where(raw["temperature"] < tf, tf, raw["temperature"])
    raw["sst"] = np.where(raw["sst"] < freezing_point(raw["sss"]), freezing_point(raw["sss"]), raw["sst"])
    lat, lon, io, jo = horizontal_coords(np.arange(-78.0, 78.1, 4.0), np.arange(2.0, 360.0, 4.0), what)

    def grid(v):
        return v[..., io, :][..., jo]

    d4, d3 = ("month", "depth", "lat", "lon"), ("month", "lat", "lon")
    data = {
        "temperature": (d4, grid(raw["temperature"]), {
            "units": "degC", "standard_name": "sea_water_potential_temperature",
            "comment": "clipped at the surface freezing point of the cell's salinity"}),
        "salinity": (d4, grid(raw["salinity"]), {"units": "1", "standard_name": "sea_water_practical_salinity"}),
        "sst": (d3, grid(raw["sst"]), {"units": "degC", "standard_name": "sea_surface_temperature"}),
        "sss": (d3, grid(raw["sss"]), {"units": "1", "standard_name": "sea_surface_salinity"}),
        "ocean_depth": (("lat", "lon"), grid(ocean_depth), {
            "units": "m", "standard_name": "sea_floor_depth_below_sea_surface", "source": "ETOPO5"}),
    }
    coords = {"month": ("month", np.arange(1, 13), MONTH_ATTRS), "lat": ("lat", lat, LAT_ATTRS),
              "lon": ("lon", lon, LON_ATTRS), **layer_coords(edges)}
    return xr.Dataset(data, coords=coords, attrs={
        "product": PRODUCT, "source_folder": str(folder),
        "references": "Levitus & Boyer (1994), World Ocean Atlas 1994 Vol. 4; MITgcm "
                      "tutorial_global_oce_latlon input (MIT License)",
        "time_coverage": "monthly climatology",
        "conventions_note": "potential temperature; lat S->N, lon wrapped to [-180, 180); "
                            "wet = column depth > layer top; T clipped at the freezing point",
        "lookup_max_distance_km": LOOKUP_MAX_DISTANCE_KM, **counts})
