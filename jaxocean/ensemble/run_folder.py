"""The files of one ensemble run folder and the rules that keep them consistent.

While a run is under way its years stream into ``annual.partial.nc``; ``checkpoint.npz`` holds
the state after the last completed chunk. Only when the last chunk and its checkpoint are on
disk is the partial file renamed onto ``annual.nc``, so ``annual.nc`` always holds a finished
run. The partial file carries the run's ``config_hash`` and ``last_complete_year`` as global
attributes, written with each chunk before that chunk's checkpoint.

- A fresh run refuses a folder that already holds a run (finished or not) unless
  ``overwrite``; ``overwrite`` removes the old run's files first (so an interrupted
  replacement never leaves the old "complete" checkpoint behind).
- ``resume`` verifies that the annual file holds every year the checkpoint says is done
  (same config hash, contiguous years) and refuses with a one-line reason otherwise.
- A run of member batches (:mod:`jaxocean.ensemble.batches`) records the batch in the checkpoint
  (``batch``, and the layout ``member_batch`` / ``padded_batch``) and in the annual file
  (``last_batch``); batches before the checkpoint's are complete and never recomputed; a resume
  with another batch layout is refused.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import netCDF4
import numpy as np

from typing import NamedTuple

from jaxocean.core.chunked import checkpoint_meta
from jaxocean.core.validate import InputError

ANNUAL, PARTIAL, CHECKPOINT, SUMMARY = "annual.nc", "annual.partial.nc", "checkpoint.npz", "summary.nc"
PROCESSES = "processes"     # processes/p{I}of{P}: run folder of process I of P (ensemble.distributed)
RUN_FILES = (ANNUAL, PARTIAL, CHECKPOINT, SUMMARY, PROCESSES)
DERIVED = ("trajectories.png", "kmca.png", "isimip")     # figures and ISIMIP files of a run


def annual_years(path, cfg_hash: str | None = None) -> np.ndarray:
    """The contiguous years held by an annual file (its ``last_complete_year`` attribute and
    ``year`` values must agree); checks the config hash when given."""
    try:
        with netCDF4.Dataset(path) as nc:
            attrs = nc.__dict__
            year = nc["year"][:]
    except (OSError, IndexError, KeyError, RuntimeError) as err:
        raise InputError(f"{path} is unreadable ({err}); the run cannot be resumed or summarised: "
                         "rerun with --overwrite") from None
    if cfg_hash is not None and attrs.get("config_hash") != cfg_hash:
        raise InputError(f"{path}: config hash {attrs.get('config_hash')!r} does not match this "
                         f"run's {cfg_hash}; use another --out or --overwrite")
    last = int(attrs.get("last_complete_year", -10**9))
    year = np.ma.filled(np.ma.asarray(year, dtype=float), np.nan)
    n = 0
    while n < year.size and year[n] == year[0] + n and year[0] + n <= last:
        n += 1
    return year[:n].astype(int)


def process_counts(out: Path) -> set[int]:
    """The process counts of the multi-process runs found in ``out/processes``."""
    found = (re.fullmatch(r"p(\d+)of(\d+)", p.name) for p in (Path(out) / PROCESSES).glob("p*of*"))
    return {int(m.group(2)) for m in found if m}


def refuse_existing(out: Path) -> None:
    """Raise if ``out`` already holds a run (a fresh run must not replace it silently)."""
    present = [n for n in RUN_FILES if (out / n).exists()]
    if present:
        raise InputError(f"output folder {out} already holds a run ({', '.join(present)}); "
                         "use --resume to continue it, --overwrite to replace it, or another --out")


class Prepared(NamedTuple):
    partial: Path | None   # annual file to write, None when the run is already finished
    continued: bool        # that file exists and is continued
    done: dict | None      # the checkpoint's {"chunk", "batch", ...}, None for a fresh start


def prepare(out: Path, cfg_hash: str, *, resume: bool, overwrite: bool, n_chunks: int,
            first_year: int, last_year_of_chunk, layout: dict | None = None,
            n_batches: int = 1) -> Prepared:
    """Check ``out`` for a fresh, resumed or replaced run before any compute.

    ``last_year_of_chunk(k)`` is the last written year after chunk ``k`` (< ``first_year``
    during spin-up). ``layout`` (``{"member_batch": N, "padded_batch": n}``) must equal the
    checkpoint's; the run has ``n_batches`` member batches of ``n_chunks`` chunks each.
    """
    if resume and overwrite:
        raise InputError("--resume and --overwrite exclude each other: continue the run, or replace it")
    if overwrite:
        for name in RUN_FILES + DERIVED:
            path = out / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    if not resume:
        refuse_existing(out)
        return Prepared(out / PARTIAL, False, None)
    if process_counts(out):
        n = max(process_counts(out))
        raise InputError(f"{out} was run with {n} processes: resume it with {n} processes "
                         f"(--num-processes {n}), or use --overwrite")
    done = checkpoint_meta(out / CHECKPOINT, cfg_hash)
    if done is None:
        if (out / ANNUAL).exists():
            raise InputError(f"{out / ANNUAL} exists but {out / CHECKPOINT} does not, so the run "
                             "cannot be checked for resuming; use --overwrite or another --out")
        (out / PARTIAL).unlink(missing_ok=True)   # years of a run that never checkpointed
        return Prepared(out / PARTIAL, False, None)
    done.setdefault("batch", 0)
    for key, want in (layout or {}).items():
        if done.get(key, want) != want:
            have = {k: done.get(k) for k in layout}
            raise InputError(f"{out / CHECKPOINT} was written with {have}, this run has {layout}: "
                             "resume with the same --member-batch and --devices (or use --overwrite)")
    batch, need, first = done["batch"], last_year_of_chunk(done["chunk"]), first_year
    finished = done["chunk"] + 1 >= n_chunks and batch + 1 >= n_batches
    path = out / ANNUAL if finished and (out / ANNUAL).exists() else out / PARTIAL
    if need < first:            # in the spin-up of this batch: the previous batches are written
        batch, need = batch - 1, last_year_of_chunk(n_chunks - 1)
    if batch < 0:               # only spin-up chunks of the first batch: nothing written yet
        return Prepared(path, path.exists(), done)
    if not path.exists():
        raise InputError(f"{out / CHECKPOINT} says years up to {need} are done but {path} is "
                         "missing; the run cannot be resumed: rerun with --overwrite")
    years = annual_years(path, cfg_hash)
    written = written_batch(path)
    if written < batch or (written == batch and (not years.size or years[0] != first
                                                 or years[-1] < need)):
        have = f"years {years[0]}-{years[-1]}" if years.size else "no complete year"
        of = (lambda b: f" of member batch {b}") if n_batches > 1 else (lambda b: "")
        raise InputError(f"{path} holds {have}{of(written)} but {out / CHECKPOINT} says years "
                         f"{first}-{need}{of(batch)} are done; the run cannot be resumed: rerun "
                         "with --overwrite")
    return Prepared(None if path.name == ANNUAL else path, True, done)


def written_batch(path) -> int:
    """The member batch last written into annual file ``path`` (``last_batch``; 0 if absent)."""
    with netCDF4.Dataset(path) as nc:
        return int(getattr(nc, "last_batch", 0))
