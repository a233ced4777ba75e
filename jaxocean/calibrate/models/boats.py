"""BOATS parameters fitted to regional catch (or biomass) totals on short runs.

Forward model: the "PP" initial state from the annual-mean forcing (so ecological
parameters act on it too), ``jaxocean.boats.run`` over the forcing sequence (one lax.scan,
``checkpoint=True`` by default so the backward pass stores only the carry per step) with
annual means, then per region the area-weighted total of the last ``n_target_years``:

    catch_r = sum_{cells in r} area * sum_groups harvest * (s per yr) / 1e6   [t wet yr-1]
    biomass_r = sum_{cells in r} area * sum_groups biomass / 1e6              [t wet]

Free names are any ``BoatsParams`` fields, e.g. ("te", "fishing.catchability"). Targets:
Sea Around Us catch per LME (``read_lme_catch``, Carozza et al. 2017 data file).
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.boats import (SECONDS_PER_YEAR, BoatsForcing, BoatsParams, initial_state,
                            run)
from jaxocean.core.validate import InputError, check_finite, check_nonnegative, check_shape, file_errors


class RegionalRun(eqx.Module):
    """Inputs of the regional forward model (cells on a flat axis)."""

    forcing_seq: BoatsForcing     # (nsteps, ncells) npp [mmolC m-2 s-1], temp [degC]
    forcing_mean: BoatsForcing    # (ncells,) annual means for the initial state
    area: jax.Array               # (ncells,) cell ocean area [m2]
    effort0: jax.Array            # (ncells, 3) initial fishing effort [W m-2]
    region_weights: jax.Array     # (nregions, ncells) 1 where the cell belongs to the region
    dt: float = eqx.field(static=True)                  # step [s]
    steps_per_year: int = eqx.field(static=True)
    n_target_years: int = eqx.field(static=True, default=1)
    quantity: str = eqx.field(static=True, default="catch")   # "catch" or "biomass"
    checkpoint: bool = eqx.field(static=True, default=True)


def predict(params: BoatsParams, data: RegionalRun):
    """Regional totals (nregions,): catch [t wet yr-1] or biomass [t wet], last years' mean."""
    state0 = initial_state(data.forcing_mean, params, effort=data.effort0)
    pick = (lambda s, d: d.harvest) if data.quantity == "catch" else (lambda s, d: d.biomass)
    _, annual = run(state0, data.forcing_seq, params, data.dt, save=pick, checkpoint=data.checkpoint,
                    mean_every=data.steps_per_year)                       # (years, ncells, 3)
    per_cell = jnp.mean(jnp.sum(annual[-data.n_target_years:], axis=-1), axis=0)   # (ncells,)
    if data.quantity == "catch":
        per_cell = per_cell * SECONDS_PER_YEAR
    return data.region_weights @ (data.area * per_cell) / 1e6


def regional_run(npp_monthly, temp_monthly, area, region_of_cell, *, years: int, dt_days: float = 30.0,
                 effort0=0.0, n_target_years: int = 1, quantity: str = "catch",
                 checkpoint: bool = True) -> RegionalRun:
    """Checked constructor from monthly climatologies (12, ncells) [mmolC m-2 s-1, degC],
    cell areas [m2], an integer region index per cell (0..nregions-1) and the initial effort
    [W m-2] (scalar or (ncells, 3); effort starts at 0 in BOATS, so short catch fits need an
    established fishery)."""
    from jaxocean.boats import forcing_sequence, n_steps

    npp = check_nonnegative("npp_monthly", npp_monthly, "mmolC m-2 s-1")
    temp = check_finite("temp_monthly", temp_monthly)
    if npp.ndim != 2:
        raise InputError(f"npp_monthly: expected (months, cells), got shape {npp.shape}")
    check_shape("temp_monthly", temp, npp.shape)
    ncells = npp.shape[1]
    area = check_nonnegative("area", area, "m2")
    check_shape("area", area, (ncells,))
    region = np.asarray(region_of_cell)
    check_shape("region_of_cell", region, (ncells,))
    if quantity not in ("catch", "biomass"):
        raise InputError(f"quantity: 'catch' or 'biomass', got {quantity!r}")
    if not 1 <= n_target_years <= years:
        raise InputError(f"n_target_years: must be in 1..{years}, got {n_target_years}")
    effort0 = np.broadcast_to(check_nonnegative("effort0", effort0, "W m-2"), (ncells, 3))
    weights = (region[None, :] == np.arange(region.max() + 1)[:, None]).astype(float)
    monthly = BoatsForcing(npp=jnp.asarray(npp), temp=jnp.asarray(temp))
    nsteps = n_steps(years, dt_days)
    return RegionalRun(forcing_sequence(monthly, nsteps, dt_days),
                       BoatsForcing(npp=jnp.asarray(npp.mean(0)), temp=jnp.asarray(temp.mean(0))),
                       jnp.asarray(area), jnp.asarray(effort0), jnp.asarray(weights), float(dt_days * 86400.0),
                       int(round(360.0 / dt_days)), int(n_target_years), quantity, checkpoint)


@file_errors("LME catch table")
def read_lme_catch(path, lme_ids, years):
    """Sea Around Us total catch per LME (Carozza et al. 2017 data file ``data_HSCS_paper.mat``):
    mean over ``years`` for each LME id, (len(lme_ids),) [t wet yr-1], plus the 1-degree LME mask
    (180, 360) and cell area [m2] from the same file, both on rows lat -89.5..89.5 and columns
    lon -179.5..179.5 (LME 1, the East Bering Sea, sits at 58 N, 160 W)."""
    from jaxocean.io.matlab import load_mat

    d = load_mat(path, variables=["data_HSCS"])["data_HSCS"]
    sau = d.catchSAU
    year = np.asarray(sau.year, int)
    sel = np.isin(year, np.asarray(years))
    if not sel.any():
        raise InputError(f"years: none of {list(years)} in the catch record ({year.min()}-{year.max()})")
    tot = np.asarray(sau.tot, float)
    ids = np.asarray(lme_ids, int)
    if ids.min() < 1 or ids.max() > tot.shape[0]:
        raise InputError(f"lme_ids: must be in 1..{tot.shape[0]}, got {ids.tolist()}")
    area = np.asarray(d.surface.deg1, float) * 1e6   # km2 -> m2
    return tot[ids - 1][:, sel].mean(axis=1), np.asarray(d.mask.LME, float), area


def lme_regional_run(hscs_path, npp_path, temp_path, lme_ids, *, years: int, catch_years,
                     effort0=1e-2, n_target_years: int = 1, checkpoint: bool = True):
    """Regional BOATS run over whole LMEs with their observed catch as targets.

    Forcing from netCDF monthly NPP and temperature on a 1-degree (lat -89.5..89.5, lon
    0..359) grid (e.g. the CESM files in ../shared/data/boats), read by
    ``jaxocean.boats.forcing.read_netcdf_forcing``; LME cells and areas from the catch file.
    Coastal LME cells where the model forcing is missing are dropped (a coarse ESM coastline
    covers about two thirds of the LME cells), so compare with ``catch * covered``.
    Returns ``(RegionalRun, catch [t wet yr-1] per LME, covered: area fraction with forcing)``.
    """
    from jaxocean.boats.forcing import read_netcdf_forcing

    catch, lme, area = read_lme_catch(hscs_path, lme_ids, catch_years)
    ds = read_netcdf_forcing(npp_path, temp_path)
    if ds["npp"].shape[-2:] != (180, 360):
        raise InputError(f"forcing: expected a 1-degree (180, 360) grid, got {ds['npp'].shape[-2:]}")
    lme, area = np.roll(lme, 180, axis=1), np.roll(area, 180, axis=1)   # lon -180.. -> 0..360
    npp, temp = ds["npp"].values, ds["temp"].values
    ocean = np.isfinite(npp).all(0) & np.isfinite(temp).all(0)
    cells = [np.flatnonzero((lme == k).ravel() & ocean.ravel()) for k in lme_ids]
    covered = np.array([area.ravel()[c].sum() / area[lme == k].sum() for k, c in zip(lme_ids, cells)])
    empty = [k for k, c in zip(lme_ids, cells) if c.size == 0]
    if empty:
        raise InputError(f"lme_ids: no ocean cells with forcing for LME(s) {empty}")
    idx = np.concatenate(cells)
    region = np.concatenate([np.full(c.size, r) for r, c in enumerate(cells)])
    flat = lambda f: f.reshape(f.shape[0], -1)[:, idx]  # noqa: E731
    return regional_run(flat(npp), flat(temp), area.ravel()[idx], region, years=years, effort0=effort0,
                        n_target_years=n_target_years, checkpoint=checkpoint), catch, covered
