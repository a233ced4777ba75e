"""Every index and shape a user hands to the transport package is checked: a source shorter or
longer than the operator, a swapped grid, bad solver positions -> InputError naming the input,
also inside jit (JAX would otherwise clamp out-of-range gathers and return a wrong number)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.sparse as sp

from jaxocean.core.validate import InputError
from jaxocean.transport import (IterativeSolver, SparseLU, TridiagonalSolver, carbon_gtc, column_total,
                                export_gtc_per_year, fraction_remaining, sequestration_origin, steady_state,
                                transient)
from jaxocean.transport import solvers
from jaxocean.transport.regrid import conservative_regrid


@pytest.mark.parametrize("delta", [-300, -1, 1])
def test_sources_shorter_or_longer_than_the_operator(basin, basin_model, delta):
    n = basin.n
    bad = jnp.ones(n + delta)
    head = f"last axis must be the operator's {n} wet boxes, got shape "
    msg = head + f"\\({n + delta},\\)"
    for call in (lambda s: steady_state(basin_model, s),
                 lambda s: sequestration_origin(basin_model, s),
                 lambda s: carbon_gtc(basin, s),
                 lambda s: column_total(basin, s)):
        with pytest.raises(InputError, match=msg):
            call(bad)
        with pytest.raises(InputError, match=msg):
            jax.jit(call)(bad)                                   # the user's own jit
    with pytest.raises(InputError, match="sources: " + head + f"\\(3, {n + delta}\\)"):
        jax.jit(lambda s: transient(basin_model, s))(jnp.ones((3, n + delta)))
    with pytest.raises(InputError, match="c0: " + msg):
        transient(basin_model, jnp.ones((3, n)), c0=bad)
    with pytest.raises(InputError, match=r"sources: expected \(time"):
        transient(basin_model, jnp.ones(n))
    with pytest.raises(InputError, match="c_interior: last axis must be"):
        basin_model.scatter(jnp.ones(basin.interior.size + delta))


def test_solver_right_hand_sides_and_positions():
    n = 40
    a = (sp.random(n, n, density=0.1, random_state=1) + sp.identity(n) * 4.0).tocsc()
    b2 = jnp.ones(2 * n)            # reshapes to two right-hand sides: silently wrong without the check
    for solver in (SparseLU(a), IterativeSolver(a)):
        with pytest.raises(InputError, match=rf"b \(right-hand side\): last axis must be the {n} unknowns"):
            solver.solve(b2)
        with pytest.raises(InputError, match="right-hand side"):
            jax.jit(solver.solve_transpose)(b2[:-1])
    d = jnp.full((2, 3), 2.0)
    z = jnp.zeros((2, 3))
    ok = TridiagonalSolver(z, d, z, np.array([0, 1, 3, 4]))
    np.testing.assert_allclose(ok.solve(jnp.ones(4)), 0.5)
    with pytest.raises(InputError, match=r"position: value 6 at index \(3,\) is outside the padded blocks 0..5"):
        TridiagonalSolver(z, d, z, np.array([0, 1, 3, 6]))
    with pytest.raises(InputError, match="position: repeated entries"):
        TridiagonalSolver(z, d, z, np.array([0, 1, 1, 4]))
    with pytest.raises(InputError, match="last axis must be the 4 unknowns"):
        ok.solve(jnp.ones(5))


def test_regrid_grids_and_fields_checked():
    lat, lon = np.arange(-75.0, 76, 30.0), np.arange(15.0, 360, 30.0)       # 6 x 12
    wet = np.ones((6, 12), bool)
    area = np.cos(np.deg2rad(lat))[:, None] * np.ones((1, 12))
    rg = conservative_regrid(lat, lon, area, lat, lon, area, wet)
    f = jnp.ones((6, 12))
    np.testing.assert_allclose(rg.density(f), 1.0, rtol=1e-12)              # identity grid
    with pytest.raises(InputError, match=r"field: expected \(\.\.\., lat 6, lon 12\) .* got shape \(6, 11\)"):
        rg.density(f[:, :-1])
    with pytest.raises(InputError, match=r"lat and lon swapped\?"):
        jax.jit(rg.density)(f.T)
    with pytest.raises(InputError, match="amount: expected"):
        rg.mass(jnp.ones((5, 12)))
    with pytest.raises(InputError, match=r"src_area: expected shape \(6, 12\)"):
        conservative_regrid(lat, lon, area[:, :5], lat, lon, area, wet)


def test_flux_map_and_pulse_length_checked(basin, basin_model):
    ny, nx = basin.shape3d[:2]
    with pytest.raises(InputError, match=rf"flux_mg_m2_d: expected \(\.\.\., lat {ny}, lon {nx}\)"):
        export_gtc_per_year(basin, jnp.ones((nx, ny)))
    with pytest.raises(InputError, match="years: 0.4 is shorter than one step"):
        fraction_remaining(basin_model, 0.4)


def test_pardiso_absent_falls_back_to_superlu(monkeypatch):
    """Force the optional package away: auto picks SuperLU, an explicit request says what to do."""
    import sys

    monkeypatch.setitem(sys.modules, "pypardiso", None)          # import pypardiso -> ImportError
    assert solvers._mkl_rt.__wrapped__() is None
    monkeypatch.setattr(solvers, "_mkl_rt", lambda: None)
    big = sp.identity(solvers.PARDISO_MIN_UNKNOWNS, format="csc") * 4.0
    lu = SparseLU(big)
    assert lu.backend == "superlu"
    np.testing.assert_allclose(lu.solve_transpose(jnp.ones(big.shape[0])), 0.25)
    with pytest.raises(ImportError, match=r'pip install "jaxocean\[fast\]"'):
        SparseLU(big, backend="pardiso")


def test_non_finite_sources_and_bad_arguments_are_refused(basin, basin_model):
    """Found by experiments/audit_reliability.py: a NaN source solved to zeros, a vector of
    years crashed with a TypeError, latitudes beyond +-90 gave NaN regrid weights."""
    bad = jnp.ones(basin.n).at[3].set(jnp.nan)
    with pytest.raises(InputError, match="source: non-finite value nan"):
        steady_state(basin_model, bad)
    with pytest.raises(Exception, match="source: non-finite value inf"):
        jax.jit(lambda s: steady_state(basin_model, s))(bad.at[3].set(jnp.inf))
    with pytest.raises(InputError, match="sources: non-finite value nan"):
        transient(basin_model, jnp.stack([jnp.ones(basin.n), bad]))
    good = steady_state(basin_model, jnp.ones(basin.n))
    assert np.all(np.isfinite(good)) and float(good.sum()) > 0
    with pytest.raises(InputError, match=r"years: expected one duration in years, got shape \(2,\)"):
        fraction_remaining(basin_model, jnp.array([-5.0, 10.0]))
    lat, lon = np.linspace(-87.5, 87.5, 36), np.linspace(2.5, 357.5, 72)
    a = np.ones((36, 72))
    with pytest.raises(InputError, match=r"src_lat: -175.0 is not a latitude \(expected degrees_north"):
        conservative_regrid(2 * lat, lon, a, lat, lon, a, a > 0)
