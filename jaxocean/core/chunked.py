"""Long runs in chunks: one compiled scan reused per chunk, streaming outputs, checkpoint/resume.

A run of ``n_chunks`` chunks (e.g. one simulated year of monthly steps each) calls
:func:`jaxocean.core.integrate.integrate` through ONE jitted function, compiled on the first
chunk and reused for every later one (all chunks have the same shapes). After each chunk:

1. ``on_chunk(k, summary, state)`` receives the chunk's reduced outputs on the host (write them
   to netCDF there: memory stays bounded by one chunk);
2. a checkpoint ``{state leaves, chunk index, config hash}`` is written atomically (``.npz``,
   written to a uniquely named temporary file, fsynced, then renamed);
3. a progress bar (:class:`jaxocean.core.progress.Progress`, ``tqdm.auto``) advances, with
   a rate and ETA that exclude the first chunk's compile time.

``resume=True`` restarts after the last checkpointed chunk. The checkpoint holds the exact
state bits and the same compiled function runs the remaining chunks, so a resumed run is
bitwise identical to an uninterrupted one. The config hash guards against resuming a
different run.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import jax
import numpy as np

from jaxocean.core.atomic import atomic_path
from jaxocean.core.integrate import StepFn, integrate
from jaxocean.core.progress import Progress
from jaxocean.core.validate import InputError


class ChunkedResult(NamedTuple):
    state: Any            # final state pytree
    first_chunk: int      # 0, or the chunk a resumed run restarted at
    n_chunks: int
    compilations: int     # number of compilations of the chunk function (1 when shapes agree)
    seconds: float        # wall time of the chunks run in this call


def config_hash(config) -> str:
    """SHA-256 (16 hex digits) of a JSON-serialisable configuration, key-order independent."""
    text = json.dumps(config, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def save_checkpoint(path, state, chunk: int, cfg_hash: str, meta: dict | None = None) -> Path:
    """Write ``state`` (any pytree of arrays), the completed ``chunk`` index, ``cfg_hash`` and
    integer ``meta`` entries (e.g. the member batch, read back by :func:`checkpoint_meta`) to
    ``path`` (``.npz``) atomically: a reader never sees a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    leaves = jax.tree_util.tree_leaves(state)
    arrays = {f"leaf_{i:04d}": np.asarray(x) for i, x in enumerate(leaves)}
    arrays.update({f"meta_{k}": np.int64(v) for k, v in (meta or {}).items()})
    with atomic_path(path) as tmp:
        np.savez(tmp, chunk=np.int64(chunk), config_hash=np.str_(cfg_hash), **arrays)
    return path


def checkpoint_chunk(path, cfg_hash: str) -> int | None:
    """The last completed chunk stored in checkpoint ``path`` (``None`` if there is none).

    An unreadable file or another run's checkpoint raises :class:`InputError` naming the file.
    """
    meta = checkpoint_meta(path, cfg_hash)
    return None if meta is None else meta["chunk"]


def checkpoint_meta(path, cfg_hash: str) -> dict | None:
    """``{"chunk": last completed chunk, **meta}`` of checkpoint ``path`` (``None`` if there is
    none); errors as :func:`checkpoint_chunk`."""
    if not Path(path).exists():
        return None
    with open_checkpoint(path) as z:
        check_hash(path, z, cfg_hash)
        return {"chunk": int(z["chunk"]),
                **{k[5:]: int(z[k]) for k in z.files if k.startswith("meta_")}}


def open_checkpoint(path):
    """``np.load`` of a checkpoint; a truncated or corrupt file gives a one-line InputError."""
    try:
        z = np.load(Path(path))
        z["chunk"], z["config_hash"]
        return z
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
        raise InputError(f"checkpoint {path} is unreadable ({type(err).__name__}: {err}); it cannot "
                         "be resumed: delete it and rerun with --overwrite") from None


def check_hash(path, z, cfg_hash: str) -> None:
    if str(z["config_hash"]) != cfg_hash:
        raise InputError(f"checkpoint {path}: config hash {str(z['config_hash'])} does not "
                         f"match this run's {cfg_hash}; use another --out or --overwrite")


def load_checkpoint(path, like_state, cfg_hash: str):
    """Return ``(state, chunk)`` from a checkpoint written for the same config and state layout.

    ``like_state`` supplies the pytree structure, shapes and dtypes; a mismatch (another
    configuration or model) raises :class:`InputError` naming what differs.
    """
    with open_checkpoint(path) as z:
        check_hash(path, z, cfg_hash)
        leaves, treedef = jax.tree_util.tree_flatten(like_state)
        names = sorted(k for k in z.files if k.startswith("leaf_"))
        if len(names) != len(leaves):
            raise InputError(f"checkpoint {path}: {len(names)} state arrays, expected {len(leaves)}")
        loaded = []
        for name, ref in zip(names, leaves):
            try:
                arr = z[name]
            except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
                raise InputError(f"checkpoint {path}: {name} is unreadable ({err}); delete the "
                                 "checkpoint and rerun with --overwrite") from None
            if arr.shape != np.shape(ref) or arr.dtype != np.asarray(ref).dtype:
                raise InputError(f"checkpoint {path}: {name} is {arr.dtype}{arr.shape}, expected "
                                 f"{np.asarray(ref).dtype}{np.shape(ref)}")
            loaded.append(arr)
        return jax.tree_util.tree_unflatten(treedef, loaded), int(z["chunk"])


def chunk_function(step: StepFn, dt, *, save: Callable | None = None,
                   reduce: Callable | None = None, blocks: Callable | None = None):
    """The jitted chunk ``(state, forcing, params) -> (state, reduce(outputs))``. Build it once
    and pass it to several :func:`run_chunked` calls (e.g. one per member batch) so that they
    share one compilation. ``blocks``: optional ``fn -> fn`` running the chunk in blocks of
    independent cells (a ``functools.partial`` of :func:`jaxocean.core.blocks.map_blocks`)."""
    reduce = reduce or (lambda out: out)

    def chunk(state, forcing, params):
        state, out = integrate(step, state, forcing, params, dt, save=save)
        return state, reduce(out)
    return jax.jit(chunk if blocks is None else blocks(chunk))


def run_chunked(step: StepFn, state0, chunk_forcing: Callable[[int], Any], params, dt,
                n_chunks: int, *, save: Callable | None = None, reduce: Callable | None = None,
                on_chunk: Callable[[int, Any, Any], None] | None = None,
                checkpoint_path=None, checkpoint_every: int = 1, cfg_hash: str = "",
                checkpoint_extra: dict | None = None,
                resume: bool = False,
                place_state: Callable | None = None,
                progress: Progress | None = None, chunk_fn=None) -> ChunkedResult:
    """Integrate ``step`` over ``n_chunks`` chunks of forcing with one compiled scan.

    Args:
      step: as in :func:`~jaxocean.core.integrate.integrate`.
      state0: initial state pytree (used when not resuming; gives the layout when resuming).
      chunk_forcing: ``k -> forcing`` pytree with a leading time axis of the same length for
        every chunk (built on the host, e.g. one year of monthly fields).
      params: as in :func:`~jaxocean.core.integrate.integrate`.
      dt: as in :func:`~jaxocean.core.integrate.integrate`.
      n_chunks: number of chunks.
      save: as in :func:`~jaxocean.core.integrate.integrate`.
      reduce: ``outputs -> summary`` applied INSIDE the jitted chunk (e.g. annual means), so
        only the summary leaves the device. Default: the stacked outputs themselves.
      on_chunk: host callback ``(k, summary, state)`` after chunk ``k`` (numpy leaves); write
        outputs here. An exception raised here stops the run before that chunk's
        checkpoint is written, so a resumed run redoes chunk ``k``.
      checkpoint_path: ``.npz`` written after every ``checkpoint_every`` chunks and after the
        last one; ``None`` for no checkpoints. A resumed run redoes the chunks after the last
        checkpoint (``on_chunk`` must therefore be idempotent per ``k``, e.g. write by index).
      cfg_hash: identifies the run (see :func:`config_hash`); checked on resume.
      checkpoint_extra: integer metadata stored with every checkpoint (:func:`checkpoint_meta`).
      resume: continue after the chunk stored in ``checkpoint_path`` if it exists.
      place_state: maps a state onto devices (e.g. a sharding); applied to the start state and
        after every chunk, so each chunk sees the same input layout (no recompilation).
      progress: a :class:`~jaxocean.core.progress.Progress` bar over the chunks, or ``None``.
      chunk_fn: a shared :func:`chunk_function` of ``step``, ``dt``, ``save`` and ``reduce``
        (built here when ``None``).
    """
    chunk_fn = chunk_fn or chunk_function(step, dt, save=save, reduce=reduce)

    state, first = state0, 0
    if resume and checkpoint_path is not None and Path(checkpoint_path).exists():
        state, done = load_checkpoint(checkpoint_path, state0, cfg_hash)
        first = done + 1
    if place_state is not None:
        state = place_state(state)

    t_start = time.perf_counter()
    if progress is not None:
        progress.start(first, n_chunks)
    try:
        for k in range(first, n_chunks):
            state, summary = chunk_fn(state, chunk_forcing(k), params)
            if place_state is not None:     # keep the input layout: one compilation for all chunks
                state = place_state(state)
            summary = jax.device_get(summary)
            if on_chunk is not None:
                on_chunk(k, summary, state)
            if checkpoint_path is not None and ((k + 1) % checkpoint_every == 0 or k + 1 == n_chunks):
                save_checkpoint(checkpoint_path, state, k, cfg_hash, checkpoint_extra)
            if progress is not None:
                progress.advance(k)
    finally:
        if progress is not None:
            progress.close()
    return ChunkedResult(state, first, n_chunks, chunk_fn._cache_size(),
                         time.perf_counter() - t_start)
