"""Sum over mass classes (or species groups) with a fixed pairwise order.

``jnp.sum`` lets XLA pick the reduction order per shape, so a vmapped (batched) run could
differ from separate runs in the last bit. Sums over the last axis are written here as a
fixed binary tree of elementwise adds: the same bits whatever the batch shape, and (on CPU)
much faster than ``jnp.sum``, a separate kernel that forces its operand into memory (summing
the 3 groups of the ensemble's diagnostics with ``jnp.sum`` made its step ~10x slower).

Each level adds neighbours pairwise, even entries plus odd entries as two strided slices; an
entry left over at an odd length is carried as a separate column (no ``concatenate``, which
XLA CPU emits as a per-element branch). Reading the operand through two slices lets XLA fuse
a cheap summand into the first level instead of storing it at full size: one slice per class
(50 uses of the operand) exceeds XLA's code-duplication limit for fusion.
"""

from __future__ import annotations

from jax import lax


def class_sum(x, axis: int = -1):
    """Sum over ``axis`` (default the last: mass classes, or groups), in a batch-independent
    pairwise order.

    The order is that of repeatedly replacing the sequence by the sums of its neighbour pairs,
    an odd last entry carried to the end: ((x0+x1)+(x2+x3)) + ... for 4, and so on.
    """
    axis = axis % x.ndim
    tail = None                     # the carried last entry of the current level
    while x.shape[axis] + (tail is not None) > 1:
        m = x.shape[axis]
        pairs = (lax.slice_in_dim(x, 0, m - m % 2, 2, axis) + lax.slice_in_dim(x, 1, m - m % 2, 2, axis)
                 if m > 1 else lax.slice_in_dim(x, 0, 0, 1, axis))
        if m % 2:
            last = lax.index_in_dim(x, m - 1, axis, keepdims=False)
            tail = last if tail is None else last + tail
        x = pairs
    if tail is None:
        return lax.index_in_dim(x, 0, axis, keepdims=False)
    return tail if x.shape[axis] == 0 else lax.index_in_dim(x, 0, axis, keepdims=False) + tail
