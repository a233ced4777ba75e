import jax
import numpy as np
import pytest
import scipy.stats as st

from jaxocean.traps.stats import grouped_linear_fits, linear_fit, student_t_two_sided_p

N = 512  # every single fit is padded to one shape: one compilation for the module


def fit(x, y, mask=None):
    x, y = np.asarray(x, float), np.asarray(y, float)
    m = np.ones(x.size, bool) if mask is None else np.asarray(mask, bool)
    pad = N - x.size
    return linear_fit(np.pad(x, (0, pad), constant_values=np.nan), np.pad(y, (0, pad), constant_values=np.nan),
                      np.pad(m, (0, pad)))


@pytest.mark.parametrize("n,seed,beta", [(5, 0, 0.0), (30, 1, 0.4), (400, 2, -1.3)])
def test_linear_fit_matches_scipy(n, seed, beta):
    rng = np.random.default_rng(seed)
    x = rng.lognormal(size=n)
    y = 2.0 + beta * x + rng.normal(size=n)
    f = fit(x, y)
    ref = st.linregress(x, y)
    assert int(f.n) == n
    np.testing.assert_allclose([f.r, f.slope, f.intercept], [ref.rvalue, ref.slope, ref.intercept], rtol=1e-10)
    np.testing.assert_allclose(float(f.p), ref.pvalue, rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(float(f.r2), ref.rvalue ** 2, rtol=1e-10)
    np.testing.assert_allclose(float(f.p), st.pearsonr(x, y).pvalue, rtol=1e-8)


def test_t_distribution_p_value():
    t = np.array([0.0, 0.5, 2.0, 5.0])[:, None]
    df = np.array([1.0, 3.0, 28.0])[None, :]
    np.testing.assert_allclose(np.asarray(student_t_two_sided_p(t, df)), 2 * st.t.sf(t, df), rtol=1e-10)


def test_mask_nan_and_degenerate_cases():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=20), rng.normal(size=20)
    x[3] = np.nan
    mask = np.arange(20) < 15
    f = fit(x, y, mask)
    keep = mask & np.isfinite(x)
    ref = st.linregress(x[keep], y[keep])
    assert int(f.n) == keep.sum()
    np.testing.assert_allclose([f.r, f.p, f.slope], [ref.rvalue, ref.pvalue, ref.slope], rtol=1e-9)
    assert np.isnan(float(fit([1.0, 2.0], [3.0, 1.0]).r))          # n < 3
    assert np.isnan(float(fit([1.0, 1.0, 1.0], [3.0, 1.0, 2.0]).slope))  # no x variance


def test_grouped_fits_match_per_group_and_jit_grad():
    rng = np.random.default_rng(4)
    groups = np.repeat(["b", "a", "c"], [7, 40, 3])
    x = rng.normal(size=groups.size)
    y = x * np.where(groups == "a", 2.0, -1.0) + rng.normal(size=groups.size)
    keys, fits = grouped_linear_fits(x, y, groups)
    assert keys == ["a", "b", "c"]
    for j, k in enumerate(keys):
        ref = st.linregress(x[groups == k], y[groups == k])
        np.testing.assert_allclose([fits.r[j], fits.p[j], fits.intercept[j]],
                                   [ref.rvalue, ref.pvalue, ref.intercept], rtol=1e-9)
    g = jax.grad(lambda s: linear_fit(x, s * x + y).slope)(1.0)
    assert float(g) == pytest.approx(1.0, rel=1e-12)
