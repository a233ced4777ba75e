"""FishMIP / ISIMIP3b protocol output of a BOATS ensemble (``jaxocean ensemble --isimip``).

From ``annual.nc``, per (forcing, fishing) group the mean over its parameter sets (as the
FishMIP BOATS submissions average their parameter sets), one variable per file, named
``<model>_<climate-forcing>_<bias-adjustment>_<climate-scenario>_<soc-scenario>_<sens-scenario>
_<variable>_global_<time-step>_<start-year>_<end-year>.nc`` in lowercase (FishMIP ISIMIP3b output
protocol): ``boats_gfdl-esm4_nobasd_ssp585_2015soc_default_tcb_global_annual_1950_2100.nc``.

Variables (wet mass, g m-2; FishMIP output table):

- ``tcb`` Total Consumer Biomass Density: the BOATS fish biomass (the three groups, 10 g to
  100 kg; BOATS has no other consumers), annual mean.
- ``tc`` Total Catch Density: the catch during each annual time step of 360 days (the BOATS
  model year), i.e. the catch rate of ``annual.nc`` [g m-2 yr-1, yr = 365.25 d] x 360/365.25.

``tcblog10`` / ``tclog10`` (log10 weight bins) are not written: the ensemble reduces the size
spectrum to group sums inside the run, so the per-class biomass is not available here.

Time: days since 1601-01-01 on the model's ``360_day`` calendar, with bounds; missing values
(land) 1e20; NETCDF4_CLASSIC with compression level 5. The soc-scenario identifier is ``nat``
without fishing, ``<year>soc`` with fishing (effort dynamic before the spec's
``effort_freeze_year``, held at that year's level after).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.ensemble.stats import groups
from jaxocean.io.netcdf import annual_time_coords, write_netcdf

FILL = np.float32(1e20)
MODEL_DAYS_PER_YEAR = 360.0     # BOATS model year (the ISIMIP annual time step)
VARIABLES = {  # ISIMIP name -> (annual.nc field, factor, long name)
    "tcb": ("biomass", 1.0, "Total Consumer Biomass Density"),
    "tc": ("catch", MODEL_DAYS_PER_YEAR / 365.25, "Total Catch Density"),
}


def file_name(variable: str, forcing: str, fishing: bool, spec, years) -> str:
    """The ISIMIP3b file name of ``variable`` for one (forcing, fishing) group."""
    esm, ssp = forcing.split(":") if ":" in forcing else (forcing, "synthetic")
    soc = f"{spec.effort_freeze_year}soc" if fishing else "nat"
    parts = ["boats", esm, "nobasd", ssp, soc, "default", variable, "global", "annual",
             str(int(years[0])), str(int(years[-1]))]
    return "_".join(p.lower().replace("_", "-") for p in parts) + ".nc"


def write_isimip(run, out_dir=None) -> list[Path]:
    """Write the protocol files of ``run`` (an :class:`~jaxocean.ensemble.runner.EnsembleRun`)
    into ``out_dir`` (default ``<run.out_dir>/isimip``); return their paths."""
    out_dir = Path(out_dir or run.out_dir / "isimip")
    spec, paths = run.spec, []
    with xr.open_dataset(run.annual_path, decode_times=False) as ds:
        years = ds["year"].values
        coords = {k: xr.Variable(*v) for k, v in annual_time_coords(years).items()}
        coords |= {"lat": ds["lat"].values, "lon": ds["lon"].values}
        for (forcing, fishing), idx in groups(spec.members).items():
            for var, (field, factor, long_name) in VARIABLES.items():
                mean = ds[field].isel(member=idx).mean("member").values * factor
                da = xr.Variable(("time", "lat", "lon"), mean.astype(np.float32),
                                 {"units": "g m-2", "long_name": long_name,
                                  "comment": "wet mass; mean over the BOATS parameter sets "
                                             + ", ".join(str(spec.members[i].param_set) for i in idx)})
                da.encoding = {"_FillValue": FILL, "dtype": "float32", "complevel": 5, "zlib": True}
                ds_out = xr.Dataset({var: da}, coords=coords)
                ds_out.attrs = {"model": "BOATS-1.0 (jaxocean.boats)", "climate_forcing": forcing,
                                "fishing": "yes" if fishing else "no",
                                "references": "Carozza et al. 2016 GMD 9:1545; 2017 PLoS One 12:e0169763",
                                "time_step": "annual (360-day BOATS year)"}
                path = out_dir / file_name(var, forcing, fishing, spec, years)
                write_netcdf(ds_out, path, title=f"FishMIP/ISIMIP3b {var}: {long_name}",
                             source=run.source_label, history="jaxocean ensemble --isimip",
                             format="NETCDF4_CLASSIC")
                paths.append(path)
    return paths
