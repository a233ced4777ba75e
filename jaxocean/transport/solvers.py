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

import functools
import os
import threading
import weakref
from typing import Protocol

import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from jax.experimental import sparse as jsparse

from jaxocean.core.validate import InputError, check_last_axis, input_errors, raise_if


class LinearSolver(Protocol):
    n: int

    def solve(self, b): ...

    def solve_transpose(self, b): ...


# Crossover measured with benchmarks/bench_transport.py operators on a 2-core host: SuperLU
# 0.9 / 2.5 / 4.7 s vs PARDISO 2.0 / 2.9 / 4.2 s at 2.2e4 / 4.9e4 / 8.9e4 unknowns.
PARDISO_MIN_UNKNOWNS = 100_000


@functools.cache
def _mkl_rt() -> str | None:
    """Path of the MKL runtime pypardiso loads (None without pypardiso / MKL). Found once:
    pypardiso's own search runs ``ctypes.util.find_library`` (an ``ldconfig`` subprocess,
    0.3-1 s) for every solver it creates."""
    try:
        import pypardiso

        return pypardiso.PyPardisoSolver().libmkl._name
    except (ImportError, OSError):
        return None


def pardiso_available() -> bool:
    """Whether the optional PARDISO backend (``pypardiso`` + MKL) can be loaded."""
    return _mkl_rt() is not None


def _pardiso_solver():
    """A new pypardiso handle on the MKL found by :func:`_mkl_rt` (through pypardiso's
    ``PYPARDISO_MKL_RT`` setting, restored afterwards)."""
    import pypardiso

    key, before = "PYPARDISO_MKL_RT", os.environ.get("PYPARDISO_MKL_RT")
    os.environ[key] = _mkl_rt()
    try:
        return pypardiso.PyPardisoSolver(mtype=11)
    finally:
        if before is None:
            del os.environ[key]
        else:
            os.environ[key] = before


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
        if backend == "pardiso" and not pardiso_available():
            raise ImportError('SparseLU backend "pardiso" needs pypardiso and MKL: '
                              'pip install "jaxocean[fast]" (or use backend="superlu")')
        self.backend = backend
        if backend == "pardiso":
            factors = _PardisoFactors(matrix)
        else:
            factors = _SuperLUFactors(matrix, permc_spec)
        self.n = factors.n
        self.solve, self.solve_transpose = _differentiable_pair(_host(factors, False),
                                                                _host(factors, True), self.n)


class _SuperLUFactors:
    """scipy SuperLU factors; ``solve(rhs (n, k), transpose)``."""

    def __init__(self, matrix, permc_spec):
        a = sp.csc_matrix(matrix, dtype=np.float64)
        self.n = a.shape[0]
        self._lu = spla.splu(a, permc_spec=permc_spec)

    def solve(self, rhs, transpose):
        return self._lu.solve(rhs, trans="T" if transpose else "N")


class _PardisoFactors:
    """MKL PARDISO factors of a real unsymmetric matrix (``mtype=11``) through pypardiso's MKL
    binding, with the phases called directly: analysis + factorization once (phase 12),
    then every solve is phase 33 on the stored factors, without pypardiso's per-call matrix
    checks and comparisons. The transposed solve uses the same factors (``iparm(12) = 2``:
    A^T x = b).

    Settings: MKL's defaults for mtype 11 (METIS nested-dissection ordering ``iparm(2) = 2``,
    weighted matching and scaling ``iparm(11) = iparm(13) = 1``, pivot perturbation 1e-13
    ``iparm(10) = 13``) except iterative refinement, which runs only when pivots were perturbed
    (``iparm(8) = 0``; the default's two steps triple the cost of every solve and change
    the transport solutions by ~1e-12 relative). Solves on one handle are serialized (lock).
    MKL threads follow ``MKL_NUM_THREADS`` (default: all cores); on an oversubscribed host
    (load 10 on 2 cores) ``MKL_NUM_THREADS=1`` or ``KMP_BLOCKTIME=0`` measured 10-40% faster.
    Tried and not kept (2e5-box operator): parallel METIS (``iparm(2) = 3``), no matching or
    scaling, structurally symmetric ``mtype=1`` (within the noise), single-precision factors
    (``iparm(28) = 1``: NaN), an ordering of whole water columns (slower), reusing one
    ordering for -A and I - dt A (analysis halved, factorization slower: ~8% net).
    """

    def __init__(self, matrix):
        a = sp.csr_matrix(matrix, dtype=np.float64, copy=True)   # PARDISO keeps reading A's values
        a.sort_indices()
        if not np.diff(a.indptr).all():        # PARDISO crashes on an empty row
            raise InputError("SparseLU: the matrix has an empty row (singular)")
        self.n = a.shape[0]
        self._a = a
        self._lock = threading.Lock()
        solver = _pardiso_solver()
        solver.iparm[:] = 0
        for i, v in {1: 1, 2: 2, 8: 0, 10: 13, 11: 1, 13: 1}.items():   # 1-based iparm(i)
            solver.iparm[i - 1] = v
        self._solver = solver
        self._run(12, np.zeros((self.n, 1)))
        weakref.finalize(self, solver.free_memory, everything=True)    # MKL's memory, on collection

    def _run(self, phase, rhs):
        self._solver.set_phase(phase)
        return self._solver._call_pardiso(self._a, rhs)

    def solve(self, rhs, transpose):
        with self._lock:
            self._solver.iparm[11] = 2 if transpose else 0
            return self._run(33, np.asfortranarray(rhs))


def _host(factors, transpose: bool):
    """Host callable: b (..., n) -> A^-1 b or A^-T b, as one multi-RHS solve (column-major
    right-hand sides, PARDISO's layout, without a copy for float64)."""

    def run(b):
        b = np.asarray(b)
        rhs = np.asfortranarray(b.reshape(-1, factors.n).T, dtype=np.float64)
        x = np.asarray(factors.solve(rhs, transpose)).reshape(factors.n, -1)
        return np.ascontiguousarray(x.T).reshape(b.shape).astype(b.dtype)

    return run


def _differentiable_pair(host_solve, host_solve_t, n: int):
    """JAX solve / transpose-solve from host callables; each one's VJP is the other. The last
    axis of b must be the n unknowns (a static check, so also under jit)."""

    def call(host, b):
        check_last_axis("b (right-hand side)", b, n, f"the {n} unknowns of the factorized matrix")
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
        check_last_axis("b (right-hand side)", b, self.n, f"the {self.n} unknowns of the matrix")
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
        m, ncol = d.shape
        pos = np.asarray(position)
        if pos.ndim != 1 or not np.issubdtype(pos.dtype, np.integer):
            raise InputError(f"position: expected a 1-D integer index, got {pos.dtype} shape {pos.shape}")
        bad = np.flatnonzero((pos < 0) | (pos >= m * ncol))
        if bad.size:        # JAX would clamp these gathers / drop the scatters silently
            raise InputError(f"position: value {int(pos[bad[0]])} at index ({int(bad[0])},) is "
                             f"outside the padded blocks 0..{m * ncol - 1}")
        if np.unique(pos).size != pos.size:
            raise InputError("position: repeated entries (two unknowns in one padded slot)")
        zero = jnp.zeros_like(d[:1])
        self._factors = _thomas_factor(dl, d, du)
        self._factors_t = _thomas_factor(jnp.concatenate([zero, du[:-1]]), d, jnp.concatenate([dl[1:], zero]))
        c, k = np.divmod(pos, m)
        self._pos = jnp.asarray(k * ncol + c)                               # in the (m, ncol) layout
        self._shape = (m, ncol)
        self.n = pos.size

    def _run(self, factors, b):
        b = jnp.asarray(b)
        check_last_axis("b (right-hand side)", b, self.n, f"the {self.n} unknowns of the blocks")
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
