"""BoatsParams defaults, the 5 published sets (vs the shared CSV), stacking and casting."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.boats import PUBLISHED_SET_IDS, BoatsParams, FishingParams, cast_floats, stack_params
from jaxocean.boats.params import _SET_FIELDS

CSV_COLUMNS = {"E_activation_A": "E_activation_A", "E_activation_m": "E_activation_m",
               "kappa_eppley": "kappa_eppley", "Prod_star": "Prod_star", "te": "te", "ppmr": "ppmr",
               "b_allo": "b_allo", "zeta1": "zeta1", "h_allo": "h_allo", "A00": "A00",
               "egg_surv": "egg_surv", "sel_slope": "sel_slope", "sel_pos_scale": "sel_pos_scale",
               "qcatch0": "qcatch0_0d(best_MCV3)"}


def test_defaults_match_parameters_m():
    p = BoatsParams()
    assert float(p.tro_sca) == pytest.approx(-0.244146, abs=1e-6)        # SCHEME.md Sect. 3
    assert p.fishing.price == pytest.approx(1.264e-4, rel=1e-3)
    assert p.fishing.cost == pytest.approx(1.851964e-7, rel=1e-6)
    assert p.fishing.catchability == pytest.approx(7.6045e-8, rel=1e-4)
    assert p.fishing.enabled == 0.0 and p.variant == "global"
    np.testing.assert_allclose(p.grid.minf, [314.9147, 8502.697, 1e5], rtol=1e-6)


@pytest.mark.shared
def test_published_sets_equal_csv(shared):
    import pandas as pd

    table = pd.read_csv(shared("data", "boats", "parameter_sets_5best.csv")).set_index("ens_index")
    assert tuple(table.index) == PUBLISHED_SET_IDS
    for ens in PUBLISHED_SET_IDS:
        p = BoatsParams.published_set(ens)
        got = {**{f: getattr(p, f) for f in _SET_FIELDS[:11]},
               "sel_slope": p.fishing.sel_slope, "sel_pos_scale": p.fishing.sel_pos_scale,
               "qcatch0": p.fishing.catchability}
        for field, column in CSV_COLUMNS.items():
            assert got[field] == table.loc[ens, column], (ens, field)
        assert float(p.tro_sca) == pytest.approx(table.loc[ens, "tro_sca"], rel=1e-12)


def test_published_set_options():
    p = BoatsParams.published_set(9459, fishing=FishingParams(enabled=1.0), variant="0d", egg_surv=0.02)
    assert p.fishing.enabled == 1.0 and p.fishing.sel_slope == pytest.approx(12.4399966167487)
    assert p.egg_surv == 0.02 and p.variant == "0d"
    assert p.fishing.catchability == pytest.approx(9.86577669684134e-05)     # the set's qcatch0
    own = BoatsParams.published_set(9459, fishing=FishingParams(enabled=1.0, catchability=2e-5))
    assert own.fishing.catchability == 2e-5                                  # a given catchability wins
    with pytest.raises(ValueError, match="unknown BOATS parameter set"):
        BoatsParams.published_set(1234)
    with pytest.raises(ValueError, match="variant"):
        BoatsParams(variant="2d")


def test_stack_and_cast():
    ps = stack_params([BoatsParams.published_set(i) for i in PUBLISHED_SET_IDS])
    assert ps.te.shape == (5,) and ps.fishing.sel_pos.shape == (5, 3)
    p32 = cast_floats(BoatsParams(), jnp.float32)
    assert p32.te.dtype == jnp.float32 and p32.fishing.sel_pos.dtype == jnp.float32
