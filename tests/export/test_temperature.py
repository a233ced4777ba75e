import jax.numpy as jnp
import numpy as np

from jaxocean.export import coarse_to_grid, coarse_to_grid_weights, detrend_against_control

OCIM_LIKE = np.array([0, 10, 20, 40, 60, 100, 150, 200, 300, 400, 500, 700, 1000, 1500, 2000, 3000, 5500.0])


def test_weights_rows_sum_to_one_and_straddle():
    w = coarse_to_grid_weights(np.array([0, 150, 300, 1000, 6000.0]))
    np.testing.assert_allclose(w.sum(1), 1.0)
    np.testing.assert_allclose(w[1], [50 / 150, 100 / 150, 0, 0, 0])
    np.testing.assert_allclose(w[3], [0, 0, 0, 0.2, 0.8])


def test_coarse_to_grid_on_ocim_like_grid():
    t = coarse_to_grid(jnp.array([[20.0, 10.0, 6.0, 4.0, 2.0]]), OCIM_LIKE)
    assert t.shape == (1, 16)
    np.testing.assert_allclose(t[0, :7], 20.0)
    np.testing.assert_allclose(t[0, 10], 6.0)
    np.testing.assert_allclose(t[0, -1], 2.0)


def test_detrending_removes_control_drift_from_deep_layers_only():
    years = jnp.arange(1950.0, 2001.0)
    drift = jnp.array([0.0, 0.0, 0.0, 0.01, 0.02])
    control = 5.0 + (jnp.arange(200.0))[:, None] * drift
    forced = jnp.array([0.03, 0.01, 0.0, 0.0, 0.0])
    scen = 10.0 + (years - 1950.0)[:, None] * (drift + forced)
    out = detrend_against_control(scen, years, control, jnp.arange(200.0))
    np.testing.assert_allclose(out, 10.0 + (years - 1950.0)[:, None] * forced, atol=1e-12)
