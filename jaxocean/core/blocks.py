"""Models that are independent along one axis (ocean cells, columns), run block by block.

A function that treats every cell alone (BOATS: no exchange between cells) can run a whole
chunk of time on a few hundred cells, then on the next cells, instead of stepping the whole
domain at once. On a CPU the block's state and intermediates then stay in cache for all the
steps of the chunk, and the step is no longer bound by main-memory bandwidth (BOATS, 1 degree,
20 members: 0.39 -> 0.24 s per member-year on 2 cores, the same bits; benchmarks/RESULTS.md).
On a GPU, which wants the largest kernels, do not block (:func:`block_size` gives ``None``
there by default).

:func:`map_blocks` is a ``lax.fori_loop`` over blocks of ``size`` cells: each block is a
``dynamic_slice`` of the inputs, its result a ``dynamic_update_slice`` of the outputs (no
transposes, no padding). The last block is shifted back to end at the last cell, so it
recomputes a few cells of the block before it (fewer than the number of blocks) from the same
inputs: identical values, also bitwise, because every cell is computed by the same code
whatever the block holds.
Everything jits, vmaps (a member axis outside the cell axis) and differentiates.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.validate import InputError

_is_axis = lambda x: x is None          # noqa: E731  (None marks a leaf without a cell axis)


class _Axis(tuple):
    """One leaf's cell axis (int or None), wrapped so that None survives ``jax.tree`` maps."""


def _leaf_axes(axes, tree) -> list:
    """The cell axis of every leaf of ``tree`` (``jax.tree.leaves`` order); ``axes`` is a prefix
    of ``tree`` (as ``vmap``'s ``in_axes``) with an int or None for every leaf below."""
    wrapped = jax.tree.map(lambda ax, sub: jax.tree.map(lambda _: _Axis((ax,)), sub), axes, tree,
                           is_leaf=_is_axis)
    return [a[0] for a in jax.tree.leaves(wrapped, is_leaf=lambda x: isinstance(x, _Axis))]


def layout(n: int, size: int) -> tuple[int, int]:
    """``(blocks, cells per block)`` for ``n`` cells in blocks of at most ``size``: ceil(n / size)
    blocks of equal size ceil(n / blocks), so the shifted last block overlaps fewer cells than
    there are blocks."""
    blocks = -(-n // int(size))
    return blocks, -(-n // blocks)


def map_blocks(fn: Callable, size: int, in_axes, out_axes) -> Callable:
    """``fn`` evaluated on blocks of ``size`` cells of an axis along which it is independent.

    Args:
      fn: ``fn(*args) -> out``; every cell's result may depend only on the same cell of the
        inputs (and on inputs without a cell axis).
      size: the most cells per block; the domain is cut into ceil(n / size) blocks of equal
        size (ceil(n / blocks) cells), so that the overlap of the last block stays small.
      in_axes: a tuple with one entry per argument: the cell axis of every leaf (int), None for
        an argument without one, or a tree of per-leaf ints / None (as ``vmap``'s ``in_axes``).
      out_axes: the same for ``out`` (a single entry, not a tuple). A leaf with ``None`` must
        not depend on the cells (e.g. a step counter): it is taken from the last block.

    Returns ``mapped(*args)``, equal to ``fn(*args)``.
    """
    if int(size) < 1:
        raise ValueError(f"map_blocks: size must be a positive number of cells, got {size}")

    def mapped(*args):
        leaves, treedef = jax.tree.flatten(args)
        axes = [ax for a, arg_axes in zip(args, in_axes, strict=True) for ax in _leaf_axes(arg_axes, a)]
        sizes = {np.shape(x)[ax] for x, ax in zip(leaves, axes) if ax is not None}
        if len(sizes) != 1:
            raise ValueError(f"map_blocks: the cell axes of the inputs have lengths {sorted(sizes)}, "
                             "expected one common length")
        n = sizes.pop()
        n_blocks, block = layout(n, size)
        if n_blocks == 1:
            return fn(*args)

        def one(start):
            part = [x if ax is None else jax.lax.dynamic_slice_in_dim(x, start, block, ax)
                    for x, ax in zip(leaves, axes)]
            return fn(*jax.tree.unflatten(treedef, part))

        shapes = jax.eval_shape(one, 0)
        out_leaves, out_def = jax.tree.flatten(shapes)
        o_axes = _leaf_axes(out_axes, shapes)
        lost = [s.shape for s, ax in zip(out_leaves, o_axes)
                if ax is not None and (ax >= len(s.shape) or s.shape[ax] != block)]
        if lost:
            raise ValueError(f"map_blocks: outputs of shapes {lost} do not have the block's {block} cells "
                             "on their cell axis (out_axes): the function does not keep its cells apart")

        def body(i, out):
            start = jnp.minimum(i * block, n - block)
            new = jax.tree.leaves(one(start))
            return [b if ax is None else jax.lax.dynamic_update_slice_in_dim(o, b, start, ax)
                    for o, b, ax in zip(out, new, o_axes)]

        out0 = [jnp.zeros(s.shape[:ax] + (n,) + s.shape[ax + 1:] if ax is not None else s.shape, s.dtype)
                for s, ax in zip(out_leaves, o_axes)]
        return jax.tree.unflatten(out_def, jax.lax.fori_loop(0, n_blocks, body, out0))
    return mapped


def block_size(cells, bytes_per_cell: float) -> int | None:
    """The most cells per block for a user's ``cell_block`` setting: a positive whole number
    as given, 0 for unblocked (None), None for :func:`cpu_block_size` on a CPU and unblocked on
    an accelerator; anything else raises :class:`InputError`."""
    if cells is None:
        return cpu_block_size(bytes_per_cell) if jax.default_backend() == "cpu" else None
    if isinstance(cells, bool) or not isinstance(cells, (int, np.integer)) or cells < 0:
        raise InputError(f"cell_block: expected a whole number of cells >= 0 (0: unblocked), got {cells!r}")
    return int(cells) or None


def cpu_block_size(bytes_per_cell: float, target_bytes: float = 16e6, largest: int = 1024,
                   smallest: int = 64) -> int:
    """Cells per block on a CPU: the largest power of two whose block state (``bytes_per_cell``
    times cells, e.g. members x 150 classes x 4 bytes for BOATS float32) stays within
    ``target_bytes`` (a few MB: the block and its intermediates live in the caches), between
    ``smallest`` and ``largest``. Measured for BOATS at 1 degree on 2 cores, s per member-year
    (benchmarks/RESULTS.md): 20 members 1024 cells best (0.205), 512 within 5 %, 256 ~12 %
    slower, 2048 33 % slower; 1 member a whole 12 MB block of 20 480 cells 30 % slower than
    1024 cells and slower than unblocked.
    """
    cells = max(1.0, target_bytes / max(float(bytes_per_cell), 1.0))
    return int(min(largest, max(smallest, 2 ** int(np.floor(np.log2(cells))))))
