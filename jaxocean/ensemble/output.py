"""Stream annual ensemble outputs to one CF netCDF file, a chunk at a time.

The file has an unlimited ``year`` dimension and variables ``(year, member, lat, lon)``
(maps, NaN on land). Each chunk writes its years at their own index, so
rewriting a chunk after a resume overwrites rather than duplicates. The global attributes
``config_hash`` and ``last_complete_year`` let a resume check the file against its checkpoint.
Member metadata (parameter set, forcing, fishing) are stored as ``member``-indexed variables.
"""

from __future__ import annotations

from pathlib import Path

import netCDF4
import numpy as np

import jaxocean
from jaxocean.ensemble.climatology import Climatology
from jaxocean.io.netcdf import global_attributes


class AnnualWriter:
    """Append-by-index writer. ``fields`` maps name -> (units, long_name)."""

    def __init__(self, path, grid: Climatology, members, first_year: int, fields: dict,
                 *, title: str, source: str, resume: bool = False, config_hash: str = ""):
        self.path, self.grid, self.first_year, self.fields = Path(path), grid, first_year, fields
        if resume and self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with netCDF4.Dataset(self.path, "w") as nc:
            nc.setncatts(global_attributes(title=title, source=source,
                                           history=f"jaxocean {jaxocean.__version__} ensemble"))
            nc.config_hash = config_hash     # checked on resume (jaxocean.ensemble.run_folder)
            nc.createDimension("year", None)
            nc.createDimension("member", len(members))
            nc.createDimension("lat", grid.lat.size)
            nc.createDimension("lon", grid.lon.size)
            for name, vals, units in (("lat", grid.lat, "degrees_north"), ("lon", grid.lon, "degrees_east")):
                v = nc.createVariable(name, "f8", (name,))
                v[:], v.units = vals, units
            v = nc.createVariable("year", "i4", ("year",))
            v.units, v.long_name = "year", "calendar year (annual mean of monthly steps)"
            for name, values, dtype in (("param_set", [m.param_set for m in members], "i4"),
                                        ("fishing", [int(m.fishing) for m in members], "i1"),
                                        ("forcing", [m.forcing for m in members], str)):
                v = nc.createVariable(name, dtype, ("member",))
                v[:] = np.array(values, dtype=object if dtype is str else dtype)
                v.units = "1"
            for name, (units, long_name) in fields.items():
                v = nc.createVariable(name, "f4", ("year", "member", "lat", "lon"), zlib=True,
                                      complevel=4, fill_value=np.float32(np.nan),
                                      chunksizes=(1, 1, grid.lat.size, grid.lon.size))
                v.units, v.long_name = units, long_name

    def write(self, year0: int, annual: dict) -> None:
        """Write ``annual[name]`` of shape (n_years, members, cells) for years from ``year0``."""
        i0 = year0 - self.first_year
        with netCDF4.Dataset(self.path, "a") as nc:
            n = None
            for name in self.fields:
                a = np.asarray(annual[name], np.float32)
                n = a.shape[0]
                nc[name][i0:i0 + n] = self.grid.to_map(a)
            nc["year"][i0:i0 + n] = np.arange(year0, year0 + n)
            nc.last_complete_year = np.int32(year0 + n - 1)
