"""Trap-flux model: twin experiments (noise-free recovery, 2-sigma coverage of 50 replicate
fits in one jitted vmap), finite-difference gradient check, and the host-side helpers."""

import equinox as eqx
import jax
import numpy as np
import pytest

from jaxocean.calibrate import FreeParameters, Observations, Problem, fit, laplace
from jaxocean.calibrate.models.traps import (TrapFluxParams, exponential_thermocline, nearest_cell,
                                             predict, trap_data)
from jaxocean.calibrate.replicates import coverage, fit_replicates
from jaxocean.core.validate import InputError

Z = np.array([0, 100, 200, 400, 700, 1000, 1500, 2000, 3000, 4000, 5000], float)
FREE = ("poc.q10", "poc.w_sink", "pic.b", "pic_poc")


def synthetic(n=80, seed=0):
    rng = np.random.default_rng(seed)
    export = rng.uniform(20, 200, n)
    depth = rng.uniform(120, 4500, n)
    is_pic = np.arange(n) % 2 == 0
    temp = exponential_thermocline(rng.uniform(2, 28, n), Z)
    return trap_data(export, depth, is_pic, Z, {"temperature": temp})


TRUTH = TrapFluxParams(pic_poc=0.08)
TRUTH = eqx.tree_at(lambda p: (p.poc.q10, p.poc.w_sink, p.pic.b), TRUTH, (2.5, 150.0, 0.35))
TRUE_THETA = np.array([2.5, 150.0, 0.35, 0.08])


@pytest.fixture(scope="module")
def data():
    return synthetic()


def problem_for(data, values, sigma_ln=0.2):
    start = TrapFluxParams()   # q10 2, w_sink 787, b 0.858, pic_poc 0.1
    return Problem(predict, data, FreeParameters.select(start, FREE), Observations.lognormal(values, sigma_ln))


def test_noise_free_recovery(data):
    y = np.asarray(predict(TRUTH, data))
    res = fit(problem_for(data, y))
    np.testing.assert_allclose(np.asarray(res.theta), TRUE_THETA, rtol=1e-2)
    assert bool(res.converged) and float(res.loss) < 1e-8


def test_gradient_matches_finite_differences(data):
    y = np.asarray(predict(TRUTH, data)) * np.exp(0.1 * np.random.default_rng(1).normal(size=data.depth.size))
    prob = problem_for(data, y)
    u = prob.free.initial() + 0.1
    loss = jax.jit(Problem.loss)
    g = np.asarray(jax.jit(jax.grad(Problem.loss, argnums=1))(prob, u))
    h = 1e-6
    fd = np.array([(loss(prob, u.at[i].add(h)) - loss(prob, u.at[i].add(-h))) / (2 * h) for i in range(u.size)])
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6 * np.abs(fd).max())


def test_two_sigma_coverage_of_50_replicates(data):
    sigma = 0.2
    y = np.asarray(predict(TRUTH, data))
    noise = np.random.default_rng(42).normal(size=(50, y.size))
    values = y * np.exp(sigma * noise)
    prob = problem_for(data, y, sigma)
    fits, lap = fit_replicates(prob, values, prob.free.unconstrained(TRUE_THETA * 1.2))
    assert np.all(np.asarray(fits.converged))
    cov = np.asarray(coverage(lap, TRUE_THETA))
    assert np.all(cov >= 0.9), cov
    # the reported standard errors match the spread of the 50 estimates (within sampling error)
    ratio = np.asarray(fits.theta).std(0) / np.asarray(lap.se).mean(0)
    assert np.all((ratio > 0.7) & (ratio < 1.4)), ratio


def test_laplace_flags_k1_wsink_degeneracy(data):
    from jaxocean.calibrate import identifiability

    y = np.asarray(predict(TRUTH, data))
    prob = Problem(predict, data, FreeParameters.select(TRUTH, ("poc.k1", "poc.w_sink", "poc.q10")),
                   Observations.lognormal(y, 0.2))
    lap = laplace(prob, prob.free.initial())
    assert float(lap.corr[0, 1]) > 0.999
    notes = identifiability(lap, prob.free.labels)
    assert any("poc.k1 and poc.w_sink" in n for n in notes)


def test_nearest_cell_wraps_longitude_and_fills_coast():
    lat = np.array([1.5, 0.5, -0.5])
    lon = np.array([-179.5, -178.5, 178.5, 179.5])
    v = np.arange(12.0).reshape(3, 4)
    v[1, 0] = np.nan
    got = nearest_cell(v, lat, lon, [1.4, -0.6, 0.4], [180.2, 179.2, -179.6])
    np.testing.assert_array_equal(got[:2], [0.0, 11.0])
    assert got[2] in (4.0, 7.0, 0.0, 3.0, 8.0, 11.0)  # nearest finite neighbour of the NaN cell
    # across the dateline: the adjacent cell east (-179.5), not one two cells west (177.5)
    lon1 = np.arange(-179.5, 180.0)
    row = np.full((3, 360), np.nan)
    row[1, 0], row[1, 357] = 1.0, 2.0                 # -179.5 (1 cell east), 177.5 (2 cells west)
    assert nearest_cell(row, lat, lon1, [0.4], [179.6])[0] == 1.0


def test_trap_data_rejects_bad_input():
    with pytest.raises(InputError, match="depth"):
        trap_data([1.0, 2.0], [100.0, -5.0], [True, False], Z)
    with pytest.raises(InputError, match="temperature"):
        trap_data([1.0, 2.0], [100.0, 200.0], [True, False], Z, {"temperature": np.zeros((2, 3))})
