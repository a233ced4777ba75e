"""Sum over mass classes with a fixed pairwise order.

``jnp.sum`` lets XLA pick the reduction order per shape, so a vmapped (batched) run could
differ from separate runs in the last bit. Sums over the class axis are written here as a
fixed binary tree of elementwise adds (zero-padded to a power of two), which gives the same
bits whatever the batch shape.
"""

from __future__ import annotations

import jax.numpy as jnp


def class_sum(x):
    """Sum over the last axis (mass classes), in a batch-independent order."""
    n = x.shape[-1]
    width = 1 << max(n - 1, 0).bit_length()
    if width != n:
        x = jnp.concatenate([x, jnp.zeros(x.shape[:-1] + (width - n,), x.dtype)], axis=-1)
    while x.shape[-1] > 1:
        half = x.shape[-1] // 2
        x = x[..., :half] + x[..., half:]
    return x[..., 0]
