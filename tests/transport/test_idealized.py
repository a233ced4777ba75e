import numpy as np

from jaxocean.transport import idealized_basin


def test_mass_conserving_and_uniform_preserving(basin):
    t = basin.matrix
    assert basin.mass_imbalance() < 1e-13                     # V^T T = 0: tracer mass kept
    assert np.abs(t @ np.ones(basin.n)).max() < 1e-12 * np.abs(t).max()   # T 1 = 0
    off = t - np.diag(t.diagonal())
    assert off.min() >= 0.0                                   # upwind + diffusion: monotone


def test_overturning_sinks_north_and_upwells_south():
    op = idealized_basin(12, 4, land_fraction=0.0, kv=0.0, kh=0.0, overturning_sv=10.0)
    t = op.matrix.tocoo()
    j, k = op._index["j"], op._index["k"]
    down = (k[t.row] == k[t.col] + 1) & (t.data > 0)           # source box above the receiving one
    up = (k[t.row] == k[t.col] - 1) & (t.data > 0)
    assert j[t.col[down]].mean() > 6 > j[t.col[up]].mean()


def test_land_boxes_exchange_nothing():
    op = idealized_basin(10, 10, land_fraction=0.3, seed=3)
    assert op.n == op.wet.sum() and op.matrix.shape == (op.n, op.n)
