"""Steady-state sequestration solve and its adjoint gradient on an OCIM-sized operator.

Operator: the idealized circulation (jaxocean.transport.idealized_basin) on a 2-degree,
24-layer grid (90 x 180 x 24 with continents and bathymetry): about 2e5 wet boxes with a
7-point stencil, the size of OCIM2. Baseline: scipy.sparse.linalg.spsolve on the same system,
measured in the same run. Reported:
* forward steady solve: SparseLU factorization + solve (what spsolve does) vs spsolve,
* gradient of C_seq = V^T C with respect to the source (one adjoint transpose solve reusing
  the LU) through jax.grad, vs a forward solve with the same factorization,
* value-and-gradient from scratch (factorize once, solve, adjoint solve) vs forward from scratch.
Usage: python benchmarks/bench_transport.py [--small]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse.linalg as spla

sys.path.insert(0, str(Path(__file__).parent))
import jaxocean  # noqa: E402
from _results import record  # noqa: E402
from jaxocean.transport import SparseLU, idealized_basin  # noqa: E402


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        jax.block_until_ready(fn())
        times.append(time.perf_counter() - t)
    return min(times)


def main(small: bool = False):
    jaxocean.enable_float64()
    ny, nx = (30, 60) if small else (90, 180)
    op = idealized_basin(ny, nx, land_fraction=0.4, seed=0)
    a = (-op.interior_matrix()).tocsc()
    n = a.shape[0]
    v = jnp.asarray(op.volume[op.interior])
    rng = np.random.default_rng(0)
    s = jnp.asarray(rng.uniform(0.0, 1.0, n))

    t_spsolve = best(lambda: spla.spsolve(a, np.asarray(s)), 1)
    t = time.perf_counter()
    lu = SparseLU(a)
    t_factor = time.perf_counter() - t
    c_seq = jax.jit(lambda src: v @ lu.solve(src))
    grad = jax.jit(jax.grad(lambda src: v @ lu.solve(src)))
    c_seq(s).block_until_ready(), grad(s).block_until_ready()          # compile
    t_solve = best(lambda: c_seq(s), 3)
    t_grad = best(lambda: grad(s), 3)
    x_ref = spla.spsolve(a, np.asarray(s))
    err = float(np.max(np.abs(np.asarray(lu.solve(s)) - x_ref)) / np.max(np.abs(x_ref)))
    g_ref = spla.spsolve(a.T.tocsc(), np.asarray(v))
    gerr = float(np.max(np.abs(np.asarray(grad(s)) - g_ref)) / np.max(np.abs(g_ref)))
    fwd_scratch = t_factor + t_solve
    vg_scratch = t_factor + t_solve + t_grad
    rows = [
        ("forward steady solve (factorize + solve)", fwd_scratch, t_spsolve, "spsolve"),
        ("gradient dC_seq/ds (adjoint, LU reused)", t_grad, t_solve, "forward solve, same LU"),
        ("value + gradient from scratch", vg_scratch, fwd_scratch, "forward from scratch"),
    ]
    table = [f"Idealized OCIM-sized operator: {ny} x {nx} x 24 grid, {op.n} wet boxes "
             f"({n} interior unknowns), {op.matrix.nnz} nonzeros (7-point stencil).",
             f"Relative error vs spsolve: solve {err:.1e}, gradient {gerr:.1e}.", "",
             "| quantity | time (s) | baseline (s) | ratio | baseline |", "|---|---|---|---|---|"]
    for name, tm, base, what in rows:
        table.append(f"| {name} | {tm:.3f} | {base:.3f} | {tm / base:.2f} | {what} |")
    text = "\n".join(table)
    print(text)
    if not small:
        record("transport", text)


if __name__ == "__main__":
    main(small="--small" in sys.argv)
