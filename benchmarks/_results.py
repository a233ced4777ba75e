"""Record a benchmark's table in benchmarks/RESULTS.md under its own heading.

Each benchmark owns one section, delimited by HTML comments, and replaces it on every run;
the section carries the device, date and command, so figures are never detached from how
they were measured.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import os
import platform
import sys
from pathlib import Path

import jax

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "# Benchmark results\n\nWritten by the scripts in `benchmarks/` (each owns one section).\n"


def device_line() -> str:
    dev = jax.devices()[0]
    kind = getattr(dev, "device_kind", dev.platform)
    return (f"{dev.platform} ({kind}) x{jax.device_count()}, host {platform.machine()} "
            f"{os.cpu_count()} cores, jax {jax.__version__}")


def record(name: str, body_markdown: str) -> None:
    """Replace section ``name`` of RESULTS.md with ``body_markdown`` plus provenance."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python " + " ".join([Path(sys.argv[0]).as_posix().split("/")[-1], *sys.argv[1:]])
    start, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    section = (f"{start}\n## {name}\n\n- device: {device_line()}\n- date: {stamp}\n"
               f"- command: `benchmarks/{cmd.removeprefix('python ')}`\n\n{body_markdown.strip()}\n{end}")
    with open(RESULTS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = RESULTS.read_text() if RESULTS.exists() else HEADER
        if start in text and end in text:
            head, rest = text.split(start, 1)
            text = head + section + rest.split(end, 1)[1]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        RESULTS.write_text(text)
    print(f"recorded section {name!r} in {RESULTS}")
