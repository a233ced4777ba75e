"""FishMIP / ISIMIP3b protocol output of a BOATS ensemble (``jaxocean ensemble --isimip``).

From ``annual.nc``, per (forcing, fishing) group the mean over its parameter sets (as the
FishMIP BOATS submissions average their parameter sets), one variable per file, named
``<model>_<climate-forcing>_<bias-adjustment>_<climate-scenario>_<soc-scenario>_<sens-scenario>
_<variable>_global_<time-step>_<start-year>_<end-year>.nc`` in lowercase (FishMIP ISIMIP3b output
protocol): ``boats_gfdl-esm4_nobasd_ssp585_2015soc_default_tcb_global_annual_1950_2100.nc``.

Variables (wet mass, g m-2; ISIMIP3b protocol, marine-fishery_global output variables,
github.com/ISI-MIP/isimip-protocol-3 definitions/ISIMIP3b/OutputData/marine-fishery_global.json):

- ``tcb`` Total Consumer Biomass Density: the BOATS fish biomass (the three groups, 10 g to
  100 kg; BOATS has no other consumers), annual mean.
- ``tc`` Total Catch Density: the catch during each annual time step of 360 days (the BOATS
  model year), i.e. the catch rate of ``annual.nc`` [g m-2 yr-1, yr = 365.25 d] x 360/365.25.
- ``tcblog10`` / ``tclog10`` (runs with ``ensemble.log10_bins``, which ``--isimip`` sets): the
  same in the protocol's log10 weight bins (dimensions
  ``(time, bins, lat, lon)``; bins 1-10g, 10-100g, 100g-1kg, 1-10kg, 10-100kg, >100kg named by
  the auxiliary coordinate ``bins_label``), from the per-bin maps of ``annual.nc``
  (:mod:`jaxocean.boats.size_bins`: classes straddling 100 g and 10 kg split by mass). BOATS
  has no classes below 10 g or above 100 kg: those two bins are missing (1e20), not 0. Over the
  bins, tcblog10 and tclog10 sum to tcb and tc (to float32 rounding).

Time: days since 1601-01-01 on the model's ``360_day`` calendar, with bounds; missing values
(land) 1e20; NETCDF4_CLASSIC with compression level 5. The soc-scenario identifier is ``nat``
without fishing, ``<year>soc`` with fishing (effort dynamic before the spec's
``effort_freeze_year``, held at that year's level after).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from jaxocean.boats import size_bins
from jaxocean.core.grid import DAYS_PER_YEAR
from jaxocean.core.progress import logger
from jaxocean.ensemble.stats import groups
from jaxocean.io.netcdf import annual_time_coords, label_coords, write_netcdf

FILL = np.float32(1e20)
MODEL_DAYS_PER_YEAR = 360.0     # BOATS model year (the ISIMIP annual time step)
VARIABLES = {  # ISIMIP name -> (annual.nc field, or field prefix of the bins, factor, long name)
    "tcb": ("biomass", 1.0, "Total Consumer Biomass Density"),
    "tc": ("catch", MODEL_DAYS_PER_YEAR / DAYS_PER_YEAR, "Total Catch Density"),
    "tcblog10": ("biomass_", 1.0, "Total Consumer Biomass Density in log10 Weight Bins"),
    "tclog10": ("catch_", MODEL_DAYS_PER_YEAR / DAYS_PER_YEAR, "Total Catch in log10 Weight Bins"),
}


def _group_mean(ds, field: str, idx) -> np.ndarray:
    """Mean over the members ``idx`` of ``field`` (a prefix ending in "_": stacked on a bins
    axis, NaN for the bins without an ``annual.nc`` map), (time, [bins,] lat, lon)."""
    if not field.endswith("_"):
        return ds[field].isel(member=idx).mean("member").values
    nan = np.full((ds.sizes["time"], ds.sizes["lat"], ds.sizes["lon"]), np.nan)
    return np.stack([_group_mean(ds, field + n, idx) if field + n in ds else nan
                     for n in size_bins.NAMES], axis=1)


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
        bins = {k: xr.Variable(*v) for k, v in label_coords("bins", size_bins.LABELS).items()}
        bins["bins_label"].attrs["long_name"] = "wet weight bin (log10 g)"
        binned = any(f"biomass_{n}" in ds for n in size_bins.NAMES)
        if not binned:
            logger.info("ISIMIP3b: no log10 weight-bin maps in %s (ensemble.log10_bins = false): "
                        "tcblog10 / tclog10 not written", run.annual_path)
        for (forcing, fishing), idx in groups(spec.members).items():
            for var, (field, factor, long_name) in VARIABLES.items():
                if field.endswith("_") and not binned:
                    continue
                mean = _group_mean(ds, field, idx) * factor
                dims = ("time", "bins", "lat", "lon") if mean.ndim == 4 else ("time", "lat", "lon")
                da = xr.Variable(dims, mean.astype(np.float32),
                                 {"units": "g m-2", "long_name": long_name,
                                  "comment": "wet mass; mean over the BOATS parameter sets "
                                             + ", ".join(str(spec.members[i].param_set) for i in idx)})
                da.encoding = {"_FillValue": FILL, "dtype": "float32", "complevel": 5, "zlib": True}
                ds_out = xr.Dataset({var: da}, coords=coords | (bins if "bins" in dims else {}))
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
