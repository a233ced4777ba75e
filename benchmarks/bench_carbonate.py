"""Benchmark: jaxocean.carbonate.solve vs PyCO2SYS 1.8.3 on random surface points (float64).

Prints a table (throughput, per-point time, speed-up, peak memory, agreement) and records it
in benchmarks/RESULTS.md. jaxocean runs in a fresh subprocess so that its peak resident
memory (getrusage maxrss) covers only the import, the inputs and the solve; the 1e6 points are
processed in chunks inside one jitted call (lax.map) to bound intermediate memory. PyCO2SYS
runs in chunks of --pyco2sys-chunk points to bound its memory (its peak is not measured).

    python benchmarks/bench_carbonate.py [--points 1000000] [--pyco2sys-points 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

SEED = 20261121


def surface_inputs(n: int, seed: int = SEED) -> dict:
    """Random surface-ocean (DIC, TA, T, S, nutrients), 0 dbar [umol/kg, degC]."""
    rng = np.random.default_rng(seed)
    return dict(dic=rng.uniform(1800.0, 2300.0, n), ta=rng.uniform(2000.0, 2500.0, n),
                temp=rng.uniform(-1.5, 30.0, n), sal=rng.uniform(30.0, 38.0, n),
                pressure=np.zeros(n), phos=rng.uniform(0.0, 2.5, n), sil=rng.uniform(0.0, 60.0, n))


def run_jaxocean(n: int, chunk: int, repeats: int, out: str) -> None:
    """Child process: time solve on n points, write timings, maxrss and pH to ``out`` (.npz)."""
    import resource

    import jax
    import jax.numpy as jnp

    import jaxocean
    from jaxocean.carbonate import solve

    jaxocean.enable_float64()
    inputs = surface_inputs(n)
    names = list(inputs)

    @jax.jit
    def solve_chunked(*args):
        def one(a):
            s = solve(*a)
            return s.ph, s.pco2, s.omega_aragonite, s.revelle
        chunks = tuple(jnp.reshape(a, (n // chunk, chunk)) for a in args)
        return tuple(jnp.reshape(o, (n,)) for o in jax.lax.map(one, chunks))

    args = [jnp.asarray(inputs[k]) for k in names]
    t0 = time.perf_counter()
    result = jax.block_until_ready(solve_chunked(*args))
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = jax.block_until_ready(solve_chunked(*args))
        times.append(time.perf_counter() - t0)
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    np.savez(out, ph=np.asarray(result[0]), pco2=np.asarray(result[1]),
             omega_aragonite=np.asarray(result[2]), revelle=np.asarray(result[3]),
             meta=json.dumps(dict(first=first, best=min(times), maxrss_mib=maxrss_mib)))


def run_pyco2sys(n_total: int, n_run: int, chunk: int):
    import PyCO2SYS as pyco2

    from jaxocean.carbonate.pyco2sys import pyco2sys_arguments

    x = {k: v[:n_run] for k, v in surface_inputs(n_total).items()}
    out = {k: np.empty(n_run) for k in ("pH", "pCO2", "saturation_aragonite", "revelle_factor")}
    t0 = time.perf_counter()
    for i in range(0, n_run, chunk):
        sl = slice(i, i + chunk)
        r = pyco2.sys(par1=x["ta"][sl], par1_type=1, par2=x["dic"][sl], par2_type=2,
                      temperature=x["temp"][sl], salinity=x["sal"][sl], pressure=x["pressure"][sl],
                      total_phosphate=x["phos"][sl], total_silicate=x["sil"][sl],
                      **pyco2sys_arguments(x["sal"][sl]))
        for k in out:
            out[k][sl] = r[k]
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--chunk", type=int, default=100_000, help="jaxocean chunk inside the jitted call")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pyco2sys-points", type=int, default=1_000_000)
    ap.add_argument("--pyco2sys-chunk", type=int, default=100_000)
    ap.add_argument("--no-record", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        run_jaxocean(a.points, a.chunk, a.repeats, a.child)
        return
    if a.points % a.chunk:
        ap.error("--points must be a multiple of --chunk")

    import os
    import tempfile

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "jaxocean.npz")
        subprocess.run([sys.executable, __file__, "--points", str(a.points), "--chunk", str(a.chunk),
                        "--repeats", str(a.repeats), "--child", out], check=True)
        res = np.load(out)
        jax_out = {k: res[k] for k in ("ph", "pco2", "omega_aragonite", "revelle")}
        meta = json.loads(str(res["meta"]))

    n_ref = min(a.pyco2sys_points, a.points)
    t_ref, ref = run_pyco2sys(a.points, n_ref, a.pyco2sys_chunk)
    us_ref = t_ref / n_ref * 1e6
    us_jax = meta["best"] / a.points * 1e6
    dph = np.max(np.abs(jax_out["ph"][:n_ref] - ref["pH"]))
    rel = {name: np.max(np.abs(jax_out[k][:n_ref] / ref[name] - 1.0))
           for k, name in (("pco2", "pCO2"), ("omega_aragonite", "saturation_aragonite"),
                           ("revelle", "revelle_factor"))}
    n_nan = int(np.isnan(jax_out["ph"]).sum())
    load = f"{load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end"

    table = "\n".join([
        f"{a.points:,} random surface points (0 dbar, T -1.5..30 degC, S 30..38, DIC 1800..2300, "
        f"TA 2000..2500, PO4 0..2.5, SiO4 0..60 umol/kg), float64, all outputs incl. Revelle.",
        "",
        "| quantity | jaxocean.carbonate (CPU) | PyCO2SYS 1.8.3 | ratio |",
        "|---|---|---|---|",
        f"| time per point | {us_jax:.3f} us | {us_ref:.2f} us ({n_ref:,} points, "
        f"chunks of {a.pyco2sys_chunk:,}) | **{us_ref / us_jax:.1f}x faster** |",
        f"| points per second | {1e6 / us_jax:,.0f} | {1e6 / us_ref:,.0f} | |",
        f"| wall time for {a.points:,} points | {meta['best']:.3f} s (best of {a.repeats}; first call incl. "
        f"compile {meta['first']:.2f} s) | {us_ref * a.points / 1e6:.1f} s"
        f"{' (extrapolated)' if n_ref < a.points else ''} | |",
        f"| peak memory (maxrss, whole process incl. jax import) | {meta['maxrss_mib']:.0f} MiB "
        f"(chunks of {a.chunk:,} in one jitted lax.map) | not measured (chunks of {a.pyco2sys_chunk:,}) | |",
        "| GPU points per second | not measured: no GPU available in this session | | |",
        "",
        f"Agreement on the {n_ref:,} common points: max |delta pH| = {dph:.1e}; max relative "
        f"difference pCO2 {rel['pCO2']:.1e}, Omega_aragonite {rel['saturation_aragonite']:.1e}, "
        f"Revelle {rel['revelle_factor']:.1e}; NaN results: {n_nan}.",
        f"Host 1-min load average {load} (shared machine: both codes timed in the same run).",
    ])
    print(table)
    if not a.no_record:
        from _results import record

        record("carbonate", table)


if __name__ == "__main__":
    main()
