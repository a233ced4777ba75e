"""One step against the reference tendencies; positivity, masks and the fishing switches."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.boats import BoatsForcing, BoatsParams, BoatsState, FishingParams, initial_state, step, tendencies
from jaxocean.boats.reference import load_reference_run

DT = 30 * 86400.0
jstep = jax.jit(step)
TERMS = {"e_p": "en_input_P", "e_vb": "en_input_vb", "e_in": "en_input", "gamma": "gamma",
         "flux_in": "flux_in", "flux_out": "flux_out", "growth_source": "flux_fish_growth",
         "mortality_flux": "mortality"}


@pytest.mark.shared
@pytest.mark.parametrize("name", ["0d_const_npp1000_T20_set1_h_fromPP_300y",
                                  "0d_site_SO_lat-49.5_lon127.5_monclim_set1_nh_300y"])
def test_first_step_tendencies(shared, name):
    r = load_reference_run(shared("reference", "boats0d", f"{name}.npz"))
    active = r.data["mask_notexist"] == 0
    t = tendencies(r.state0.biomass, jax.tree.map(lambda x: x[0], r.monthly), r.params)
    for ours, theirs in TERMS.items():
        ref = r.data[f"{theirs}_step1"][active]
        np.testing.assert_allclose(np.asarray(t[ours])[active], ref, rtol=1e-13, err_msg=ours)
    np.testing.assert_allclose(np.broadcast_to(np.asarray(t["recruitment_p"]), (3,)), r.data["flux_in_P_ts"][0], rtol=1e-13)
    np.testing.assert_allclose(np.asarray(t["eggs"]), r.data["flux_in_num_eggs_ts"][0], rtol=1e-13)


def _cells():
    npp = jnp.array([1e-5, 1e-4, 1e-3, 3e-3])          # mmolC m-2 s-1
    temp = jnp.array([-1.8, 5.0, 20.0, 32.0])           # degC
    return BoatsForcing(npp=npp, temp=temp)


def test_biomass_nonnegative_and_inactive_classes_untouched():
    p = BoatsParams(fishing=FishingParams(enabled=1.0, catchability=1e-3))
    f = _cells()
    s = initial_state(f, p, scale=50.0)                 # far from equilibrium, with heavy fishing
    s = BoatsState(s.biomass, jnp.full((4, 3), 1e-3), s.step)
    for _ in range(24):
        s, d = jstep(s, BoatsForcing(npp=f.npp * 0.01, temp=f.temp), p, DT)
        assert np.all(np.asarray(s.biomass) >= 0.0) and np.all(np.asarray(s.effort) >= 0.0)
        assert np.all(np.asarray(s.biomass)[:, p.grid.active == 0] == 0.0)
        assert np.all(np.isfinite(np.asarray(d.carcass_flux)))
    assert int(s.step) == 24


def test_fishing_off_is_bitwise_no_fishing():
    f = _cells()
    p_off = BoatsParams(fishing=FishingParams(enabled=0.0, catchability=1e-4))
    s0 = initial_state(f, p_off)
    s0 = BoatsState(s0.biomass, jnp.full((4, 3), 1e-4), s0.step)
    s1, d1 = step(s0, f, p_off, DT)
    t = tendencies(s0.biomass, f, p_off)
    expect = jnp.maximum(s0.biomass + DT * t["dbdt"], 0.0)
    np.testing.assert_array_equal(np.asarray(s1.biomass), np.asarray(expect))
    np.testing.assert_array_equal(np.asarray(s1.effort), np.asarray(s0.effort))
    assert np.all(np.asarray(d1.harvest) == 0.0)


def test_effort_freeze():
    f = _cells()
    p = BoatsParams(fishing=FishingParams(enabled=1.0, catchability=1e-4, effort_freeze_step=3.0))
    s = initial_state(f, p)
    efforts = []
    for _ in range(6):
        s, d = jstep(s, f, p, DT)
        efforts.append(np.asarray(s.effort))
    assert not np.array_equal(efforts[1], efforts[2])     # steps 0..2 update effort
    for e in efforts[3:]:
        np.testing.assert_array_equal(e, efforts[2])      # from step index 3 on: frozen
    assert np.any(np.asarray(d.harvest) > 0)              # fishing continues at frozen effort
