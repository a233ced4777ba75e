"""Steady-state sequestration solve and its adjoint gradient on an OCIM-sized operator.

Operator: the idealized circulation (jaxocean.transport.idealized_basin) on a 2-degree,
24-layer grid (90 x 180 x 24 with continents and bathymetry): about 2e5 wet boxes with a
7-point stencil, the size of OCIM2. Baseline: scipy.sparse.linalg.spsolve on the same system
(SuperLU, COLAMD ordering), measured in the same run, interleaved with each backend and
repeated (--repeat, best of) because the host is shared. Reported per ``SparseLU`` backend
(MKL PARDISO through pypardiso when installed; SuperLU):
* forward steady solve: factorization + solve vs spsolve,
* gradient of C_seq = V^T C with respect to the source (one adjoint transpose solve reusing
  the factorization) through jax.grad, vs a forward solve with the same factorization,
* one backward-Euler transient step (I - dt A) reusing its factorization, vs spsolve of it.
Usage: python benchmarks/bench_transport.py [--small] [--repeat 2]
"""

from __future__ import annotations

import sys
import os
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

sys.path.insert(0, str(Path(__file__).parent))
import jaxocean  # noqa: E402
from _results import record  # noqa: E402
from jaxocean.transport import SparseLU, idealized_basin  # noqa: E402
from jaxocean.transport.solvers import pardiso_available  # noqa: E402


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        jax.block_until_ready(fn())
        times.append(time.perf_counter() - t)
    return min(times)


def measure(a, v, s, backend, repeat):
    """(factorize + solve, solve, gradient) seconds and errors for one backend."""
    t_fwd, t_solve, t_grad = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        lu = SparseLU(a, backend=backend)
        t_factor = time.perf_counter() - t
        c_seq = jax.jit(lambda src: v @ lu.solve(src))
        grad = jax.jit(jax.grad(lambda src: v @ lu.solve(src)))
        c_seq(s).block_until_ready(), grad(s).block_until_ready()     # compile
        t_solve.append(best(lambda: c_seq(s), 3))
        t_fwd.append(t_factor + t_solve[-1])         # factorize + solve (compilation excluded)
        t_grad.append(best(lambda: grad(s), 3))
    x_ref = spla.spsolve(a, np.asarray(s))
    err = float(np.max(np.abs(np.asarray(lu.solve(s)) - x_ref)) / np.max(np.abs(x_ref)))
    g_ref = spla.spsolve(a.T.tocsc(), np.asarray(v))
    gerr = float(np.max(np.abs(np.asarray(grad(s)) - g_ref)) / np.max(np.abs(g_ref)))
    return min(t_fwd), min(t_solve), min(t_grad), err, gerr


def main(small: bool = False, repeat: int = 2):
    jaxocean.enable_float64()
    ny, nx = (30, 60) if small else (90, 180)
    op = idealized_basin(ny, nx, land_fraction=0.4, seed=0)
    a = (-op.interior_matrix()).tocsc()
    n = a.shape[0]
    v = jnp.asarray(op.volume[op.interior])
    s = jnp.asarray(np.random.default_rng(0).uniform(0.0, 1.0, n))
    step = (sp.identity(n, format="csc") + a).tocsc()      # I - dt A with dt = 1 yr
    backends = (["pardiso"] if pardiso_available() else []) + ["superlu"]
    load0 = os.getloadavg()[0]
    rows, errors = [], []
    for backend in backends:
        t_sp = min(best(lambda: spla.spsolve(a, np.asarray(s)), 1) for _ in range(repeat))
        fwd, solve, grad, err, gerr = measure(a, v, s, backend, repeat)
        lu_step = SparseLU(step, backend=backend)
        t_step = best(lambda: lu_step.solve(s), 3)
        t_sp_step = best(lambda: spla.spsolve(step, np.asarray(s)), 1)
        rows += [(f"{backend}: forward steady solve (factorize + solve)", fwd, t_sp, "spsolve"),
                 (f"{backend}: gradient dC_seq/ds (adjoint, factors reused)", grad, solve,
                  "forward solve, same factors"),
                 (f"{backend}: transient step (I - dt A), factors reused", t_step, t_sp_step,
                  "spsolve of the step")]
        errors.append(f"{backend}: solve {err:.1e}, gradient {gerr:.1e}")
    table = [f"Idealized OCIM-sized operator: {ny} x {nx} x 24 grid, {op.n} wet boxes "
             f"({n} interior unknowns), {op.matrix.nnz} nonzeros (7-point stencil). "
             f"Best of {repeat}; load average {load0:.1f} at start, {os.getloadavg()[0]:.1f} at end "
             "(2-core host shared with other jobs).",
             "Relative error vs spsolve: " + "; ".join(errors) + ".", "",
             "| quantity | time (s) | baseline (s) | ratio | baseline |", "|---|---|---|---|---|"]
    for name, tm, base, what in rows:
        table.append(f"| {name} | {tm:.3f} | {base:.3f} | {tm / base:.2f} | {what} |")
    text = "\n".join(table)
    print(text)
    if not small:
        record("transport", text)


if __name__ == "__main__":
    rep = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 2
    main(small="--small" in sys.argv, repeat=rep)
