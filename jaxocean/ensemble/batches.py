"""Member batches: stream an ensemble through one compiled step, ``batch`` members at a time.

A run of M members with ``member_batch = N`` runs ``ceil(M / N)`` batches one after the
other; each batch runs all its years (spin-up included) and writes its members' slice of the
annual file before the next one starts. Every batch is padded to the same size (N rounded up
to a multiple of the device count, by repeating its last member), so ONE compilation serves
all batches, and device and host memory hold one batch's state whatever M is. Members never
interact and the annual means are fixed add trees (``members.annual_reduce``), so every
member's numbers are bitwise the same for any N.

``member_batch = "auto"`` picks N from the free memory of the devices (``memory_stats()`` on
GPU/TPU; on CPU the host's available memory, ``MemAvailable`` in ``/proc/meminfo``) and the
per-member working set of the chunk (state plus the month's temporaries, see
:data:`WORKING_SET_FACTOR`).
"""

from __future__ import annotations

import os

import numpy as np

from jaxocean.core.progress import logger
from jaxocean.core.validate import InputError

# per-member device working set of a BOATS chunk as a multiple of its state size: the state in
# and out of the chunk, the step's temporaries and the monthly diagnostics. XLA's
# memory_analysis of the compiled chunk (CPU, float32, 1 to 16 members): arguments + outputs +
# temporaries = 7.2 x the state; rounded up for the host-side checkpoint copy
WORKING_SET_FACTOR = 8
MEMORY_FRACTION = 0.5     # of the free memory: headroom for XLA buffers, forcing and the host side


def batch_bounds(n_members: int, batch: int) -> list[tuple[int, int]]:
    """``[(first, end), ...]`` member ranges of batches of ``batch`` members (the last may be short)."""
    return [(m, min(m + batch, n_members)) for m in range(0, n_members, batch)]


def free_memory_bytes(devices) -> int:
    """Free memory of ``devices`` together: ``bytes_limit - bytes_in_use`` of each accelerator;
    on CPU (no memory stats) the host's available memory."""
    stats = [d.memory_stats() for d in devices]
    if all(s and "bytes_limit" in s for s in stats):
        return int(sum(s["bytes_limit"] - s.get("bytes_in_use", 0) for s in stats))
    return host_available_bytes()


def host_available_bytes() -> int:
    """``MemAvailable`` of ``/proc/meminfo`` (Linux); elsewhere free physical pages (sysconf)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def resolve_batch(member_batch, n_members: int, state_bytes_per_member: int, devices) -> int:
    """The member batch size: ``None`` -> all members, an int (checked), or ``"auto"`` (logged)."""
    if member_batch is None:
        return n_members
    if member_batch == "auto":
        free = free_memory_bytes(devices)
        per_member = WORKING_SET_FACTOR * state_bytes_per_member
        n = int(np.clip(MEMORY_FRACTION * free // per_member, 1, n_members))
        logger.info("member batch auto: %.3g GB free on %d %s device(s), %.3g MB per member "
                    "(%d x %.3g MB state) -> batches of %d", free / 1e9, len(devices),
                    devices[0].platform, per_member / 1e6, WORKING_SET_FACTOR,
                    state_bytes_per_member / 1e6, n)
        return n
    if isinstance(member_batch, bool) or not isinstance(member_batch, (int, np.integer)) or member_batch < 1:
        raise InputError(f"--member-batch: expected a positive integer or 'auto', got {member_batch!r}")
    return min(int(member_batch), n_members)


def parse_member_batch(text: str):
    """The CLI value of ``--member-batch``: ``"auto"`` or a positive integer."""
    if text == "auto":
        return text
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise InputError(f"--member-batch: expected a positive integer or 'auto', got {text!r}")
    return n
