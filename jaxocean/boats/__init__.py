"""BOATS: the BiOeconomic mArine Trophic Size-spectrum model in JAX.

Carozza et al. (2016, GMD 9:1545; 2017, PLoS One 12:e0169763) as used by seed 002, with the
carcass and fecal-pellet carbon fluxes of seed 002 (Eqs. 13-24). Reproduces the BOATS-1.0
MATLAB code step for step (0-D and global variants; SCHEME.md).

API
---
``params = BoatsParams()`` BOATS defaults; ``BoatsParams.published_set(6290)`` one of the 5
Carozza (2017) sets (6290, 6363, 6920, 8874, 9459); ``BoatsParams(variant="0d")`` the 0-D code's
epsilon placement. Fishing: ``BoatsParams(fishing=FishingParams(enabled=1.0, catchability=q,
price=p, cost=c, k_e=..., effort_freeze_step=n))`` -- q, p, c scalars or per-step series;
``enabled`` and ``effort_freeze_step`` are traced. Carcasses / pellets: ``CarcassParams``.
Every numeric field may be a traced array (grad, vmap over stacked sets: ``stack_params``).

``BoatsForcing(npp=[mmolC m-2 s-1], temp=[degC])`` per cell (any leading shape, e.g. a flat
ocean-cell axis). ``forcing_sequence(monthly, nsteps, dt_days, variant)`` holds monthly forcing
piecewise constant per step; ``n_steps(years, dt_days, variant)``.

``state0 = initial_state(annual_mean_forcing, params, scale=1.0)`` "PP" spectrum, effort 0 --
a ``BoatsState(biomass (...,3,50) [mmolC m-2 g-1], effort (...,3) [W m-2], step int32)``.

``state, diag = step(state, forcing_t, params, dt)`` dt in seconds (2 592 000 = 30 d).
``final, diags = run(state0, forcing_seq, params, dt, save=None, checkpoint=False,
mean_every=None)`` via ``jaxocean.core.integrate`` (one lax.scan; ``mean_every=12`` keeps annual
means). ``run_members(state0, forcing_seq, params, dt, in_axes=(0, 0, 0), **run_kw)`` is
``run`` vmapped over a member axis; a member gives the same bits in a batch of one as in any
larger batch (a plain ``run`` agrees to ~1e-15, not bitwise: XLA CPU FMA contraction differs
between scalar and batched parameters). ``diag`` is ``BoatsDiagnostics``, per cell and group
(..., 3): biomass [g wet m-2], harvest [g wet m-2 s-1], effort [W m-2], revenue, cost [$ m-2 s-1], carcass_flux and
fecal_flux [mg C m-2 d-1] at the base of the euphotic zone (75 m); ``step(..., by_class=True)``
adds ``harvest_by_class`` (..., 3, 50). ``boats.size_bins``: the classes in the FishMIP log10
weight bins (``class_fractions``, ``bin_sums``).

``carcass_and_fecal_fluxes(biomass, mortality_flux, e_in, params)`` the seed Eqs. 13-24.
``cast_floats(tree, jnp.float32)`` runs in float32 (params, state and forcing).

Edges (host side, xarray / NumPy)
---------------------------------
``boats.forcing``: ``read_netcdf_forcing(npp_path, temp_path)`` (intpp/npp, to/thetao/tos..., CF
units converted), ``read_region_npz``, ``read_geo_time``, ``read_lme_mask``, ``ocean_grid(ds,
area=None) -> OceanGrid`` (mask, areas, ``to_cells`` / ``to_map``), ``cell_forcing(ds, grid)``
(checked: InputError on NaN / negative NPP / T outside [-5, 40] degC over ocean),
``check_cell_forcing(npp, temp)`` (the same checks on arrays), ``annual_mean``.
``boats.economics.read_economical(npz, **fishing_kw)``: catchability, price and cost series.
``boats.gridded.run_gridded(ds, params, years, dt_days=30, spectra=False)``: checked gridded run
-> (Dataset of annual means, final state, grid). ``boats.output``: ``to_dataset``,
``lme_aggregate``, ``write_output``. ``boats.reference.load_reference_run``: a
BOATS-1.0 0-D reference file as (params, state0, monthly forcing, nsteps).
"""

from jaxocean.boats.carcass import CarcassParams, carcass_and_fecal_fluxes, nonpredation_mortality
from jaxocean.boats.constants import MMOLC_TO_WET_G, SECONDS_PER_DAY, SECONDS_PER_YEAR
from jaxocean.boats.fishing import FishingParams, selectivity
from jaxocean.boats.mass_grid import MassGrid
from jaxocean.boats.params import PUBLISHED_SET_IDS, PUBLISHED_SETS, BoatsParams, cast_floats, stack_params
from jaxocean.boats.run import forcing_sequence, month_indices, n_steps, run, run_members
from jaxocean.boats.state import BoatsDiagnostics, BoatsForcing, BoatsState, initial_state, pp_spectrum
from jaxocean.boats.step import step, tendencies

__all__ = [
    "BoatsParams", "FishingParams", "CarcassParams", "MassGrid", "BoatsState", "BoatsForcing",
    "BoatsDiagnostics", "PUBLISHED_SETS", "PUBLISHED_SET_IDS", "initial_state", "pp_spectrum",
    "step", "tendencies", "run", "run_members", "forcing_sequence", "month_indices", "n_steps",
    "carcass_and_fecal_fluxes", "nonpredation_mortality", "selectivity", "stack_params",
    "cast_floats", "MMOLC_TO_WET_G", "SECONDS_PER_DAY", "SECONDS_PER_YEAR",
]
