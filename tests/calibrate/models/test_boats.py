"""BOATS regional fit: noise-free twin recovery of two parameters on a 4-cell, 3-year run;
gradients through the checkpointed scan equal to those of the plain scan."""

import equinox as eqx
import jax
import numpy as np
import pytest

from jaxocean.boats import BoatsParams, FishingParams
from jaxocean.calibrate import FreeParameters, Observations, Problem, fit
from jaxocean.calibrate.models.boats import predict, read_lme_catch, regional_run
from jaxocean.core.validate import InputError

TRUTH = BoatsParams(fishing=FishingParams(enabled=1.0))
FREE = ("te", "fishing.catchability")


def forcing(nc=4, seed=0):
    rng = np.random.default_rng(seed)
    season = np.sin(np.linspace(0, 2 * np.pi, 12, endpoint=False))[:, None]
    npp = (3e-4 + 1.5e-4 * season) * rng.uniform(0.5, 1.5, nc)[None]      # mmolC m-2 s-1
    temp = 12 + 4 * season + rng.uniform(-4, 8, nc)[None]                  # degC
    return npp, temp


@pytest.fixture(scope="module")
def data():
    npp, temp = forcing()
    return regional_run(npp, temp, np.full(4, 1e10), np.array([0, 0, 1, 1]), years=3, effort0=1e-2)


def problem_for(data, y):
    start = eqx.tree_at(lambda p: (p.te, p.fishing.catchability), TRUTH,
                        (0.1, TRUTH.fishing.catchability * 1.5))
    return Problem(predict, data, FreeParameters.select(start, FREE), Observations.lognormal(y, 0.1))


def test_noise_free_twin_recovery(data):
    y = np.asarray(jax.jit(predict)(TRUTH, data))
    assert np.all(y > 1.0)   # tonnes per year: a real fishery in both regions
    res = fit(problem_for(data, y), max_steps=100)
    np.testing.assert_allclose(np.asarray(res.theta), [TRUTH.te, TRUTH.fishing.catchability], rtol=1e-2)


def test_checkpointed_gradient_equals_plain_scan(data):
    """jax.checkpoint changes memory, not numbers (finite-difference checks: test_traps, test_fit_laplace)."""
    y = np.asarray(jax.jit(predict)(TRUTH, data)) * 1.3
    prob = problem_for(data, y)
    u = prob.free.initial()
    grad = jax.jit(jax.grad(Problem.loss, argnums=1))
    data_plain = regional_run(*forcing(), np.full(4, 1e10), np.array([0, 0, 1, 1]), years=3,
                              effort0=1e-2, checkpoint=False)
    g = np.asarray(grad(prob, u))
    g_plain = np.asarray(grad(Problem(predict, data_plain, prob.free, prob.obs), u))
    assert np.all(np.abs(g) > 0)
    np.testing.assert_allclose(g, g_plain, rtol=1e-10)


def test_regional_run_checks_inputs():
    npp, temp = forcing()
    with pytest.raises(InputError, match="npp_monthly"):
        regional_run(-npp, temp, np.ones(4), np.zeros(4, int), years=1)
    with pytest.raises(InputError, match="n_target_years"):
        regional_run(npp, temp, np.ones(4), np.zeros(4, int), years=1, n_target_years=2)


def test_read_lme_catch(shared):
    path = shared("data", "boats", "data_HSCS_paper.mat")
    catch, mask, area = read_lme_catch(path, [1, 2], range(2000, 2005))
    assert catch.shape == (2,) and np.all(catch > 1e4)        # t yr-1, SAU totals
    assert mask.shape == (180, 360) and area.shape == (180, 360)
    assert 1e9 < np.nanmax(area) < 1.3e10                     # 1-degree cells at the equator, m2


def test_lme_regional_run_on_cesm_forcing(shared):
    from jaxocean.calibrate.models.boats import lme_regional_run

    b = ("data", "boats")
    data, catch, covered = lme_regional_run(shared(*b, "data_HSCS_paper.mat"),
                                   shared(*b, "cesm_rcp85_intpp_zint_monthly_210001-210012.nc4"),
                                   shared(*b, "cesm_rcp85_to_zs_monthly_210001-210012.nc4"),
                                   [1], years=1, catch_years=[2000])
    # LME 1 (East Bering Sea, ~58 N 160 W): 34 one-degree cells in the mask, 10 with CESM forcing
    n = data.area.shape[0]
    assert n == 10 and data.region_weights.shape == (1, n)
    assert data.forcing_seq.npp.shape == (12, n) and np.all(np.asarray(data.forcing_seq.npp) > 0)
    np.testing.assert_allclose(covered, np.asarray(data.area).sum() / 34 / np.asarray(data.area).mean(),
                               rtol=0.1)
    assert 1e5 < catch[0] < 1e7
