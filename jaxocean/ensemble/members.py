"""Ensemble members as one BOATS batch: stacked parameters, initial states, batched step.

Member axis first everywhere. Each member carries its BOATS parameter set (with its fishing
switch and effort-freeze step) and the index of its forcing; the forcing of a month holds all
distinct forcings, ``(n_forcings, cells)``, and each member picks its own inside the step.
The monthly flag ``fishing_on`` (0 during spin-up) multiplies ``fishing.enabled``, so spin-up
and run share one compiled step. Effort freezes from the step counter
``(spinup_years + effort_freeze_year - start_year) * 12`` on (seed 002: effort held at its
2015 level until 2100).
"""

from __future__ import annotations

import functools

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean import boats
from jaxocean.boats import size_bins
from jaxocean.boats.mass_sum import class_sum
from jaxocean.boats.output import DIAG_ATTRS
from jaxocean.core.blocks import block_size, map_blocks
from jaxocean.core.grid import DAYS_PER_YEAR

DT = boats.SECONDS_PER_YEAR / 12      # s, the BOATS month (30 d)
SECONDS_PER_JULIAN_YEAR = DAYS_PER_YEAR * boats.SECONDS_PER_DAY   # the "yr" of the output units
MONTHS = 12

# annual-mean outputs: name -> (units, long_name); sums over the 3 species groups, with the
# units and names of the BOATS diagnostics (boats.output.DIAG_ATTRS). Every per-year rate of
# the ensemble files is per Julian year of 365.25 d (core.grid.DAYS_PER_YEAR), also the catch,
# although the BOATS model year (time axis, calendar "360_day") has 360 d
ANNUAL_FIELDS = {
    "biomass": DIAG_ATTRS["biomass"],
    "catch": ("g m-2 yr-1", "catch (harvest) wet mass rate, yr = 365.25 d"),
    "effort": DIAG_ATTRS["effort"],
    "carcass_flux": DIAG_ATTRS["carcass_flux"],
    "fecal_flux": DIAG_ATTRS["fecal_flux"],
}


def log10_bin_fields() -> dict:
    """Biomass and catch in the FishMIP log10 weight bins that hold BOATS classes
    (:mod:`jaxocean.boats.size_bins`; ``biomass_10g_100g``, ``catch_10g_100g``, ...), per group."""
    out = {}
    for j in size_bins.bins_in_range():
        out[f"biomass_{size_bins.NAMES[j]}"] = ("g m-2", f"fish wet biomass in the {size_bins.LABELS[j]} "
                                                "weight bin by group")
        out[f"catch_{size_bins.NAMES[j]}"] = ("g m-2 yr-1", f"catch (harvest) wet mass rate in the "
                                              f"{size_bins.LABELS[j]} weight bin by group, yr = 365.25 d")
    return out


def binned(state, diag, grid) -> dict:
    """The ``log10_bin_fields`` of one step: biomass after the step [g m-2] and catch rate
    [g m-2 yr-1] per bin and group (..., 3), from the classes of ``state`` and ``diag`` (a
    ``boats.step(..., by_class=True)``)."""
    dm = jnp.asarray(grid.dmass, state.biomass.dtype)
    biomass = size_bins.bin_sums(state.biomass * dm * boats.MMOLC_TO_WET_G, grid)
    catch = size_bins.bin_sums(diag.harvest_by_class * SECONDS_PER_JULIAN_YEAR, grid)
    names = [size_bins.NAMES[j] for j in size_bins.bins_in_range(grid)]
    return {**{f"biomass_{n}": b for n, b in zip(names, biomass)},
            **{f"catch_{n}": c for n, c in zip(names, catch)}}


def annual_fields(log10_bins: bool = False) -> dict:
    """Units and long names of the annual.nc maps (the group sums of ``ANNUAL_FIELDS``, and of
    ``log10_bin_fields()`` when ``log10_bins``)."""
    fields = ANNUAL_FIELDS | (log10_bin_fields() if log10_bins else {})
    return {k: (u, ln.replace(" by group", "") + ", all groups") for k, (u, ln) in fields.items()}


def member_params(spec, dtype, carcass=None):
    """Stacked ``{"boats": BoatsParams, "forcing_index": int}`` over the members; ``carcass``
    (a ``boats.CarcassParams``, default its defaults) sets the carcass / pellet diagnostics."""
    freeze = float((spec.spinup_years + spec.effort_freeze_year - spec.start_year) * MONTHS)
    forcings = spec.forcings
    carcass = carcass if carcass is not None else boats.CarcassParams()
    plist = [boats.BoatsParams.published_set(
        m.param_set, fishing=boats.FishingParams(enabled=float(m.fishing), effort_freeze_step=freeze),
        carcass=carcass) for m in spec.members]
    return {"boats": boats.cast_floats(boats.stack_params(plist), dtype),
            "forcing_index": np.array([forcings.index(m.forcing) for m in spec.members], np.int32)}


def initial_state(spec, params, npp_year, temp_year, dtype):
    """"PP" initial spectrum of each member from its forcing's annual mean (first forcing year
    ``npp_year``, ``temp_year``: (12, n_forcings, cells), mmol C m-2 s-1 and degC), effort 0."""
    npp = jnp.asarray(npp_year.mean(axis=0), dtype)[params["forcing_index"]]
    temp = jnp.asarray(temp_year.mean(axis=0), dtype)[params["forcing_index"]]
    return _initial_states(boats.BoatsForcing(npp=npp, temp=temp), params["boats"])


# one jitted function for every call (a jit built per call recompiled for every member batch)
_initial_states = jax.jit(jax.vmap(boats.initial_state))


def monthly_forcing(npp, temp, fishing_on, dtype):
    """Host arrays -> the step's forcing pytree (leading month axis)."""
    return {"npp": jnp.asarray(npp, dtype), "temp": jnp.asarray(temp, dtype),
            "fishing_on": jnp.asarray(fishing_on, dtype)}


def batched_step(state, forcing_t, params, dt, log10_bins: bool = False):
    """One month for every member (vmap over the member axis of ``state`` and ``params``);
    ``log10_bins`` (static) adds the ``log10_bin_fields`` (the step then takes ~2x longer on
    XLA CPU: the catch per class recomputes the step's harvest chain in the bin sums)."""
    def one(s, p, idx):
        f = boats.BoatsForcing(npp=forcing_t["npp"][idx], temp=forcing_t["temp"][idx])
        bp = eqx.tree_at(lambda q: q.fishing.enabled, p, p.fishing.enabled * forcing_t["fishing_on"])
        s, d = boats.step(s, f, bp, dt, by_class=log10_bins)
        return s, {"biomass": d.biomass, "catch": d.harvest * SECONDS_PER_JULIAN_YEAR,
                   "effort": d.effort, "carcass_flux": d.carcass_flux, "fecal_flux": d.fecal_flux,
                   **(binned(s, d, p.grid) if log10_bins else {})}
    return jax.vmap(one)(state, params["boats"], params["forcing_index"])


# cell axes of the runner's chunk (state, forcing, params) -> (state, annual summary):
# members first, then cells; forcing (months, forcings, cells); summary (years, members, cells)
CHUNK_CELL_AXES = ((boats.BoatsState(biomass=1, effort=1, step=None), {"npp": 2, "temp": 2, "fishing_on": None},
                    None), (boats.BoatsState(biomass=1, effort=1, step=None), 2))


def cell_blocks(members_per_device: int, grid, dtype, cells: int | None = None):
    """The chunk in blocks of ``cells`` cells (``core.blocks.map_blocks``; BOATS cells are
    independent), or None (unblocked) for ``cells=0``. ``cells=None``: on a CPU, blocks sized so
    that their spectra stay in cache (``core.blocks.cpu_block_size``), unblocked on an
    accelerator (``core.blocks.block_size``). Every block size gives the same bits as the
    unblocked chunk (tests/ensemble)."""
    size = block_size(cells, members_per_device * np.size(grid.mass) * jnp.dtype(dtype).itemsize)
    if size is None:
        return None
    in_axes, out_axes = CHUNK_CELL_AXES
    return functools.partial(map_blocks, size=size, in_axes=in_axes, out_axes=out_axes)


def annual_reduce(chunk_years: int):
    """Monthly outputs per group (chunk_years*12, members, cells, 3) -> annual means summed over
    the groups (chunk_years, members, cells).

    Months and groups are summed as fixed trees of elementwise adds (``class_sum``), after the
    scan: the same bits for any member count (sharded == unsharded), and no reduction kernel
    inside the step, which would stop XLA fusing the step's class sums (~10x slower on CPU).
    """
    def reduce(out):
        def annual(x):
            months = jnp.moveaxis(x.reshape((chunk_years, MONTHS) + x.shape[1:]), 1, -1)
            return class_sum(class_sum(months) / MONTHS)
        return jax.tree_util.tree_map(annual, out)
    return reduce
