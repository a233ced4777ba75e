"""Selectivity against the reference, per-step economic series, and the economics reader."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.boats import FishingParams, MassGrid, selectivity
from jaxocean.boats.economics import read_economical
from jaxocean.boats.fishing import at_step
from jaxocean.boats.reference import load_reference_run


@pytest.mark.shared
def test_selectivity_equals_reference(shared):
    r = load_reference_run(shared("reference", "boats0d", "0d_const_npp1000_T20_set1_h_fromPP_300y.npz"))
    active = r.data["mask_notexist"] == 0
    got = np.asarray(selectivity(r.params.fishing, r.params.grid, jnp.float64))
    np.testing.assert_allclose(got[active], r.data["selectivity"][active], rtol=1e-13)


def test_series_indexing():
    q = jnp.arange(5.0)
    assert float(at_step(q, 0)) == 0.0 and float(at_step(q, 3)) == 3.0 and float(at_step(q, 99)) == 4.0
    assert float(at_step(2.0, 7)) == 2.0
    s = np.asarray(selectivity(FishingParams(), MassGrid(), jnp.float64))
    assert np.all(np.diff(s, axis=1) >= 0) and s.min() > 0 and s.max() <= 1
    assert np.all(np.diff(s[:, :20], axis=1) > 0)


@pytest.mark.shared
def test_read_economical(shared):
    f = read_economical(shared("data", "boats", "Economical_v1.npz"), enabled=1.0, effort_freeze_step=780.0)
    assert f.catchability.shape == (3600,) and f.enabled == 1.0
    assert float(f.price[0]) == pytest.approx(1.264e-4, rel=1e-3)
    assert float(f.cost[0]) == pytest.approx(1.852e-7, rel=1e-3)
