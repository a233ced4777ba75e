"""Ensembles over several processes (one per host or GPU) on JAX's distributed runtime.

Start every process with the same command; :func:`initialize` connects them through
``jax.distributed.initialize``:

* explicitly: ``--coordinator HOST:PORT --num-processes P --process-id I``;
* from the cluster environment: ``--distributed`` calls ``jax.distributed.initialize()``
  without arguments, which detects SLURM (``srun``), Open MPI (``mpirun``) and the other
  environments JAX knows; the same happens without ``--distributed`` when the environment
  says several tasks run (``SLURM_STEP_NUM_TASKS`` > 1 inside ``srun``, or
  ``OMPI_COMM_WORLD_SIZE`` > 1), so that ``srun -n 4 jaxocean ensemble ...`` never starts four
  unrelated runs on one folder.

**How members are assigned.** Process ``I`` of ``P`` runs the contiguous member slice
``I`` of ``numpy.array_split(members, P)`` on its own local devices (sharded over them, in
member batches if asked), as an ordinary run in its own folder ``OUT/processes/p{I}of{P}``
(its lock, ``annual.nc``, ``checkpoint.npz`` and resume rules: :mod:`jaxocean.ensemble.run_folder`).
The members never interact, so a mesh spanning all processes' devices would add nothing but
lockstep: every chunk would wait for the slowest process and need a cross-process collective
to bring the annual means to one writer. With independent slices no collective runs during
the computation (nothing depends on the CPU collectives implementation, gloo), a restarted
process resumes from its own checkpoint without coordinating with the others, and per-member
numbers are bitwise those of a single-process run (they do not depend on the batch a member is
in: ``members.annual_reduce``). When all processes are done (a barrier of the distributed
runtime's coordination service), process 0 merges the slices into ``OUT/annual.nc`` (member
order of the spec; :func:`merge`); the summary runs on process 0 only.

``--resume`` continues every process from its own checkpoint and refuses a folder run with
another process count (or as a single process) with a one-line error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
from pathlib import Path

import jax
import netCDF4
import numpy as np

from jaxocean.core.atomic import fsync_dir, fsync_file, output_lock
from jaxocean.core.progress import logger
from jaxocean.core.validate import InputError
from jaxocean.ensemble import run_folder
from jaxocean.ensemble.run_folder import PROCESSES, process_counts

BARRIER_TIMEOUT_S = 7 * 24 * 3600  # a process may finish its slice long before the slowest one


def detected_cluster() -> str | None:
    """The cluster launcher that started several tasks of this command, if any."""
    if int(os.environ.get("SLURM_STEP_NUM_TASKS", "1")) > 1:
        return "SLURM"
    if int(os.environ.get("OMPI_COMM_WORLD_SIZE", "1")) > 1:
        return "Open MPI"
    return None


def initialize(coordinator: str | None = None, num_processes: int | None = None,
               process_id: int | None = None, auto: bool = False) -> bool:
    """Connect this process to the others (see the module docstring); ``False`` when the run is
    a single process. Must run before JAX computes anything."""
    explicit = (coordinator, num_processes, process_id)
    if any(v is not None for v in explicit):
        if any(v is None for v in explicit):
            raise InputError("--coordinator HOST:PORT, --num-processes P and --process-id I go "
                             "together (or use --distributed in a SLURM / Open MPI job)")
        if not 0 <= process_id < num_processes:
            raise InputError(f"--process-id: {process_id} outside [0, {num_processes - 1}]")
        jax.distributed.initialize(coordinator, num_processes, process_id)
    elif auto or detected_cluster():
        try:
            jax.distributed.initialize()
        except (ValueError, RuntimeError) as err:
            raise InputError(f"--distributed: JAX found no cluster environment ({err}); give "
                             "--coordinator, --num-processes and --process-id") from None
    else:
        return False
    logger.info("jax.distributed: process %d of %d (%s), %d local device(s)", jax.process_index(),
                jax.process_count(), detected_cluster() or "explicit", jax.local_device_count())
    return True


def process_slice(n_members: int, n_processes: int, index: int) -> tuple[int, int]:
    """``(first, end)`` of the members of process ``index``: ``numpy.array_split`` bounds."""
    if n_processes > n_members:
        raise InputError(f"--num-processes: {n_processes} processes for {n_members} members; use "
                         "at most one process per member")
    edges = np.cumsum([0] + [len(a) for a in np.array_split(np.arange(n_members), n_processes)])
    return int(edges[index]), int(edges[index + 1])


def process_dir(out: Path, index: int, count: int) -> Path:
    return Path(out) / PROCESSES / f"p{index}of{count}"


def check_folder(out: Path, count: int, *, resume: bool, overwrite: bool) -> None:
    """Refuse (one line) a resume with another process count, or a fresh run on a folder that
    holds a run; read-only, so every process reaches the same verdict."""
    out = Path(out)
    counts = process_counts(out) - {count}
    if resume:
        if counts:
            n = max(counts)
            raise InputError(f"{out} was run with {n} processes, this run has {count}: resume it with "
                             f"{n} processes (--num-processes {n}), or use --overwrite")
        if (out / run_folder.CHECKPOINT).exists():
            raise InputError(f"{out} was run as a single process, this run has {count}: resume it "
                             "without --num-processes / --distributed, or use --overwrite")
    elif not overwrite:
        present = [n for n in run_folder.RUN_FILES if n != PROCESSES and (out / n).exists()]
        if present or counts:
            raise InputError(f"output folder {out} already holds a run "
                             f"({', '.join(present + [PROCESSES] * bool(counts))}); use --resume to "
                             "continue it, --overwrite to replace it, or another --out")


def remove_other_runs(out: Path, count: int) -> None:
    """``--overwrite`` on process 0: the run files of ``out`` itself and the folders of other
    process counts (each process replaces its own folder)."""
    for name in run_folder.RUN_FILES + run_folder.DERIVED:
        path = out / name
        if path.is_dir() and name != PROCESSES:
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
    for other in process_counts(out) - {count}:
        for path in (out / PROCESSES).glob(f"p*of{other}"):
            shutil.rmtree(path)


def barrier(name: str) -> None:
    """Wait until every process reaches ``name``: the coordination service's barrier (no device
    collective, so no collective timeout while a slow process finishes its slice)."""
    from jax._src.distributed import global_state   # the client jax.distributed.initialize made

    global_state.client.wait_at_barrier(name, BARRIER_TIMEOUT_S * 1000)


def run_processes(spec, out: Path, *, resume: bool, overwrite: bool, **kw):
    """This process's slice of ``spec`` (:func:`jaxocean.ensemble.runner.run_members`), then the
    merge into ``out/annual.nc`` on process 0; returns that process's
    :class:`~jaxocean.ensemble.runner.EnsembleRun` with ``annual_path`` the merged file."""
    from jaxocean.ensemble.runner import run_members

    count, index = jax.process_count(), jax.process_index()
    lo, hi = process_slice(len(spec.members), count, index)
    check_folder(out, count, resume=resume, overwrite=overwrite)
    with output_lock(out) if index == 0 else contextlib.nullcontext():   # process 0 writes out/
        if overwrite and index == 0:
            remove_other_runs(out, count)
        mine = process_dir(out, index, count)
        with output_lock(mine):
            run = run_members(spec, mine, resume=resume, overwrite=overwrite, member_range=(lo, hi), **kw)
        barrier(f"jaxocean-ensemble-{spec.name}-computed")
        if index == 0:
            merge(out, count, run)
        barrier(f"jaxocean-ensemble-{spec.name}-merged")
    return dataclasses.replace(run, out_dir=out, annual_path=out / run_folder.ANNUAL)


def merge(out: Path, count: int, run) -> Path:
    """Write ``out/annual.nc`` from the ``count`` process folders' ``annual.nc``, one year and
    process at a time (memory: one year of one slice). ``run`` is process 0's run (grid, hash)."""
    from jaxocean.ensemble.output import AnnualWriter
    from jaxocean.ensemble.members import annual_fields

    spec, grid = run.spec, run.grid
    partial = out / run_folder.PARTIAL
    partial.unlink(missing_ok=True)
    fields = annual_fields(spec.log10_bins)
    writer = AnnualWriter(partial, grid, spec.members, spec.start_year, fields,
                          title=f"jaxocean BOATS ensemble {spec.name!r}: annual means",
                          source=run.source_label, config_hash=run.config_hash)
    for i in range(count):
        with netCDF4.Dataset(process_dir(out, i, count) / run_folder.ANNUAL) as nc:
            first = int(nc["member"][0])
            for t, year in enumerate(np.asarray(nc["year"][:], int)):
                annual = {name: np.asarray(nc[name][t:t + 1])[..., grid.ocean] for name in fields}
                writer.write(int(year), annual, first=first)
    fsync_file(partial)
    os.replace(partial, out / run_folder.ANNUAL)
    fsync_dir(out)        # the rename itself is on disk
    logger.info("merged %d process files into %s", count, out / run_folder.ANNUAL)
    return out / run_folder.ANNUAL
