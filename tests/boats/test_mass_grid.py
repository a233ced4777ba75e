"""The BOATS mass grid against SCHEME.md numbers and the reference files."""

from __future__ import annotations

import numpy as np
import pytest

from jaxocean.boats import MassGrid


def test_grid_numbers():
    g = MassGrid()
    m, dm = g.mass[0], g.dmass[0]
    assert m[0] == pytest.approx(10.965, rel=1e-4) and m[-1] == pytest.approx(91201, rel=1e-4)
    assert dm[0] == pytest.approx(2.0226, rel=1e-4) and dm[-1] == pytest.approx(16824, rel=1e-4)
    assert g.mass_boundary == pytest.approx(9.1201, rel=1e-4)
    assert g.bounds[1] / g.bounds[0] == pytest.approx(10 ** 0.08)
    np.testing.assert_array_equal(g.n_active, [19, 37, 50])
    np.testing.assert_allclose(g.malpha_col[:, 0], [78.72868, 2125.674, 25000.0], rtol=1e-6)
    assert hash(g) == hash(MassGrid())                      # static (jit cache key)


@pytest.mark.shared
def test_grid_equals_reference(shared):
    d = np.load(shared("reference", "boats0d", "0d_const_npp1000_T20_set1_nh_300y.npz"))
    g = MassGrid()
    np.testing.assert_allclose(g.bounds, d["fmbound"], rtol=1e-15)
    np.testing.assert_allclose(g.mass[0], d["fmass"], rtol=1e-15)
    np.testing.assert_allclose(g.dmass[0], d["delfm"], rtol=1e-14)
    np.testing.assert_array_equal(g.active == 0, d["mask_notexist"] == 1)
