"""Sum over mass classes (or species groups) with a fixed pairwise order.

``jnp.sum`` lets XLA pick the reduction order per shape, so a vmapped (batched) run could
differ from separate runs in the last bit. Sums over the last axis are written here as a
fixed binary tree of elementwise adds: the same bits whatever the batch shape, and (on CPU)
much faster than ``jnp.sum``, a separate kernel that forces its operand into memory (summing
the 3 groups of the ensemble's diagnostics with ``jnp.sum`` made its step ~10x slower).

Each level adds the first half of the entries to the second half (entry i to entry i + m/2,
two contiguous slices); an entry left over at an odd length is carried as a separate column
(no ``concatenate``, which XLA CPU emits as a per-element branch). Reading the operand through
two slices lets XLA fuse a cheap summand into the first level instead of storing it at full
size: one slice per class (50 uses of the operand) exceeds XLA's code-duplication limit for
fusion. Contiguous halves vectorise on CPU where even/odd strided slices did not (BOATS step
5 % faster at 1 degree, 1 to 20 members; benchmarks/RESULTS.md).
"""

from __future__ import annotations

from jax import lax


def class_sum(x, axis: int = -1):
    """Sum over ``axis`` (default the last: mass classes, or groups), in a batch-independent
    pairwise order.

    The order is that of repeatedly replacing the m entries by the m // 2 sums of entry i and
    entry i + m // 2, an odd last entry carried (added to the carried sum of the earlier
    levels, ``last + carried``) and added at the end: (x0+x2)+(x1+x3) for 4, and so on.
    """
    axis = axis % x.ndim
    tail = None                     # the carried last entry of the current level
    while x.shape[axis] + (tail is not None) > 1:
        m = x.shape[axis]
        h = m // 2
        pairs = lax.slice_in_dim(x, 0, h, 1, axis) + lax.slice_in_dim(x, h, 2 * h, 1, axis)
        if m % 2:
            last = lax.index_in_dim(x, m - 1, axis, keepdims=False)
            tail = last if tail is None else last + tail
        x = pairs
    if tail is None:
        return lax.index_in_dim(x, 0, axis, keepdims=False)
    return tail if x.shape[axis] == 0 else lax.index_in_dim(x, 0, axis, keepdims=False) + tail
