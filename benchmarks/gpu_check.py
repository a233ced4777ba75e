"""One-shot GPU check: the figures a GPU session records in benchmarks/RESULTS.md.

Measured in one process, within a wall-clock budget (default 420 s of the 8-minute slot):

1. carbonate: ``jaxocean.carbonate.solve`` on 1e7 random surface points, float64, points/s
   (one jitted call over chunks; the first call, which compiles, is excluded);
2. BOATS: the seed-002 20-member ensemble at 1 degree (CESM base when the data folder is
   reachable, else the embedded forcing refined to 1 degree and labelled so), float32, monthly
   steps: seconds per simulated year after the compiling first year; the full 151-year
   1950-2100 run (1,812 monthly steps) is extrapolated when the budget does not allow it, and
   the table says which;
3. transport: ``IterativeSolver`` (Jacobi-BiCGSTAB on the device) steady solve on the 2e5-box
   idealized operator of ``bench_transport.py``, with its relative residual.

    python benchmarks/gpu_check.py [--budget-s 420] [--smoke]

``--smoke`` runs tiny sizes on any backend (a CPU check that the script works) and records
nothing. ``benchmarks/gpu_check.sh`` is the one-shot wrapper for a GPU machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import jaxocean  # noqa: E402
from bench_carbonate import surface_inputs  # noqa: E402

FULL_YEARS = 151          # 1950-2100
MONTHS = 12


def carbonate_rate(n: int, chunk: int) -> float:
    from jaxocean.carbonate import solve

    inputs = surface_inputs(n)
    args = [jnp.asarray(v) for v in inputs.values()]

    @jax.jit
    def run(*a):
        def one(c):
            s = solve(*c)
            return s.ph, s.omega_calcite
        chunks = tuple(x.reshape(n // chunk, chunk) for x in a)
        return jax.lax.map(one, chunks)

    jax.block_until_ready(run(*args))                  # compile
    t = time.perf_counter()
    ph, _ = jax.block_until_ready(run(*args))
    dt = time.perf_counter() - t
    if not np.isfinite(np.asarray(ph)).all():
        raise RuntimeError("carbonate: non-finite pH in the benchmark points")
    return n / dt


def boats_years(base: str, years: int, budget_s: float, members: int | None):
    """(seconds per simulated year after the first, years run, first-year seconds)."""
    from jaxocean.ensemble.runner import run_ensemble
    from jaxocean.ensemble.spec import ESMS, PUBLISHED_PARAM_SETS, EnsembleSpec, product

    seed20 = product(PUBLISHED_PARAM_SETS, [f"{e}:ssp585" for e in ESMS], [True, False])
    seed20 = seed20[:members] if members else seed20
    spec = EnsembleSpec(members=tuple(seed20), name="gpu_check", start_year=1950,
                        end_year=1950 + years - 1, base=base, precision="float32")
    stamps, t0 = [], time.perf_counter()

    def on_year(k, yrs, annual):
        stamps.append(time.perf_counter())
        if stamps[-1] - t0 > budget_s:
            raise _Budget()

    with tempfile.TemporaryDirectory() as tmp:
        try:
            run_ensemble(spec, tmp, progress=False, write=False, on_year=on_year)
        except _Budget:
            pass
    if len(stamps) < 2:
        raise RuntimeError("BOATS: the budget allowed fewer than two simulated years")
    per_year = (stamps[-1] - stamps[0]) / (len(stamps) - 1)
    return per_year, len(stamps), stamps[0] - t0, len(seed20)


class _Budget(Exception):
    """Raised from the per-year callback to stop the BOATS run at the time budget."""


def transport_solve(ny: int, nx: int):
    from jaxocean.transport import IterativeSolver, idealized_basin

    op = idealized_basin(ny, nx, land_fraction=0.4, seed=0)
    a = (-op.interior_matrix()).tocsr()
    s = np.random.default_rng(0).uniform(0.0, 1.0, a.shape[0])
    solver = IterativeSolver(a, method="bicgstab", tol=1e-10, maxiter=5000)
    solve = jax.jit(solver.solve)
    x = jax.block_until_ready(solve(jnp.asarray(s)))        # compile + first solve
    t = time.perf_counter()
    x = jax.block_until_ready(solve(jnp.asarray(s)))
    dt = time.perf_counter() - t
    resid = float(np.linalg.norm(a @ np.asarray(x) - s) / np.linalg.norm(s))
    return dt, a.shape[0], resid


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget-s", type=float, default=420.0)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, any backend, record nothing")
    args = ap.parse_args(argv)
    jaxocean.enable_float64()
    t_start = time.perf_counter()
    n_pts, chunk = (20_000, 10_000) if args.smoke else (10_000_000, 1_000_000)
    rate = carbonate_rate(n_pts, chunk)
    print(f"carbonate: {n_pts:.0e} points, {rate:.3e} points/s", flush=True)

    from jaxocean.ensemble.climatology import cesm_base
    base = "demo" if args.smoke or cesm_base() is None else "cesm"
    years = 3 if args.smoke else FULL_YEARS
    budget = max(60.0, args.budget_s - (time.perf_counter() - t_start) - 90.0)
    per_year, run_years, first_s, n_members = boats_years(base, years, budget,
                                                          2 if args.smoke else None)
    full = per_year * (FULL_YEARS - 1) + first_s
    how = "measured" if run_years == FULL_YEARS else f"extrapolated from {run_years} years"
    print(f"BOATS {n_members} members ({base}): {per_year:.3f} s per simulated year, "
          f"first year {first_s:.1f} s, 1,812 steps {full:.1f} s ({how})", flush=True)

    ny, nx = (18, 36) if args.smoke else (90, 180)
    t_solve, n_unknowns, resid = transport_solve(ny, nx)
    print(f"transport: iterative steady solve, {n_unknowns} unknowns, {t_solve:.3f} s, "
          f"relative residual {resid:.1e}", flush=True)
    if args.smoke:
        return 0
    grid = ("1-degree CESM base (41k ocean cells)" if base == "cesm"
            else "embedded 5-degree forcing (CESM base not reachable: not the 1-degree figure)")
    text = "\n".join([
        "One-shot GPU check (`benchmarks/gpu_check.sh`), one process.", "",
        "| check | result |", "|---|---|",
        f"| carbonate solve, 1e7 surface points, float64 | {rate:.3e} points/s |",
        f"| BOATS seed-002 ensemble, {n_members} members, {grid}, float32 | {per_year:.3f} s per "
        f"simulated year ({per_year / n_members:.4f} s per member-year); first year incl. compile "
        f"{first_s:.1f} s; 1,812 monthly steps {full:.0f} s ({how}) |",
        f"| transport, Jacobi-BiCGSTAB steady solve, {n_unknowns} unknowns | {t_solve:.3f} s "
        f"(relative residual {resid:.1e}) |",
    ])
    from _results import record
    record("gpu", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
