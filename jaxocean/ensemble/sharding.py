"""Shard the ensemble's member axis over devices (``jax.sharding``).

Every member-batched array (state, parameters) has the member axis first; it is split over
a 1-D device mesh with axis name ``"members"``. Arrays shared by all members (the forcing)
are replicated. Members are padded to a multiple of the device count by repeating the last
member, so padded slots compute valid numbers and are dropped from the outputs. Members never
communicate, so a sharded run computes the same per-member numbers as a single-device one;
on a GPU cluster the same code spreads members over all GPUs.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from jaxocean.core.validate import InputError

AXIS = "members"


def member_mesh(n_devices: int | None = None) -> Mesh:
    """A 1-D mesh over the first ``n_devices`` of this process's devices (all when None; a
    process of a multi-process run shards its own members over its own devices)."""
    devices = jax.local_devices()
    n = len(devices) if n_devices is None else n_devices
    if not 1 <= n <= len(devices):
        raise InputError(f"--devices: {n} requested, {len(devices)} available ({devices[0].platform})")
    return Mesh(np.array(devices[:n]), (AXIS,))


def padded_size(n_members: int, n_devices: int) -> int:
    """Smallest multiple of ``n_devices`` >= ``n_members``."""
    return -(-n_members // n_devices) * n_devices


def pad_members(tree, n_padded: int):
    """Repeat the last member along axis 0 of every leaf up to ``n_padded`` members."""
    def pad(x):
        x = np.asarray(x)
        extra = n_padded - x.shape[0]
        return x if extra == 0 else np.concatenate([x, np.repeat(x[-1:], extra, axis=0)])
    return jax.tree_util.tree_map(pad, tree)


def shard_members(tree, mesh: Mesh):
    """Place every leaf with its axis 0 split over the mesh (scalars are replicated)."""
    def place(x):
        x = jnp.asarray(x)
        spec = PartitionSpec(AXIS) if x.ndim else PartitionSpec()
        return jax.device_put(x, NamedSharding(mesh, spec))
    return jax.tree_util.tree_map(place, tree)


def replicate(tree, mesh: Mesh):
    """Place every leaf whole on every device of the mesh."""
    return jax.tree_util.tree_map(
        lambda x: jax.device_put(jnp.asarray(x), NamedSharding(mesh, PartitionSpec())), tree)
