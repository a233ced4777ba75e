import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.sparse as sp

from jaxocean.transport import IterativeSolver, SparseLU


@pytest.fixture(scope="module")
def system():
    rng = np.random.default_rng(0)
    n = 40
    a = sp.random(n, n, density=0.1, random_state=1) + sp.identity(n) * 4.0
    return a.tocsc(), rng.standard_normal(n), rng.standard_normal((3, n))


def test_lu_solve_and_transpose(system):
    a, b, _ = system
    lu = SparseLU(a)
    dense = a.toarray()
    np.testing.assert_allclose(lu.solve(b), np.linalg.solve(dense, b), rtol=1e-12)
    np.testing.assert_allclose(lu.solve_transpose(b), np.linalg.solve(dense.T, b), rtol=1e-12)


def test_lu_jit_vmap_and_adjoint_gradient(system):
    a, b, bs = system
    lu = SparseLU(a)
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
