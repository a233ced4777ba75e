"""Safe output folders: one run per folder (a file lock) and atomic file replacement.

``output_lock(folder)`` holds an exclusive lock (``filelock``, an OS-level ``flock``) on
``folder/.jaxocean.lock`` for as long as a run writes there; a second process asking for the
same folder gets an :class:`InputError` at once instead of interleaving its files with the
first. The lock is re-entrant inside one process (the CLI holds it around the run and the
summary, which take it again), and the OS releases it when the holder dies (also on SIGKILL).

``atomic_path(path)`` yields a unique temporary name in the same folder; when the block ends
without an exception the file is fsynced, renamed onto ``path`` (``os.replace``, atomic on
POSIX) and the folder fsynced (so the rename itself survives a power loss), otherwise removed:
a reader sees the old file or the complete new one, never a half-written one, and two writers
never share a temporary name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import filelock

from jaxocean.core.validate import InputError

LOCK_NAME = ".jaxocean.lock"


@contextlib.contextmanager
def output_lock(folder):
    """Hold the exclusive lock of output ``folder`` (created if needed) inside the block."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(folder.resolve() / LOCK_NAME, is_singleton=True, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise InputError(f"output folder {folder} is in use by another jaxocean run (lock "
                         f"{folder / LOCK_NAME}); wait for it to finish or choose another --out") from None
    try:
        yield folder
    finally:
        lock.release()


def fsync_file(path) -> None:
    """Flush ``path``'s data to disk (before a rename makes it visible)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder) -> None:
    """Flush ``folder``'s entries (a rename or a new file in it) to disk; a no-op where the OS
    cannot open folders (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:        # some file systems refuse fsync on a folder: nothing more to do
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path):
    """Yield a unique temporary path next to ``path``; on success fsync it and rename onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}")
    os.close(fd)
    tmp = Path(tmp)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)        # mkstemp's 0600 -> the mode a plain open() would give
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
