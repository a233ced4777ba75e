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


def test_exchanges_only_between_adjacent_wet_boxes():
    op = idealized_basin(10, 10, land_fraction=0.3, seed=3)
    assert (~op.wet[:, :, 0]).any()                            # there is land to leak across
    t = op.matrix.tocoo()
    r, c = t.row[t.row != t.col], t.col[t.row != t.col]
    j, i, k = (op._index[x] for x in ("j", "i", "k"))
    di = np.abs(i[r] - i[c])
    steps = np.abs(j[r] - j[c]) + np.minimum(di, op.wet.shape[1] - di) + np.abs(k[r] - k[c])
    assert r.size > 0 and np.all(steps == 1)                   # face neighbours only (zonally periodic)
