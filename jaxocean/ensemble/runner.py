"""Run an ensemble as ONE batched computation: members vmapped inside one jitted monthly scan,
chunked by year (:func:`jaxocean.core.chunked.run_chunked`), sharded over devices.

Data flow::

    EnsembleSpec --forcing_source--> monthly (npp, temp) per forcing, year by year (host)
                 --members--> stacked BoatsParams + forcing index + initial state (member axis)
    run_chunked(batched BOATS step)  -> annual means per member -> annual.partial.nc (streamed,
                                        renamed to annual.nc when the run is complete)
                                     -> checkpoint.npz after every chunk (resume)
    optionally in member batches (one compiled step; batches.py) and over processes
    (jax.distributed; distributed.py)

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

from jaxocean.core.atomic import fsync_dir, fsync_file, output_lock
from jaxocean.core.chunked import ChunkedResult, checkpoint_meta, chunk_function, config_hash, run_chunked
from jaxocean.core.progress import Progress
from jaxocean.core.validate import InputError
from jaxocean.ensemble import members as mem
from jaxocean.ensemble import run_folder
from jaxocean.ensemble.batches import batch_bounds, resolve_batch
from jaxocean.ensemble.climatology import Climatology, cesm_base, coarsen, embedded_base, read_climatology
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
    result: ChunkedResult     # over all member batches; ``state`` is the last batch's (padded)
    member_years: int = 0     # member-years computed by this call (spin-up included)
    grid: Climatology | None = None   # the ensemble grid (ocean cells of the annual maps)
    config_hash: str = ""     # of the whole ensemble (a process's slice file has its own)


def run_ensemble(spec: EnsembleSpec, out_dir, *, resume: bool = False, overwrite: bool = False,
                 n_devices: int | None = None, on_year=None, progress=True,
                 write: bool = True, carcass=None, member_batch=None, cell_block=None) -> EnsembleRun:
    """Run ``spec``; write ``annual.nc`` and ``checkpoint.npz`` into ``out_dir``.

    ``on_year(k, years, annual)`` is called after each written chunk with the annual means
    (numpy, real members only; with member batches once per batch and chunk, batch after batch,
    with that batch's members); an exception there interrupts the run (resume with
    ``resume=True``). ``n_devices`` shards the member axis (default: all local devices).
    ``member_batch``: run the members in batches of this many (an int, or ``"auto"`` from the
    free device memory; default all at once), see :mod:`jaxocean.ensemble.batches`; the annual
    file is bitwise the same for any batch size.
    ``cell_block``: cells per block of the compiled year (BOATS cells are independent, so each
    block runs the whole year while its spectra stay in cache): None chooses on a CPU
    (``core.blocks.block_size``) and runs unblocked on an accelerator, 0 is unblocked; the
    outputs are bitwise the same for any value.
    ``carcass``: a ``boats.CarcassParams`` for the carcass / fecal-pellet diagnostics (default
    its defaults; named alternatives ``CarcassParams.named(...)``, docs/PARAMETERS.md); it does
    not change the BOATS dynamics.
    The folder is locked for the run (:func:`jaxocean.core.atomic.output_lock`); a folder that
    already holds a run is refused unless ``resume`` or ``overwrite``
    (:mod:`jaxocean.ensemble.run_folder`).
    Under ``jax.distributed`` with several processes, every process runs its own slice of the
    members and process 0 merges the annual files (:mod:`jaxocean.ensemble.distributed`).
    """
    kw = dict(n_devices=n_devices, on_year=on_year, progress=progress, carcass=carcass,
              member_batch=member_batch, cell_block=cell_block)
    if jax.process_count() > 1:
        if not write:
            raise InputError("a multi-process ensemble writes its outputs (write=False is single-process)")
        from jaxocean.ensemble.distributed import run_processes
        return run_processes(spec, Path(out_dir), resume=resume, overwrite=overwrite, **kw)
    if not write:
        return run_members(spec, Path(out_dir), write=False, **kw)
    with output_lock(out_dir):
        if not (resume or overwrite):       # refuse before reading any forcing
            run_folder.refuse_existing(Path(out_dir))
        return run_members(spec, Path(out_dir), resume=resume, overwrite=overwrite, **kw)


def run_members(spec, out_dir, *, resume=False, overwrite=False, n_devices=None, on_year=None,
                progress=True, write=True, carcass=None, member_batch=None,
                member_range=None, cell_block=None) -> EnsembleRun:
    """The run of members ``member_range = (first, end)`` of ``spec`` (default all) on this
    process's devices, in member batches; the caller holds the folder's lock."""
    source = forcing_source(spec)
    dtype = jnp.float64 if spec.precision == "float64" else jnp.float32
    if dtype == jnp.float64 and not jax.config.read("jax_enable_x64"):
        raise InputError("ensemble.precision: float64 needs jaxocean.enable_float64() first")
    grid = source.base
    n_cells = int(grid.ocean.sum())
    mesh = member_mesh(n_devices)
    lo, hi = member_range or (0, len(spec.members))
    params = jax.tree_util.tree_map(lambda x: np.asarray(x)[lo:hi], mem.member_params(spec, dtype, carcass))
    first_forcing = source.year(spec.start_year)
    first_written = spec.spinup_years // spec.chunk_years
    n_chunks = spec.n_chunks
    checkpoint = out_dir / run_folder.CHECKPOINT if write else None

    config = {"spec": spec.to_dict(), "forcing": source.label, "cells": n_cells,
              **({"carcass": repr(carcass)} if carcass is not None else {})}
    h_all = config_hash(config)
    h = config_hash({**config, "members": [lo, hi]}) if member_range else h_all
    batch = _batch_size(spec, member_batch, params, first_forcing, dtype, hi - lo, mesh,
                        checkpoint if resume else None, h)
    bounds = batch_bounds(hi - lo, batch)
    size = padded_size(batch, mesh.size)
    layout = {"member_batch": batch, "padded_batch": size}

    def chunk_forcing(k):
        years = spec.start_year - spec.spinup_years + k * spec.chunk_years + np.arange(spec.chunk_years)
        npp, temp = zip(*(source.year(max(int(y), spec.start_year)) for y in years))
        fishing_on = np.repeat(years >= spec.start_year, mem.MONTHS).astype(float)
        return replicate(mem.monthly_forcing(np.concatenate(npp), np.concatenate(temp),
                                             fishing_on, dtype), mesh)

    fields = mem.annual_fields(spec.log10_bins)
    writer = partial = done = None
    if write:
        partial, continued, done = run_folder.prepare(
            out_dir, h, resume=resume, overwrite=overwrite, n_chunks=n_chunks,
            first_year=spec.start_year, layout=layout, n_batches=len(bounds),
            last_year_of_chunk=lambda k: spec.start_year + (k + 1 - first_written) * spec.chunk_years - 1)
    if partial is not None:
        writer = AnnualWriter(partial, grid, spec.members[lo:hi], spec.start_year, fields,
                              title=f"jaxocean BOATS ensemble {spec.name!r}: annual means",
                              source=source.label, resume=continued, config_hash=h, first_member=lo)
    # where to start: after a finished batch the next one starts fresh, else continue its chunks
    first_batch, mid_batch = 0, False
    if done is not None:
        batch_done = done["chunk"] + 1 >= n_chunks and done["batch"] + 1 < len(bounds)
        first_batch, mid_batch = done["batch"] + batch_done, not batch_done

    step = functools.partial(mem.batched_step, log10_bins=spec.log10_bins)
    chunk_fn = chunk_function(step, mem.DT, reduce=mem.annual_reduce(spec.chunk_years),
                              blocks=mem.cell_blocks(size // mesh.size, params["boats"].grid, dtype, cell_block))
    seconds, member_years, first_chunk, result = 0.0, 0, None, None
    for b in range(first_batch, len(bounds)):
        m0, m1 = bounds[b]
        p_b = pad_members(jax.tree_util.tree_map(lambda x: x[m0:m1], params), size)
        state0 = mem.initial_state(spec, p_b, *first_forcing, dtype)

        def on_chunk(k, summary, state, m0=m0, m1=m1, b=b):
            if k < first_written:
                return
            year0 = spec.start_year + (k - first_written) * spec.chunk_years
            annual = {name: np.asarray(v)[:, :m1 - m0] for name, v in summary.items()}
            if writer is not None:
                writer.write(year0, annual, first=m0, batch=b)
                fsync_file(partial)        # on disk before this chunk's checkpoint says it is done
            if on_year is not None:
                on_year(k, np.arange(year0, year0 + spec.chunk_years), annual)

        result = run_chunked(step, state0, chunk_forcing, shard_members(p_b, mesh), mem.DT,
                             n_chunks, on_chunk=on_chunk, checkpoint_path=checkpoint,
                             checkpoint_every=spec.checkpoint_every, cfg_hash=h,
                             checkpoint_extra={"batch": b, **layout},
                             resume=mid_batch and b == first_batch, chunk_fn=chunk_fn,
                             place_state=lambda s: shard_members(s, mesh),
                             progress=progress_bar(spec, b, len(bounds)) if progress else None)
        seconds += result.seconds
        member_years += (m1 - m0) * spec.chunk_years * (n_chunks - result.first_chunk)
        first_chunk = b * n_chunks + result.first_chunk if first_chunk is None else first_chunk
    if partial is not None:     # all chunks and the final checkpoint are on disk
        os.replace(partial, out_dir / run_folder.ANNUAL)
        fsync_dir(out_dir)        # the rename itself is on disk
    result = ChunkedResult(result.state, first_chunk, len(bounds) * n_chunks,
                           chunk_fn._cache_size(), seconds)
    return EnsembleRun(spec, out_dir, out_dir / run_folder.ANNUAL, source.label, result, member_years,
                       grid, h_all)


def _batch_size(spec, member_batch, params, first_forcing, dtype, n_members, mesh, checkpoint, h):
    """The batch size: ``member_batch`` checked; ``"auto"`` continues a checkpoint's choice or
    sizes one member's state (``jax.eval_shape``, nothing computed) against free memory."""
    if member_batch == "auto":
        meta = checkpoint_meta(checkpoint, h) if checkpoint is not None else None
        if meta is not None and "member_batch" in meta:
            return meta["member_batch"]
        one = jax.tree_util.tree_map(lambda x: x[:1], params)
        shape = jax.eval_shape(lambda p: mem.initial_state(spec, p, *first_forcing, dtype), one)
        state_bytes = sum(x.size * x.dtype.itemsize for x in jax.tree_util.tree_leaves(shape))
        return resolve_batch("auto", n_members, state_bytes, list(mesh.devices.flat))
    return resolve_batch(member_batch, n_members, 0, None)


def progress_bar(spec: EnsembleSpec, batch: int = 0, n_batches: int = 1) -> Progress:
    """One bar over the simulated years (spin-up included) of a member batch; the postfix names
    the last year done."""
    def label(k):
        year = spec.start_year - spec.spinup_years + (k + 1) * spec.chunk_years - 1
        return f"year {year}" + (" (spin-up)" if k + 1 <= spec.spinup_years // spec.chunk_years else "")
    name = spec.name if n_batches == 1 else f"{spec.name} batch {batch + 1}/{n_batches}"
    return Progress(name, unit="yr", scale=spec.chunk_years, label=label)
