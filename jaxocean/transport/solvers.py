"""Linear solvers behind one small interface, differentiable through the adjoint.

``LinearSolver``: ``solve(b)`` returns A^-1 b and ``solve_transpose(b)`` returns A^-T b, both
JAX functions of ``b`` that jit, vmap (over leading axes of b) and differentiate; the gradient
of a solve is a transpose solve (the adjoint), so d(g . A^-1 b)/db = A^-T g.

* ``SparseLU``: a sparse LU factorization on the host, computed once and reused by every
  forward, transpose and adjoint solve (``jax.pure_callback`` + ``jax.custom_vjp``; batched
  right-hand sides under vmap go to the factorization as one multi-RHS solve). Backends:
  Intel MKL PARDISO through the maintained ``pypardiso`` package (nested-dissection ordering,
  ~2x faster than SuperLU on OCIM-sized operators, see benchmarks/RESULTS.md) when it is
  installed (``pip install "jaxocean[fast]"``) and the system is large, else scipy's SuperLU
  with COLAMD ordering (faster below ~1e5 unknowns on 2 cores, where PARDISO's setup dominates).
  The transpose solve reuses the same factors in both (PARDISO ``iparm(12)``, SuperLU
  ``trans='T'``).
* ``IterativeSolver``: Jacobi-preconditioned BiCGSTAB/GMRES from ``jax.scipy.sparse.linalg``
  on a BCOO matrix: runs on any JAX device (GPU) and differentiates through
  ``lax.custom_linear_solve`` (its adjoint is again an iterative transpose solve).
* ``TridiagonalSolver``: a batch of independent tridiagonal systems (one per water column,
  e.g. ``transport.ventilated``), factored once (Thomas elimination vectorized over the
  columns) and solved with two sweeps per right-hand side; its diagonals may be traced arrays,
  so gradients flow to the matrix as well as to ``b``.
"""

from __future__ import annotations

from typing import Protocol

import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from jax.experimental import sparse as jsparse

from jaxocean.core.validate import input_errors, raise_if


class LinearSolver(Protocol):
    n: int

    def solve(self, b): ...

    def solve_transpose(self, b): ...


# Crossover measured with benchmarks/bench_transport.py operators on a 2-core host: SuperLU
# 0.9 / 2.5 / 4.7 s vs PARDISO 2.0 / 2.9 / 4.2 s at 2.2e4 / 4.9e4 / 8.9e4 unknowns.
PARDISO_MIN_UNKNOWNS = 100_000


def pardiso_available() -> bool:
    """Whether the optional PARDISO backend (``pypardiso`` + MKL) can be loaded."""
    try:
        import pypardiso

        pypardiso.PyPardisoSolver()          # loads MKL's mkl_rt
    except (ImportError, OSError):
        return False
    return True


class SparseLU:
    """Sparse LU of a square matrix A (host), wrapped as a differentiable JAX solve.

    ``backend``: ``"auto"`` (PARDISO for systems of at least ``PARDISO_MIN_UNKNOWNS`` when
    ``pypardiso`` is installed, else SuperLU), ``"pardiso"`` or ``"superlu"``; the one in use
    is ``self.backend``.
    """

    def __init__(self, matrix, backend: str = "auto", permc_spec: str = "COLAMD"):
        if backend not in ("auto", "pardiso", "superlu"):
            raise ValueError(f"SparseLU backend must be 'auto', 'pardiso' or 'superlu', got {backend!r}")
        if backend == "auto":
            large = matrix.shape[0] >= PARDISO_MIN_UNKNOWNS
            backend = "pardiso" if large and pardiso_available() else "superlu"
        self.backend = backend
        if backend == "pardiso":
            factors = _PardisoFactors(matrix)
        else:
            factors = _SuperLUFactors(matrix, permc_spec)
        self.n = factors.n
        self.solve, self.solve_transpose = _differentiable_pair(_host(factors, False),
                                                                _host(factors, True))


class _SuperLUFactors:
    """scipy SuperLU factors; ``solve(rhs (n, k), transpose)``."""

    def __init__(self, matrix, permc_spec):
        a = sp.csc_matrix(matrix, dtype=np.float64)
        self.n = a.shape[0]
        self._lu = spla.splu(a, permc_spec=permc_spec)

    def solve(self, rhs, transpose):
        return self._lu.solve(rhs, trans="T" if transpose else "N")


class _PardisoFactors:
    """MKL PARDISO factors (real unsymmetric, ``mtype=11``) through ``pypardiso``.

    pypardiso reuses the stored factorization whenever it is handed the factorized matrix; the
    transpose solve hands it ``A.T``, the CSC view of the same arrays, which pypardiso solves
    with PARDISO's transposed-system flag (``iparm(12)``) on the same factors.
    """

    def __init__(self, matrix):
        import pypardiso

        self._a = sp.csr_matrix(matrix, dtype=np.float64)
        self._a.sort_indices()
        self.n = self._a.shape[0]
        self._solver = pypardiso.PyPardisoSolver(mtype=11)
        self._solver.factorize(self._a)

    def solve(self, rhs, transpose):
        return self._solver.solve(self._a.T if transpose else self._a, np.asfortranarray(rhs))


def _host(factors, transpose: bool):
    """Host callable: b (..., n) -> A^-1 b or A^-T b, as one multi-RHS solve."""

    def run(b):
        b = np.asarray(b)
        rhs = np.ascontiguousarray(b.reshape(-1, factors.n).T, dtype=np.float64)
        x = np.asarray(factors.solve(rhs, transpose)).reshape(factors.n, -1)
        return np.ascontiguousarray(x.T).reshape(b.shape).astype(b.dtype)

    return run


def _differentiable_pair(host_solve, host_solve_t):
    """JAX solve / transpose-solve from host callables; each one's VJP is the other."""

    def call(host, b):
        return jax.pure_callback(host, jax.ShapeDtypeStruct(b.shape, b.dtype), b,
                                 vmap_method="expand_dims")

    @jax.custom_vjp
    def solve(b):
        return call(host_solve, jnp.asarray(b))

    @jax.custom_vjp
    def solve_t(b):
        return call(host_solve_t, jnp.asarray(b))

    solve.defvjp(lambda b: (solve(b), None), lambda _, g: (solve_t(g),))
    solve_t.defvjp(lambda b: (solve_t(b), None), lambda _, g: (solve(g),))
    return solve, solve_t


class IterativeSolver:
    """Jacobi-preconditioned Krylov solve of A x = b with A as a JAX BCOO matrix (any device).

    Every solve reports convergence: unless ``check=False``, a right-hand side with NaN/inf
    or a solution whose relative residual ||A x - b|| / ||b|| exceeds ``check_tol`` (default
    ``max(1e4 tol, 1e-8)``: not converged within ``maxiter``) raises ``InputError``, also
    under jit (one extra matrix-vector product per solve).
    """

    def __init__(self, matrix, method: str = "bicgstab", tol: float = 1e-10, maxiter: int = 2000,
                 *, check: bool = True, check_tol: float | None = None):
        a = sp.csr_matrix(matrix, dtype=np.float64)
        self.check, self.maxiter = check, maxiter
        self.check_tol = max(1e4 * tol, 1e-8) if check_tol is None else check_tol
        self.n = a.shape[0]
        self._a = jsparse.BCOO.from_scipy_sparse(a)
        self._at = jsparse.BCOO.from_scipy_sparse(a.T.tocsr())
        inv_diag = 1.0 / a.diagonal()
        self._inv_diag = jnp.asarray(inv_diag)
        krylov = {"bicgstab": jax.scipy.sparse.linalg.bicgstab,
                  "gmres": jax.scipy.sparse.linalg.gmres}[method]
        self._krylov = lambda op, b: krylov(op, b, tol=tol, atol=0.0, maxiter=maxiter,
                                            M=lambda r: self._inv_diag * r)[0]

    def _run(self, mat, b):
        b = jnp.asarray(b)
        one = lambda v: self._krylov(lambda x: mat @ x, v)  # noqa: E731
        flat = b.reshape(-1, self.n)
        x = jax.vmap(one)(flat)
        if self.check:
            finite = jnp.isfinite(flat).all(axis=-1)
            raise_if(~finite, "IterativeSolver: right-hand side {} has "
                     "NaN or inf values (the source or state fed to the solve)", jnp.arange(flat.shape[0]))
            scale = jnp.maximum(jnp.linalg.norm(flat, axis=-1), jnp.finfo(flat.dtype).tiny)
            rel = jnp.linalg.norm(jax.vmap(lambda v: mat @ v)(x) - flat, axis=-1) / scale
            # only finite right-hand sides: one error per bad row, whatever order the callbacks run in
            raise_if(finite & ~(rel <= self.check_tol), "IterativeSolver: not converged, relative residual "
                     f"{{:.3g}} > {self.check_tol:g} after maxiter={self.maxiter}; raise maxiter or "
                     "use SparseLU", rel)
        return x.reshape(b.shape)

    @input_errors
    def solve(self, b):
        return self._run(self._a, b)

    @input_errors
    def solve_transpose(self, b):
        return self._run(self._at, b)


class TridiagonalSolver:
    """A (n, n) matrix made of independent tridiagonal blocks, held as padded diagonals.

    ``dl``, ``d``, ``du`` (ncol, m): sub-, main and super-diagonal of each block (LAPACK gtsv
    convention: ``dl[:, 0] = du[:, -1] = 0``); padding rows have a nonzero diagonal, zero
    off-diagonals and a zero right-hand side. ``position`` (n,): where each entry of a length-n
    vector sits in the flattened (ncol, m) padding. The diagonals may be JAX tracers (gradients
    reach them through the solve).

    Thomas algorithm without pivoting (stable for the diagonally dominant blocks of a transport
    operator, -A and I - dt A), vectorized over the blocks: the elimination is factored once
    here for A and for A^T (pivots den_k = d_k - dl_k c_k-1, c_k = du_k / den_k), and every solve
    is a sweep down and a sweep up the m rows (``lax.scan``), each row one vector operation
    over all blocks and right-hand sides, so repeated solves (time steps, members under vmap)
    reuse the factors.
    """

    def __init__(self, dl, d, du, position):
        dl, d, du = (jnp.asarray(x).T for x in (dl, d, du))                  # (m, ncol)
        zero = jnp.zeros_like(d[:1])
        self._factors = _thomas_factor(dl, d, du)
        self._factors_t = _thomas_factor(jnp.concatenate([zero, du[:-1]]), d, jnp.concatenate([dl[1:], zero]))
        m, ncol = d.shape
        c, k = np.divmod(np.asarray(position), m)
        self._pos = jnp.asarray(k * ncol + c)                               # in the (m, ncol) layout
        self._shape = (m, ncol)
        self.n = int(np.size(position))

    def _run(self, factors, b):
        b = jnp.asarray(b)
        m, ncol = self._shape
        flat = b.reshape(-1, self.n)
        pad = jnp.zeros((m * ncol, flat.shape[0]), b.dtype).at[self._pos].set(flat.T)
        x = _thomas_solve(factors, pad.reshape(m, ncol, -1))
        return x.reshape(m * ncol, -1)[self._pos].T.reshape(b.shape)

    def solve(self, b):
        return self._run(self._factors, b)

    def solve_transpose(self, b):
        return self._run(self._factors_t, b)


def _thomas_factor(dl, d, du):
    """(dl, den, c) of the Thomas elimination of tridiagonal systems with diagonals (m, ncol)."""
    def row(c_prev, x):
        a, dd, u = x
        den = dd - a * c_prev
        return u / den, (den, u / den)

    _, (den, c) = jax.lax.scan(row, jnp.zeros_like(d[0]), (dl, d, du))
    return dl, den, c


def _thomas_solve(factors, rhs):
    """x (m, ncol, k) solving the factored systems for ``rhs`` (m, ncol, k)."""
    dl, den, c = factors

    def down(y_prev, x):
        a, dd, r = x
        y = (r - a[:, None] * y_prev) / dd[:, None]
        return y, y

    def up(x_next, x):
        cc, y = x
        x_k = y - cc[:, None] * x_next
        return x_k, x_k

    _, y = jax.lax.scan(down, jnp.zeros_like(rhs[0]), (dl, den, rhs))
    _, x = jax.lax.scan(up, jnp.zeros_like(rhs[0]), (c, y), reverse=True)
    return x
