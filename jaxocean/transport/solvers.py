"""Linear solvers behind one small interface, differentiable through the adjoint.

``LinearSolver``: ``solve(b)`` returns A^-1 b and ``solve_transpose(b)`` returns A^-T b, both
JAX functions of ``b`` that jit, vmap (over leading axes of b) and differentiate; the gradient
of a solve is a transpose solve (the adjoint), so d(g . A^-1 b)/db = A^-T g.

* ``SparseLU``: scipy SuperLU factorization on the host, computed once and reused by every
  forward, transpose and adjoint solve (``jax.pure_callback`` + ``jax.custom_vjp``; batched
  right-hand sides under vmap go to SuperLU as one multi-RHS solve).
* ``IterativeSolver``: Jacobi-preconditioned BiCGSTAB/GMRES from ``jax.scipy.sparse.linalg``
  on a BCOO matrix: runs on any JAX device (GPU) and differentiates through
  ``lax.custom_linear_solve`` (its adjoint is again an iterative transpose solve).
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


class SparseLU:
    """Sparse LU of a square matrix A (host, SuperLU), wrapped as a differentiable JAX solve."""

    def __init__(self, matrix, permc_spec: str = "COLAMD"):
        a = sp.csc_matrix(matrix, dtype=np.float64)
        self.n = a.shape[0]
        self._lu = spla.splu(a, permc_spec=permc_spec)
        self.solve, self.solve_transpose = _differentiable_pair(self._host(False), self._host(True))

    def _host(self, transpose: bool):
        trans = "T" if transpose else "N"

        def run(b):
            b = np.asarray(b)
            rhs = np.ascontiguousarray(b.reshape(-1, self.n).T, dtype=np.float64)
            x = self._lu.solve(rhs, trans=trans)
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
            raise_if(~jnp.isfinite(flat).all(axis=-1), "IterativeSolver: right-hand side {} has "
                     "NaN or inf values (the source or state fed to the solve)", jnp.arange(flat.shape[0]))
            scale = jnp.maximum(jnp.linalg.norm(flat, axis=-1), jnp.finfo(flat.dtype).tiny)
            rel = jnp.linalg.norm(jax.vmap(lambda v: mat @ v)(x) - flat, axis=-1) / scale
            raise_if(~(rel <= self.check_tol), "IterativeSolver: not converged, relative residual "
                     f"{{:.3g}} > {self.check_tol:g} after maxiter={self.maxiter}; raise maxiter or "
                     "use SparseLU", rel)
        return x.reshape(b.shape)

    @input_errors
    def solve(self, b):
        return self._run(self._a, b)

    @input_errors
    def solve_transpose(self, b):
        return self._run(self._at, b)
