"""Optimiser and Laplace approximation on problems with known answers.

A straight line with Gaussian errors: the least-squares solution and its covariance
(X^T W X)^-1 are exact, so the fit and the Laplace approximation must match them.
"""

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.calibrate import (FreeParameters, Observations, Problem, fit, fit_restarts,
                                identifiability, laplace)


class Line(eqx.Module):
    a: float = 0.0
    b: float = 0.0


class Decay(eqx.Module):
    f0: float = 10.0     # flux at 100 m
    k: float = 1e-3      # m-1
    b: float = 0.9       # Martin exponent


def line(p, x):
    return p.a + p.b * x


def decay(p, z):
    return p.f0 * (z / 100.0) ** (-p.b) * jnp.exp(-p.k * (z - 100.0))


X = jnp.linspace(-1.0, 2.0, 15)
SIG = 0.3
Y = 1.5 - 0.7 * X + SIG * jnp.asarray(np.random.default_rng(3).normal(size=15))


@pytest.fixture(scope="module")
def line_problem():
    free = FreeParameters.select(Line(), ("a", "b"))
    return Problem(line, X, free, Observations.gaussian(np.asarray(Y), SIG))


def test_lbfgs_and_laplace_match_weighted_least_squares(line_problem):
    res = fit(line_problem)
    design = np.stack([np.ones(15), np.asarray(X)], 1)
    cov = np.linalg.inv(design.T @ design / SIG ** 2)
    beta = cov @ design.T @ np.asarray(Y) / SIG ** 2
    np.testing.assert_allclose(np.asarray(res.theta), beta, rtol=1e-7)
    lap = laplace(line_problem, res.u)
    np.testing.assert_allclose(np.asarray(lap.cov), cov, rtol=1e-8)
    np.testing.assert_allclose(float(lap.corr[0, 1]), cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1]), rtol=1e-8)
    # history: finite up to n_steps, NaN after the early stop
    n = int(res.n_steps)
    assert bool(res.converged) and n < 500
    assert np.all(np.isfinite(res.loss_history[:n])) and np.all(np.isnan(res.loss_history[n:]))


def test_adam_reduces_loss_and_keeps_best(line_problem):
    res = fit(line_problem, method="adam", learning_rate=0.1, max_steps=300)
    assert float(res.loss) <= float(np.nanmin(res.loss_history)) + 1e-12
    best = float(fit(line_problem).loss)     # ~14.2 = 0.5 chi-square of 15 noisy points
    assert best <= float(res.loss) < 1.01 * best < 0.2 * float(res.loss_history[0])


def test_delta_method_for_log_parameters():
    z = jnp.linspace(100.0, 3000.0, 30)
    truth = Decay(12.0, 5e-4, 0.8)
    y = np.asarray(decay(truth, z))
    prob = Problem(decay, z, FreeParameters.select(Decay(), ("f0", "k", "b")), Observations.lognormal(y, 0.1))
    res = fit(prob)
    np.testing.assert_allclose(np.asarray(res.theta), [12.0, 5e-4, 0.8], rtol=1e-6)
    lap = laplace(prob, res.u)
    # log transform: se(theta) = theta * sd(u)
    np.testing.assert_allclose(np.asarray(lap.se), np.asarray(lap.theta) * np.sqrt(np.diag(lap.cov_u)), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(lap.ci_low), np.asarray(lap.theta) * np.exp(-2 * np.sqrt(np.diag(lap.cov_u))),
                               rtol=1e-12)


def test_gradient_against_finite_differences():
    z = jnp.linspace(100.0, 3000.0, 30)
    y = np.asarray(decay(Decay(12.0, 5e-4, 0.8), z)) * 1.1
    prob = Problem(decay, z, FreeParameters.select(Decay(), ("f0", "k", "b")), Observations.lognormal(y, 0.1))
    u = prob.free.initial()
    g = np.asarray(jax.grad(prob.loss)(u))
    h = 1e-6
    fd = np.array([(prob.loss(u.at[i].add(h)) - prob.loss(u.at[i].add(-h))) / (2 * h) for i in range(3)])
    np.testing.assert_allclose(g, fd, rtol=1e-6)


def test_restarts_find_the_same_optimum_and_report_spread():
    z = jnp.linspace(100.0, 3000.0, 30)
    y = np.asarray(decay(Decay(12.0, 5e-4, 0.8), z))
    prob = Problem(decay, z, FreeParameters.select(Decay(), ("f0", "k", "b")), Observations.lognormal(y, 0.1))
    rs = fit_restarts(prob, jax.random.key(0), 6, scale=0.5)
    assert rs.fits.theta.shape == (6, 3)
    np.testing.assert_allclose(np.asarray(rs.best.theta), [12.0, 5e-4, 0.8], rtol=1e-6)
    assert int(rs.n_near_best) >= 4
    assert np.all(np.asarray(rs.spread) < 1e-4 * np.array([12.0, 5e-4, 0.8]))


def test_identifiability_flags_a_ratio_only_model():
    class Ratio(eqx.Module):
        k: float = 0.1
        w: float = 100.0

    z = jnp.linspace(100.0, 2000.0, 20)
    fwd = lambda p, z: jnp.exp(-p.k / p.w * z)  # noqa: E731
    prob = Problem(fwd, z, FreeParameters.select(Ratio(), ("k", "w")),
                   Observations.lognormal(np.asarray(fwd(Ratio(), z)), 0.1))
    lap = laplace(prob, prob.free.initial())
    notes = identifiability(lap, prob.free.labels)
    assert any("k and w are not separately identifiable" in n for n in notes)
    assert any("condition number" in n for n in notes)


def test_non_finite_loss_stops_without_converging():
    fwd = lambda p, x: jnp.sqrt(p.a - 5.0) + p.b * x  # noqa: E731  NaN for a < 5
    free = FreeParameters.select(Line(a=2.0, b=1.0), ("a", "b"))
    res = fit(Problem(fwd, X, free, Observations.gaussian(np.asarray(Y), SIG)))
    assert not bool(res.converged) and int(res.n_steps) == 1
