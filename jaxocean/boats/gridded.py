"""Checked entry point for gridded runs: (lat, lon) forcing in, CF Dataset of annual means out."""

from __future__ import annotations

import jax
import xarray as xr

from jaxocean.boats.forcing import OceanGrid, annual_mean, cell_forcing, ocean_grid
from jaxocean.boats.output import to_dataset
from jaxocean.boats.run import forcing_sequence, n_steps, run
from jaxocean.boats.state import initial_state
from jaxocean.core.validate import InputError


def check_layout(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` with npp and temp as (time, lat, lon) by dimension NAME (a map stored (time, lon,
    lat) is transposed, not misread, even when square); the time axis must hold whole years
    of months (a climatology is cycled year by year, so 11 months would shift the seasons)."""
    for name in ("npp", "temp"):
        if name not in ds:
            raise InputError(f"run_gridded: forcing variable {name!r} missing; have {sorted(ds.data_vars)}")
        dims = ds[name].dims
        if len(dims) != 3 or "lat" not in dims or "lon" not in dims:
            raise InputError(f"run_gridded: {name} must have dimensions (time, lat, lon) by name, "
                             f"got {dims}")
    ds = ds.transpose(..., "lat", "lon")
    n_months = ds["npp"].shape[0]
    if n_months % 12 or ds["temp"].shape[0] != n_months:
        raise InputError(f"run_gridded: the time axis must hold whole years of months (12 for a "
                         f"climatology), got npp {n_months} and temp {ds['temp'].shape[0]} steps")
    return ds


def run_gridded(ds: xr.Dataset, params, years: int, *, dt_days: float = 30.0, grid: OceanGrid | None = None,
                state0=None, dtype=None, spectra: bool = False):
    """Run BOATS on every ocean cell of a monthly climatology / series ``ds`` (npp, temp).

    Validates the forcing (layout by dimension name, whole years of months, at least one
    ocean cell, plausible NPP and temperature over the ocean: ``check_layout``,
    ``boats.forcing.check_cell_forcing`` (``InputError`` before any compute), keeps land out
    of the arithmetic (flat ocean-cell axis), starts from the "PP" spectrum of the annual-mean
    forcing unless ``state0`` is given, and returns ``(dataset, final_state, grid)``: annual
    means on (year, group, lat, lon) plus the final spectrum; ``spectra=True`` also keeps the
    annual-mean spectrum (year, group, mass_class, lat, lon) [g wet m-2] (~50 MB per year at 1 degree).
    """
    if years < 1 or int(years) != years:
        raise InputError(f"years: expected a positive whole number of years, got {years}")
    if not dt_days > 0 or (360.0 / dt_days) % 1:
        raise InputError(f"dt_days: {dt_days} does not divide the 360-day year")
    ds = check_layout(ds)
    grid = grid or ocean_grid(ds)
    if grid.n_cells == 0:
        raise InputError("run_gridded: the forcing has no ocean cell (NPP and temp are NaN "
                         "everywhere: an all-land file or region?)")
    monthly = cell_forcing(ds, grid, dtype)
    if state0 is None:
        state0 = initial_state(annual_mean(monthly), params)
    nsteps = n_steps(years, dt_days, params.variant)
    if params.variant != "global":
        raise InputError("run_gridded: use BoatsParams(variant='global') (the 0-D variant drops one step)")
    seq = forcing_sequence(monthly, nsteps, dt_days, params.variant)
    steps_per_year = int(round(360.0 / dt_days))
    save = (lambda s, d: (d, s.biomass)) if spectra else None
    final, annual = jax.jit(lambda s, f, p: run(s, f, p, dt_days * 86400.0, save=save, check=False,
                                                mean_every=steps_per_year))(state0, seq, params)
    diags, annual_spectra = annual if spectra else (annual, None)
    return to_dataset(grid, params, diags=diags, final_state=final, annual_spectra=annual_spectra), final, grid
