"""Member batches: member-years/s and peak RSS vs member count, with and without --member-batch.

Each (grid, members, batch) runs in its own Python process (a fresh peak RSS, read by the
child from ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` and printed as JSON), float32,
synthetic SSP5-8.5 forcing, the 20 seed members repeated cyclically, no output files
(``write=False``). Grids: 5 degrees = the embedded demo base; 1 degree = the CESM base in
../shared (skipped when absent). The rate excludes the first chunk of the first batch (it
compiles): (member-years - first batch's first year) / time from the end of that chunk to the
end of the run; batches after the first start with their initial state and run without
recompiling, so they are inside the rate.

    python benchmarks/bench_members.py [--years 2] [--five 1 20 100 1000] [--one 20 100]
        [--batch5 100] [--batch1 10] [--unbatched-max 100]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import ESMS, PUBLISHED_PARAM_SETS, EnsembleSpec, product
n, years, base, batch = {n}, {years}, {base!r}, {batch}
seed20 = product(PUBLISHED_PARAM_SETS, [f"{{e}}:ssp585" for e in ESMS], [True, False])
spec = EnsembleSpec(members=tuple(seed20[i % 20] for i in range(n)), name="bench", start_year=2000,
                    end_year=2000 + years - 1, base=base, precision="float32")
stamps = []
t0 = time.perf_counter()
run = run_ensemble(spec, "unused", progress=False, write=False, member_batch=batch,
                   on_year=lambda k, y, a: stamps.append((time.perf_counter(), a["biomass"].shape[1])))
first = stamps[0][1]
print(json.dumps({{"rate": (n * years - first) / (stamps[-1][0] - stamps[0][0]),
                  "first_chunk_s": stamps[0][0] - t0, "compilations": run.result.compilations,
                  "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6}}))
"""


def measure(n: int, years: int, base: str, batch: int | None) -> dict:
    code = CHILD.format(root=str(ROOT), n=n, years=years, base=base, batch=batch)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    row.update(members=n, batch=batch or n, grid=base, wall_s=time.perf_counter() - t)
    print(json.dumps(row), flush=True)
    return row


def table(rows) -> str:
    lines = ["| grid | members | member batch | member-years/s | s per member-year | peak RSS GB | compiled | wall s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        grid = "5 degrees (demo)" if r["grid"] == "demo" else "1 degree (CESM)"
        lines.append(f"| {grid} | {r['members']} | {r['batch']} | {r['rate']:.2f} | {1 / r['rate']:.3f} | "
                     f"{r['peak_rss_gb']:.2f} | {r['compilations']} | {r['wall_s']:.0f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--years", type=int, default=2, help="simulated years per run (>= 2)")
    p.add_argument("--five", type=int, nargs="*", default=[1, 20, 100, 1000], help="sizes at 5 degrees")
    p.add_argument("--one", type=int, nargs="*", default=[20, 100], help="sizes at 1 degree")
    p.add_argument("--batch5", type=int, default=100, help="member batch at 5 degrees")
    p.add_argument("--batch1", type=int, default=10, help="member batch at 1 degree")
    p.add_argument("--unbatched-max", type=int, default=100,
                   help="also run sizes up to this as one batch at 5 degrees (memory grows)")
    a = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from jaxocean.ensemble.climatology import cesm_base

    rows = []
    for n in a.five:
        if n > a.batch5:
            rows.append(measure(n, a.years, "demo", a.batch5))
        if n <= a.unbatched_max:
            rows.append(measure(n, a.years, "demo", None))
    if a.one and cesm_base() is None:
        print("1 degree skipped: ../shared/data/boats (CESM base) absent", flush=True)
    else:
        for n in a.one:
            rows.append(measure(n, a.years, "cesm", min(a.batch1, n)))
    print(table(rows))


if __name__ == "__main__":
    main()
