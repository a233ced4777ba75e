import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.sparse as sp

from jaxocean.transport import IterativeSolver, SparseLU
from jaxocean.transport.solvers import PARDISO_MIN_UNKNOWNS, pardiso_available

BACKENDS = ["superlu", pytest.param("pardiso", marks=pytest.mark.skipif(
    not pardiso_available(), reason="optional pypardiso/MKL not installed"))]


@pytest.fixture(scope="module")
def system():
    rng = np.random.default_rng(0)
    n = 40
    a = sp.random(n, n, density=0.1, random_state=1) + sp.identity(n) * 4.0
    return a.tocsc(), rng.standard_normal(n), rng.standard_normal((3, n))


@pytest.mark.parametrize("backend", BACKENDS)
def test_lu_solve_and_transpose(system, backend):
    a, b, _ = system
    lu = SparseLU(a, backend=backend)
    assert lu.backend == backend
    dense = a.toarray()
    np.testing.assert_allclose(lu.solve(b), np.linalg.solve(dense, b), rtol=1e-12)
    np.testing.assert_allclose(lu.solve_transpose(b), np.linalg.solve(dense.T, b), rtol=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
def test_lu_jit_vmap_and_adjoint_gradient(system, backend):
    a, b, bs = system
    lu = SparseLU(a, backend=backend)
    dense = a.toarray()
    np.testing.assert_allclose(jax.jit(jax.vmap(lu.solve))(bs), np.linalg.solve(dense, bs.T).T, rtol=1e-12)
    w = jnp.linspace(0.0, 1.0, a.shape[0])
    loss = lambda x: jnp.sum(w * lu.solve(x) ** 2)          # noqa: E731
    g = jax.jit(jax.grad(loss))(b)
    x = np.linalg.solve(dense, b)
    np.testing.assert_allclose(g, np.linalg.solve(dense.T, 2 * np.asarray(w) * x), rtol=1e-11)
    gv = jax.vmap(jax.grad(loss))(bs)                       # vmap of the adjoint
    np.testing.assert_allclose(gv[1], jax.grad(loss)(bs[1]), rtol=1e-12)


def test_iterative_matches_lu_including_gradient(system):
    a, b, _ = system
    lu, it = SparseLU(a), IterativeSolver(a, method="bicgstab", tol=1e-12)
    np.testing.assert_allclose(it.solve(b), lu.solve(b), rtol=1e-8)
    np.testing.assert_allclose(it.solve_transpose(b), lu.solve_transpose(b), rtol=1e-8)
    loss = lambda s: lambda x: jnp.sum(s.solve(x) ** 3)    # noqa: E731
    np.testing.assert_allclose(jax.grad(loss(it))(b), jax.grad(loss(lu))(b), rtol=1e-6)


def test_auto_backend_and_bad_backend(system):
    a, b, _ = system
    assert SparseLU(a).backend == "superlu"                    # small: SuperLU is faster
    big = sp.identity(PARDISO_MIN_UNKNOWNS, format="csc") * 2.0
    lu = SparseLU(big)
    assert lu.backend == ("pardiso" if pardiso_available() else "superlu")
    np.testing.assert_allclose(lu.solve(jnp.ones(PARDISO_MIN_UNKNOWNS)), 0.5)
    with pytest.raises(ValueError, match="backend"):
        SparseLU(a, backend="umfpack")


@pytest.mark.parametrize("backend", BACKENDS)
def test_lu_float32_rhs_keeps_dtype(system, backend):
    a, b, _ = system
    x = SparseLU(a, backend=backend).solve(jnp.asarray(b, jnp.float32))
    assert x.dtype == jnp.float32
    np.testing.assert_allclose(x, np.linalg.solve(a.toarray(), b), rtol=1e-5)
