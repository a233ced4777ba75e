"""Ensemble throughput: member-years per second of the batched BOATS ensemble vs member count.

Global 1-degree grid (the CESM base in ../shared when present; else the embedded 5-degree
base, and the table says so), synthetic SSP5-8.5 trends, float32, monthly steps, one jitted scan per simulated year with members vmapped.
The first year includes compilation and is excluded: the rate is measured over the following
years. Baseline: the original BOATS code (obeg-boats/boats_v2 at 72093a9) under Octave 7.3 on
this kind of machine, same 1-degree forcing, with fishing: 34.5 s per member-year with glibc's
default malloc (75% page faults) and 8.44 s with malloc tuned (MALLOC_MMAP_MAX_=0
MALLOC_TRIM_THRESHOLD_=68719476736) -- measured by the filer of issue 14, quoted here (no Octave
run in this benchmark).

    python benchmarks/bench_ensemble.py [--sizes 1 5 20 100] [--years 3] [--max-gb 12] [--no-record]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent))

from jaxocean.ensemble.climatology import cesm_base  # noqa: E402
from jaxocean.ensemble.runner import run_ensemble  # noqa: E402
from jaxocean.ensemble.spec import ESMS, PUBLISHED_PARAM_SETS, EnsembleSpec, product  # noqa: E402

OCTAVE_S_PER_MEMBER_YEAR = (8.44, 34.5)     # malloc tuned, glibc default (issue 14, quoted)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def bench(n: int, years: int, base: str, out: Path) -> float:
    """member-years/s of an n-member run (the 20 seed members repeated cyclically: the batch
    computes n rows regardless of repeats), excluding the first (compiling) year."""
    seed20 = product(PUBLISHED_PARAM_SETS, [f"{e}:ssp585" for e in ESMS], [True, False])
    spec = EnsembleSpec(members=tuple(seed20[i % 20] for i in range(n)), name=f"bench{n}",
                        start_year=2000, end_year=2000 + years - 1, base=base, precision="float32")
    stamps = []
    run_ensemble(spec, out / f"b{n}", progress=False, write=False,
                 on_year=lambda k, y, a: stamps.append(time.perf_counter()))
    return n * (years - 1) / (stamps[-1] - stamps[0])


def measure(sizes, years, base, max_gb, tmp: Path):
    """[(members, rate or None, peak RSS or estimate GB)]; sizes whose memory, extrapolated
    linearly from the previous size, exceeds ``max_gb`` are skipped."""
    rows, per_member_gb = [], None
    for n in sizes:
        est_gb = None if per_member_gb is None else peak_rss_gb() + n * per_member_gb
        if est_gb is not None and est_gb > max_gb:
            rows.append((n, None, est_gb))
            print(f"{base}: {n} members skipped, estimated {est_gb:.1f} GB > {max_gb} GB", flush=True)
            continue
        before = peak_rss_gb()
        rate = bench(n, years, base, tmp)
        if n > 1 and peak_rss_gb() > before:
            per_member_gb = (peak_rss_gb() - before) / n
        rows.append((n, rate, peak_rss_gb()))
        print(f"{base}: {n} members {rate:.3f} member-years/s, peak RSS {peak_rss_gb():.2f} GB", flush=True)
    return rows


def table(rows, max_gb, octave: bool):
    """Markdown table; the Octave ratio only where the grid is the baseline's 1 degree."""
    lo, hi = OCTAVE_S_PER_MEMBER_YEAR
    lines = ["| members | member-years/s | s per member-year | speed-up vs Octave 1-degree (8.44 s malloc-tuned / 34.5 s default) | rate vs 1 member | process peak RSS so far GB |",
             "|---:|---:|---:|---:|---:|---:|"]
    r1 = next((r for n, r, _ in rows if n == 1 and r), None)
    for n, rate, gb in rows:
        if rate is None:
            lines.append(f"| {n} | not run: est. {gb:.0f} GB > {max_gb:g} GB budget (24 GB host shared by several jobs) | | | | |")
            continue
        s = 1.0 / rate
        ratio = f"{lo / s:.1f}x / {hi / s:.1f}x" if octave else "n/a (other grid)"
        lines.append(f"| {n} | {rate:.3f} | {s:.2f} | {ratio} | "
                     f"{rate / r1 if r1 else float('nan'):.2f}x | {gb:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20, 100])
    ap.add_argument("--years", type=int, default=2)
    ap.add_argument("--max-gb", type=float, default=12.0,
                    help="skip sizes whose memory, extrapolated from the smaller sizes, exceeds this")
    ap.add_argument("--no-record", action="store_true", help="print only, leave RESULTS.md as it is")
    args = ap.parse_args(argv)
    lo, hi = OCTAVE_S_PER_MEMBER_YEAR
    load0 = os.getloadavg()[0]
    parts = [f"BOATS ensemble (members vmapped in one jitted monthly scan per simulated year), float32, "
             f"synthetic SSP5-8.5 trends, {args.years} simulated years per size; the first year "
             "(compilation) is excluded. Baseline: the original code (boats_v2 72093a9) under Octave 7.3 "
             f"on this kind of machine, 1 degree, fishing: {lo} s per member-year with malloc tuned "
             "(MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736), "
             f"{hi} s with glibc's default malloc (measured by the filer of issue 14, quoted: no Octave run here). "
             "No GPU in this session. Timings on a 2-core CPU shared with other jobs "
             f"(load average {load0:.1f} at start)."]
    with tempfile.TemporaryDirectory() as tmp:
        # the small grid first: the peak-RSS column is the process maximum so far
        rows = measure(args.sizes, args.years, "demo", args.max_gb, Path(tmp))
        small = ["", "### Embedded 5-degree grid (1651 ocean cells): batching efficiency", "",
                 table(rows, args.max_gb, False)]
        if cesm_base() is not None:
            rows = measure(args.sizes, args.years, "cesm", args.max_gb, Path(tmp))
            parts += ["", "### Global 1-degree grid (CESM base, 41k ocean cells)", "",
                      table(rows, args.max_gb, True)]
        else:
            parts += ["", "1-degree grid: CESM base (../shared) absent, not measured."]
        parts += small
    parts.append(f"\nLoad average at end: {os.getloadavg()[0]:.1f}.")
    text = "\n".join(parts)
    print(text)
    if not args.no_record:
        from _results import record
        record("ensemble", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
