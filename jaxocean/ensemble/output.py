"""Stream annual ensemble outputs to one CF netCDF file, a chunk at a time.

The file is created by the library's one writer (:func:`jaxocean.io.netcdf.write_netcdf`, so
it carries the same CF attributes as every other jaxocean file) with an unlimited ``time``
dimension (:func:`jaxocean.io.netcdf.annual_time_coords`: days since 1601-01-01 on the 360-day
BOATS calendar, bounds, integer ``year``) and maps ``(time, member, lat, lon)`` (NaN on land).
Each chunk writes its years at their own index (and, in a run of member batches, its batch's
member slice), so rewriting a chunk after a resume overwrites rather than duplicates. The global
attributes ``config_hash``, ``last_batch`` (the member batch written last) and
``last_complete_year`` (that batch's last written year) let a resume check the file against its
checkpoint. Member metadata (parameter set, forcing,
fishing) are ``member`` auxiliary coordinates.
"""

from __future__ import annotations

from pathlib import Path

import netCDF4
import numpy as np
import xarray as xr

import jaxocean
from jaxocean.boats.output import STANDARD_NAMES
from jaxocean.ensemble.climatology import Climatology
from jaxocean.io.netcdf import annual_time_coords, write_netcdf


class AnnualWriter:
    """Append-by-index writer. ``fields`` maps name -> (units, long_name)."""

    def __init__(self, path, grid: Climatology, members, first_year: int, fields: dict,
                 *, title: str, source: str, resume: bool = False, config_hash: str = "",
                 first_member: int = 0):
        """``members`` are the run's members (``first_member`` is the ensemble index of the
        first: a process of a multi-process run writes its own contiguous slice)."""
        self.path, self.grid, self.first_year, self.fields = Path(path), grid, first_year, fields
        if resume and self.path.exists():
            return
        shape = (0, len(members), grid.lat.size, grid.lon.size)
        index = np.arange(first_member, first_member + len(members), dtype=np.int32)
        coords = {"lat": grid.lat, "lon": grid.lon, **annual_time_coords([]),
                  "member": ("member", index, {"long_name": "ensemble member"}),
                  "param_set": ("member", np.array([m.param_set for m in members], np.int32),
                                {"long_name": "BOATS published parameter set"}),
                  "fishing": ("member", np.array([int(m.fishing) for m in members], np.int8),
                              {"long_name": "fishing switch", "flag_values": np.array([0, 1], np.int8),
                               "flag_meanings": "no_fishing fishing"}),
                  "forcing": ("member", np.array([m.forcing for m in members], dtype=object),
                              {"long_name": "forcing scenario"})}
        data = {}
        for name, (units, long_name) in fields.items():
            attrs = {"units": units, "long_name": long_name, "cell_methods": "time: mean"}
            if name in STANDARD_NAMES:
                attrs["standard_name"] = STANDARD_NAMES[name]
            v = xr.Variable(("time", "member", "lat", "lon"), np.zeros(shape, np.float32), attrs)
            v.encoding = {"chunksizes": (1, 1) + shape[2:], "_FillValue": np.float32(np.nan)}
            data[name] = v
        ds = xr.Dataset(data, coords={k: xr.Variable(*v) if isinstance(v, tuple) else v
                                      for k, v in coords.items()},
                        attrs={"config_hash": config_hash})  # checked on resume (ensemble.run_folder)
        write_netcdf(ds,
                     self.path, title=title, source=source,
                     history=f"jaxocean {jaxocean.__version__} ensemble", unlimited_dims=("time",))

    def write(self, year0: int, annual: dict, first: int = 0, batch: int = 0) -> None:
        """Write ``annual[name]`` of shape (n_years, members, cells) for years from ``year0``
        into the members from file position ``first`` on (member batch ``batch``)."""
        i0 = year0 - self.first_year
        with netCDF4.Dataset(self.path, "a") as nc:
            n = None
            for name in self.fields:
                a = np.asarray(annual[name], np.float32)
                n, m = a.shape[:2]
                nc[name][i0:i0 + n, first:first + m] = self.grid.to_map(a)
            time = annual_time_coords(np.arange(year0, year0 + n))
            for name in ("time", "time_bnds", "year"):
                nc[name][i0:i0 + n] = time[name][1]
            nc.last_batch = np.int32(batch)
            nc.last_complete_year = np.int32(year0 + n - 1)
