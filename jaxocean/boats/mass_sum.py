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


def class_sum(x):
    """Sum over the last axis (mass classes, or groups), in a batch-independent pairwise order.

    The order is that of repeatedly replacing the sequence by the sums of its neighbour pairs,
    an odd last entry carried to the end: ((x0+x1)+(x2+x3)) + ... for 4, and so on.
    """
    tail = None                     # the carried last entry of the current level, (...,)
    while x.shape[-1] + (tail is not None) > 1:
        m = x.shape[-1]
        if m % 2 == 0:
            x = x[..., 0::2] + x[..., 1::2]
        else:
            last = x[..., m - 1] if tail is None else x[..., m - 1] + tail
            x, tail = x[..., 0:m - 1:2] + x[..., 1:m - 1:2], last
    if tail is None:
        return x[..., 0]
    return tail if x.shape[-1] == 0 else x[..., 0] + tail
