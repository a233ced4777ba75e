"""Steady-state sequestration solve and its adjoint gradient on an OCIM-sized operator.

Operator: the idealized circulation (jaxocean.transport.idealized_basin) on a 2-degree,
24-layer grid (90 x 180 x 24 with continents and bathymetry): about 2e5 wet boxes with a
7-point stencil, the size of OCIM2. Baseline: scipy.sparse.linalg.spsolve on the same system
(SuperLU, COLAMD ordering), measured in the same run. The host is shared, so the
measurements are interleaved: every round times spsolve and then each ``SparseLU`` backend
(MKL PARDISO through pypardiso when installed; SuperLU) on the same system, and the table
gives the ratio of the minima over the rounds and the median of the per-round ratios.
* forward steady solve: factorization + one jitted solve (its compile not timed) vs spsolve,
* gradient of C_seq = V^T C with respect to the source (one adjoint transpose solve reusing
  the factorization) through jax.grad, vs a forward solve with the same factors (both jitted,
  best of 3 each round),
* one backward-Euler transient step (I - dt A) reusing its factorization, vs spsolve of it
  (last round only).
Usage: python benchmarks/bench_transport.py [--small] [--repeat 3]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import jax
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

sys.path.insert(0, str(Path(__file__).parent))
import jaxocean  # noqa: E402
from _results import record  # noqa: E402
from jaxocean.transport import SparseLU, idealized_basin  # noqa: E402
from jaxocean.transport.solvers import pardiso_available  # noqa: E402


def seconds(fn, repeat=1):
    """Best wall time of ``repeat`` calls of ``fn`` (results blocked on)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        jax.block_until_ready(fn())
        times.append(time.perf_counter() - t)
    return min(times)


def one_round(a, v, s, backend):
    """Seconds: factorize + solve (the jit compile of the solve excluded), jitted forward solve
    and jitted gradient with the same factors."""
    t = time.perf_counter()
    lu = SparseLU(a, backend=backend)
    t_factor = time.perf_counter() - t
    c_seq = jax.jit(lambda src: v @ lu.solve(src))
    grad = jax.jit(jax.grad(lambda src: v @ lu.solve(src)))
    jax.block_until_ready((c_seq(s), grad(s)))                          # compile (not timed)
    t_solve = seconds(lambda: c_seq(s), 3)
    return t_factor + t_solve, t_solve, seconds(lambda: grad(s), 3)


def main(small: bool = False, repeat: int = 3):
    jaxocean.enable_float64()
    ny, nx = (30, 60) if small else (90, 180)
    op = idealized_basin(ny, nx, land_fraction=0.4, seed=0)
    a = (-op.interior_matrix()).tocsc()
    n = a.shape[0]
    v = np.asarray(op.volume[op.interior])
    s = np.random.default_rng(0).uniform(0.0, 1.0, n)
    backends = (["pardiso"] if pardiso_available() else []) + ["superlu"]
    load = [os.getloadavg()[0]]
    t_sp, fwd, solve, grad = [], {b: [] for b in backends}, {b: [] for b in backends}, {b: [] for b in backends}
    for _ in range(repeat):
        t_sp.append(seconds(lambda: spla.spsolve(a, s)))
        for b in backends:
            t_f, t_s, t_g = one_round(a, v, s, b)
            fwd[b].append(t_f), solve[b].append(t_s), grad[b].append(t_g)
        load.append(os.getloadavg()[0])
    x_ref = spla.spsolve(a, s)
    g_ref = spla.spsolve(a.T.tocsc(), v)
    step = (sp.identity(n, format="csc") + a).tocsc()      # I - dt A with dt = 1 yr
    t_sp_step = seconds(lambda: spla.spsolve(step, s))
    rows, errors = [], []
    for b in backends:
        lu = SparseLU(a, backend=b)
        err = float(np.max(np.abs(np.asarray(lu.solve(s)) - x_ref)) / np.max(np.abs(x_ref)))
        gerr = float(np.max(np.abs(np.asarray(jax.grad(lambda src: v @ lu.solve(src))(s)) - g_ref))
                     / np.max(np.abs(g_ref)))
        errors.append(f"{b}: solve {err:.1e}, gradient {gerr:.1e}")
        lu_step = SparseLU(step, backend=b)
        t_step = seconds(lambda: lu_step.solve(s), 3)
        rows += [(f"{b}: forward steady solve (factorize + solve)", fwd[b], t_sp, "spsolve"),
                 (f"{b}: gradient dC_seq/ds (adjoint, factors reused)", grad[b], solve[b],
                  "forward solve, same factors"),
                 (f"{b}: transient step (I - dt A), factors reused", [t_step], [t_sp_step],
                  "spsolve of the step")]
    table = [f"Idealized OCIM-sized operator: {ny} x {nx} x 24 grid, {op.n} wet boxes "
             f"({n} interior unknowns), {op.matrix.nnz} nonzeros (7-point stencil). "
             f"{repeat} interleaved rounds; 1-min load average per round "
             f"{', '.join(f'{x:.1f}' for x in load)} ({os.cpu_count()}-core host, shared).",
             "Relative error vs spsolve: " + "; ".join(errors) + ".", "",
             "| quantity | time min / median (s) | baseline min / median (s) | ratio of minima | "
             "median of per-round ratios | baseline |", "|---|---|---|---|---|---|"]
    for name, tm, base, what in rows:
        per_round = np.asarray(tm) / np.asarray(base)
        table.append(f"| {name} | {min(tm):.3f} / {np.median(tm):.3f} | {min(base):.3f} / "
                     f"{np.median(base):.3f} | {min(tm) / min(base):.2f} | {np.median(per_round):.2f} | {what} |")
    text = "\n".join(table)
    print(text)
    if not small:
        record("transport", text)


if __name__ == "__main__":
    rep = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    main(small="--small" in sys.argv, repeat=rep)
