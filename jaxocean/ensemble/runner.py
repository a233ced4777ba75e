"""Run an ensemble as ONE batched computation: members vmapped inside one jitted monthly scan,
chunked by year (:func:`jaxocean.core.chunked.run_chunked`), sharded over devices.

Data flow::

    EnsembleSpec --forcing_source--> monthly (npp, temp) per forcing, year by year (host)
                 --members--> stacked BoatsParams + forcing index + initial state (member axis)
    run_chunked(batched BOATS step)  -> annual means per member -> annual.partial.nc (streamed,
                                        renamed to annual.nc when the run is complete)
                                     -> checkpoint.npz after every chunk (resume)

Spin-up years (``spec.spinup_years``) run first on the start year's forcing without fishing
and are not written. Fishing members then fish with dynamic open-access effort until
``effort_freeze_year``, after which effort is held; no-fishing members have zero effort.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.atomic import fsync_file, output_lock
from jaxocean.core.chunked import ChunkedResult, config_hash, run_chunked
from jaxocean.core.progress import Progress
from jaxocean.core.validate import InputError
from jaxocean.ensemble import members as mem
from jaxocean.ensemble import run_folder
from jaxocean.ensemble.climatology import cesm_base, coarsen, embedded_base, read_climatology
from jaxocean.ensemble.isimip import IsimipScenarios
from jaxocean.ensemble.output import AnnualWriter
from jaxocean.ensemble.scenario import SyntheticScenarios
from jaxocean.ensemble.sharding import member_mesh, pad_members, padded_size, replicate, shard_members
from jaxocean.ensemble.spec import EnsembleSpec


def forcing_source(spec: EnsembleSpec):
    """The spec's forcing: synthetic scenarios on a base climatology, or ISIMIP3b files.
    Reads and checks every input (variables, units, grids) before any compute."""
    if spec.forcing == "isimip":
        return IsimipScenarios(Path(spec.isimip_dir), spec.forcings, spec.start_year, spec.end_year)
    if spec.base == "demo":
        base = embedded_base()
    elif spec.base == "cesm":
        base = cesm_base()
        if base is None:
            raise InputError("ensemble.base: 'cesm' needs ../shared/data/boats (CESM fields); "
                             "use base = 'demo' on a fresh clone")
    else:
        base = read_climatology(spec.base)
    return SyntheticScenarios(coarsen(base, spec.coarsen), spec.forcings)


@dataclass
class EnsembleRun:
    spec: EnsembleSpec
    out_dir: Path
    annual_path: Path
    source_label: str
    result: ChunkedResult


def run_ensemble(spec: EnsembleSpec, out_dir, *, resume: bool = False, overwrite: bool = False,
                 n_devices: int | None = None, on_year=None, progress=True,
                 write: bool = True, carcass=None) -> EnsembleRun:
    """Run ``spec``; write ``annual.nc`` and ``checkpoint.npz`` into ``out_dir``.

    ``on_year(k, years, annual)`` is called after each written chunk with the annual means
    (numpy, real members only); an exception there interrupts the run (resume with
    ``resume=True``). ``n_devices`` shards the member axis (default: all devices).
    ``carcass``: a ``boats.CarcassParams`` for the carcass / fecal-pellet diagnostics (default
    its defaults; named alternatives ``CarcassParams.named(...)``, docs/PARAMETERS.md); it does
    not change the BOATS dynamics.
    The folder is locked for the run (:func:`jaxocean.core.atomic.output_lock`); a folder that
    already holds a run is refused unless ``resume`` or ``overwrite``
    (:mod:`jaxocean.ensemble.run_folder`).
    """
    if not write:
        return _run_ensemble(spec, Path(out_dir), resume, False, n_devices, on_year, progress, False,
                             carcass)
    with output_lock(out_dir):
        if not (resume or overwrite):       # refuse before reading any forcing
            run_folder.refuse_existing(Path(out_dir))
        return _run_ensemble(spec, Path(out_dir), resume, overwrite, n_devices, on_year, progress, True,
                             carcass)


def _run_ensemble(spec, out_dir, resume, overwrite, n_devices, on_year, progress, write, carcass):
    source = forcing_source(spec)
    dtype = jnp.float64 if spec.precision == "float64" else jnp.float32
    if dtype == jnp.float64 and not jax.config.read("jax_enable_x64"):
        raise InputError("ensemble.precision: float64 needs jaxocean.enable_float64() first")
    grid = source.base
    n_cells = int(grid.ocean.sum())
    mesh = member_mesh(n_devices)
    n_members = len(spec.members)
    n_pad = padded_size(n_members, mesh.size)

    params = mem.member_params(spec, dtype, carcass)
    state0 = mem.initial_state(spec, params, *source.year(spec.start_year), dtype)
    params, state0 = pad_members(params, n_pad), pad_members(state0, n_pad)
    params = shard_members(params, mesh)
    first_written = spec.spinup_years // spec.chunk_years

    def chunk_forcing(k):
        years = spec.start_year - spec.spinup_years + k * spec.chunk_years + np.arange(spec.chunk_years)
        npp, temp = zip(*(source.year(max(int(y), spec.start_year)) for y in years))
        fishing_on = np.repeat(years >= spec.start_year, mem.MONTHS).astype(float)
        return replicate(mem.monthly_forcing(np.concatenate(npp), np.concatenate(temp),
                                             fishing_on, dtype), mesh)

    h = config_hash({"spec": spec.to_dict(), "members_padded": n_pad, "forcing": source.label,
                     "cells": n_cells, **({"carcass": repr(carcass)} if carcass is not None else {})})
    fields = mem.annual_fields(spec.log10_bins)
    writer = partial = None
    if write:
        partial, continued = run_folder.prepare(
            out_dir, h, resume=resume, overwrite=overwrite, n_chunks=spec.n_chunks,
            first_year=spec.start_year,
            last_year_of_chunk=lambda k: spec.start_year + (k + 1 - first_written) * spec.chunk_years - 1)
    if partial is not None:
        writer = AnnualWriter(partial, grid, spec.members, spec.start_year, fields,
                              title=f"jaxocean BOATS ensemble {spec.name!r}: annual means",
                              source=source.label, resume=continued, config_hash=h)

    def on_chunk(k, summary, state):
        if k < first_written:
            return
        year0 = spec.start_year + (k - first_written) * spec.chunk_years
        annual = {name: np.asarray(v)[:, :n_members] for name, v in summary.items()}
        if writer is not None:
            writer.write(year0, annual)
            fsync_file(partial)        # on disk before this chunk's checkpoint says it is done
        if on_year is not None:
            on_year(k, np.arange(year0, year0 + spec.chunk_years), annual)

    step = functools.partial(mem.batched_step, log10_bins=spec.log10_bins)
    result = run_chunked(step, state0, chunk_forcing, params, mem.DT, spec.n_chunks,
                         reduce=mem.annual_reduce(spec.chunk_years), on_chunk=on_chunk,
                         checkpoint_path=out_dir / "checkpoint.npz" if write else None,
                         checkpoint_every=spec.checkpoint_every, cfg_hash=h, resume=resume,
                         place_state=lambda s: shard_members(s, mesh),
                         progress=progress_bar(spec) if progress else None)
    if partial is not None:     # all chunks and the final checkpoint are on disk
        os.replace(partial, out_dir / run_folder.ANNUAL)
    return EnsembleRun(spec, out_dir, out_dir / "annual.nc", source.label, result)


def progress_bar(spec: EnsembleSpec) -> Progress:
    """One bar over the simulated years (spin-up included); the postfix names the last year done."""
    def label(k):
        year = spec.start_year - spec.spinup_years + (k + 1) * spec.chunk_years - 1
        return f"year {year}" + (" (spin-up)" if k + 1 <= spec.spinup_years // spec.chunk_years else "")
    return Progress(spec.name, unit="yr", scale=spec.chunk_years, label=label)
