"""Regressions of the failures experiments/audit_reliability.py found: each bad input raises an
InputError naming the variable (also under jit), each documented behaviour gives the number an
independent computation gives."""

import logging
import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError


def test_solve_lists_shapes_and_patm():
    from jaxocean.carbonate import solve

    ref = float(solve(2000.0, 2300.0, 15.0, 35.0).ph)
    np.testing.assert_allclose(solve([2000.0, 2000.0], 2300, 15, 35).ph, [ref, ref], rtol=1e-12)
    with pytest.raises(InputError, match=r"do not broadcast together: dic\(3,\), ta\(2,\)"):
        solve(np.full(3, 2000.0), np.full(2, 2300.0), 15.0, 35.0)
    with pytest.raises(InputError, match=r"patm: value 101325 .*0.5..1.5 atm \(did you pass Pa"):
        solve(2000.0, 2300.0, 15.0, 35.0, patm=101325.0)
    with pytest.raises(InputError, match="dic: expected numbers, got str"):
        solve("abc", 2300.0, 15.0, 35.0)


def test_solve_mocsy_depth_and_lat_named():
    from jaxocean.carbonate import solve_mocsy

    with pytest.raises(InputError, match=r"depth: value -100 .*negative elevation"):
        solve_mocsy(2.0, 2.3, 15.0, 35.0, depth=-100.0)
    with pytest.raises(InputError, match=r"lat: value 120 .*-90..90"):
        solve_mocsy(2.0, 2.3, 15.0, 35.0, depth=1000.0, lat=120.0)


def test_recom_rates_refuse_bad_input_and_keep_numbers():
    from jaxocean.recom import (CalcificationParams, CO2FactorParams, DissolutionParams, PhytoplanktonParams,
                                calcification_rate, calcite_dissolution_rate, co2_factor, gross_photosynthesis,
                                light_limitation, oae_efficiency, temperature_arrhenius)
    from jaxocean.recom.params import ArrheniusTemperature

    small = PhytoplanktonParams.small_phytoplankton()
    for kw, name in (({"chl_c": -0.02}, "chl_c"), ({"q_nc": -0.15}, "q_nc"), ({"fe": -0.5}, "fe")):
        args = dict(temp=15.0, par=50.0, chl_c=0.02, q_nc=0.15, fe=0.5) | kw
        with pytest.raises(InputError, match=f"{name}: value -"):
            gross_photosynthesis(**args, params=small)
    with pytest.raises(InputError, match="q_sic: diatoms are Si-limited"):
        gross_photosynthesis(15.0, 50.0, 0.02, 0.15, 0.5, PhytoplanktonParams.diatoms())
    with pytest.raises(InputError, match=r"par: value -5 .*W m-2"):
        light_limitation(-5.0, 0.02, 1e-5, 0.2)
    law = ArrheniusTemperature()
    with pytest.raises(Exception, match=r"temp: value 288.15 .*Kelvin"):
        jax.block_until_ready(jax.jit(lambda t: temperature_arrhenius(t, law))(288.15))
    # the Arrhenius law itself: PSmax exp(-Ae (1/T - 1/Tref)), PSmax at Tref
    t = 10.0
    expect = law.ps_max * np.exp(-law.ae * (1 / (t + 273.15) - 1 / law.t_ref))
    np.testing.assert_allclose(temperature_arrhenius(t, law), expect, rtol=1e-12)
    cp = CalcificationParams()
    with pytest.raises(InputError, match="din: value -1"):
        calcification_rate(1e-5, 1.0, 15.0, -1.0, 1.0, cp)
    with pytest.raises(InputError, match="temp: value 288.15"):
        calcification_rate(1e-5, 1.0, 288.15, 1.0, 1.0, cp)
    with pytest.raises(InputError, match=r"omega: value -0.5 .*0..50"):
        calcite_dissolution_rate(-0.5, DissolutionParams())
    np.testing.assert_allclose(calcite_dissolution_rate(0.5, DissolutionParams()),
                               DissolutionParams().rate_omega * 0.5 ** DissolutionParams().exponent, rtol=1e-12)
    with pytest.raises(InputError, match=r"hco3: value 0.0018 .*mol/kg instead of umol/kg"):
        co2_factor(0.0018, 12.0, 10 ** -8.1, CO2FactorParams.diatoms())
    assert np.isnan(float(oae_efficiency(2000.0, 2000.0, 2300.0, 2300.0)))     # documented 0/0
    np.testing.assert_allclose(oae_efficiency(2080.0, 2000.0, 2400.0, 2300.0), 0.8, rtol=1e-12)


def test_boats_run_checks_array_forcing():
    from jaxocean.boats import BoatsForcing, BoatsParams, initial_state, run
    from jaxocean.boats.gridded import run_gridded

    p = BoatsParams(variant="global")
    npp, temp = jnp.full((12, 2), 1e-3), jnp.full((12, 2), 15.0)
    s0 = initial_state(BoatsForcing(npp=npp.mean(0), temp=temp.mean(0)), p)
    with pytest.raises(InputError, match=r"upper-ocean temp: value 288.15 .*Kelvin"):
        run(s0, BoatsForcing(npp=npp, temp=temp + 273.15), p, 30 * 86400.0)
    with pytest.raises(Exception, match=r"npp: value 1 .*0..0.02 mmolC m-2 s-1"):
        jax.block_until_ready(jax.jit(lambda f: run(s0, f, p, 30 * 86400.0)[0].biomass)(
            BoatsForcing(npp=npp * 1000, temp=temp)))
    on = run(s0, BoatsForcing(npp=npp, temp=temp), p, 30 * 86400.0)[0].biomass
    off = run(s0, BoatsForcing(npp=npp, temp=temp), p, 30 * 86400.0, check=False)[0].biomass
    np.testing.assert_array_equal(on, off)
    ds = xr.Dataset({"npp": (("time", "lat", "lon"), np.full((12, 2, 2), 1e-3), {"units": "mmol m-2 s-1"}),
                     "temp": (("time", "lat", "lon"), np.full((12, 2, 2), 15.0), {"units": "degC"})},
                    coords={"lat": [0.0, 10.0], "lon": [0.0, 10.0]})
    with pytest.raises(InputError, match="dt_days: 0.0 does not divide"):
        run_gridded(ds, p, 1, dt_days=0.0)


def test_export_profiles_checked_also_under_jit():
    from jaxocean.export import ExponentialQ10, MartinCurve, coarse_to_grid, flux_at, flux_profile, injection

    z = jnp.array([0.0, 100.0, 500.0, 1000.0, 2000.0])
    p = ExponentialQ10.carcasses(z0=0.0)
    t = jnp.array([15.0, 10.0, 5.0, 3.0])
    with pytest.raises(InputError, match="strictly increasing downward"):
        flux_profile(p, 1.0, z[::-1], {"temperature": t})
    with pytest.raises(Exception, match="strictly increasing downward"):      # the user's own jit
        jax.block_until_ready(jax.jit(lambda zz: flux_profile(p, 1.0, zz, {"temperature": t}))(z[::-1]))
    with pytest.raises(Exception, match=r"temp: value 288.15 at index \(0,\).*Kelvin"):
        jax.block_until_ready(jax.jit(lambda tt: flux_profile(p, 1.0, z, {"temperature": tt}))(t + 273.15))
    with pytest.raises(InputError, match=r"env\['temperature'\]: last axis must be the 4 layers"):
        flux_profile(p, 1.0, z, {"temperature": t[:3]})
    # the in-graph check rides in the profile's pass (-inf optical depth): the reported index is
    # the offending entry's, 2-D and under vmap; a NaN stays NaN; gradients are the unchecked ones
    t2 = jnp.stack([t, t - 1.0, t + 1.0])
    prof2 = jax.jit(lambda tt: flux_profile(p, jnp.ones(3), z, {"temperature": tt}))
    with pytest.raises(Exception, match=r"temp: value 300 at index \(2, 1\).*Kelvin"):
        jax.block_until_ready(prof2(t2.at[2, 1].set(300.0)))
    with pytest.raises(Exception, match=r"temp: value -5 at index \(1, 3\)"):
        jax.block_until_ready(prof2(t2.at[1, 3].set(-5.0).at[2, 0].set(99.0)))
    with pytest.raises(Exception, match=r"temp: value 300 at index \(1,\)"):
        jax.block_until_ready(jax.jit(jax.vmap(lambda tt: flux_profile(p, 1.0, z, {"temperature": tt})))(
            t2.at[2, 1].set(300.0)))
    # a field wider than the profile's optical depth (a Martin curve reads no temperature) is
    # checked in a pass of its own, also under the caller's jit (it used to pass silently)
    martin = jax.jit(lambda tt: flux_profile(MartinCurve(), 1.0, z, {"temperature": tt}))
    with pytest.raises(Exception, match=r"temp: value 300 at index \(2, 1\).*Kelvin"):
        jax.block_until_ready(martin(t2.at[2, 1].set(300.0)))
    np.testing.assert_array_equal(martin(t2), flux_profile(MartinCurve(), 1.0, z))
    with_nan = np.asarray(prof2(t2.at[1, 2].set(np.nan)))
    assert np.isnan(with_nan[1, 3:]).all() and np.isfinite(np.delete(with_nan, 1, 0)).all()
    np.testing.assert_array_equal(prof2(t2), jax.jit(lambda tt: flux_profile(p, jnp.ones(3), z, {"temperature": tt},
                                                                          check=False))(t2))
    g_on = jax.grad(lambda tt: flux_profile(p, 2.0, z, {"temperature": tt})[-1])(t)
    g_off = jax.grad(lambda tt: flux_profile(p, 2.0, z, {"temperature": tt}, check=False)[-1])(t)
    np.testing.assert_allclose(g_on, g_off, rtol=1e-14)
    assert np.all(np.asarray(g_on) < 0)
    with pytest.raises(InputError, match=r"depth: value -1000 .*negative elevation"):
        flux_at(p, 1.0, jnp.array([-1000.0]), z, {"temperature": t})
    # documented: below the last interface the last layer's environment continues
    deep = flux_at(p, 1.0, jnp.array([5000.0]), z, {"temperature": t})
    extended = flux_profile(p, 1.0, jnp.append(z, 5000.0), {"temperature": jnp.append(t, t[-1])})
    np.testing.assert_allclose(deep[0], extended[-1], rtol=1e-12)
    good = flux_profile(p, 1.0, z, {"temperature": t})
    np.testing.assert_array_equal(good, flux_profile(p, 1.0, z, {"temperature": t}, check=False))
    with pytest.raises(InputError, match=r"n_wet \(wet layers per column\): 9 is outside 0..4"):
        injection(good, jnp.array(9))
    with pytest.raises(InputError, match=r"t_coarse: last axis must be the 5 coarse layers"):
        coarse_to_grid(jnp.ones(4), z)
    with pytest.raises(InputError, match=r"MartinCurve.b: -0.8 must be >= 0"):
        MartinCurve(b=-0.8)
    b = jax.grad(lambda bb: flux_at(MartinCurve(b=bb), 1.0, jnp.array([1000.0]), z)[0])(0.858)
    np.testing.assert_allclose(b, -np.log(10.0) * 10.0 ** -0.858, rtol=1e-10)   # traced b passes


def test_problem_refuses_prediction_of_another_shape():
    from jaxocean.calibrate import FreeParameters, Observations, Problem
    from jaxocean.export import ExponentialQ10

    p = ExponentialQ10.carcasses(z0=0.0)
    free = FreeParameters.select(p, ["q10"])
    obs = Observations.gaussian(np.ones(4), 1.0)
    for n in (1, 3):
        prob = Problem(lambda prm, d, n=n: prm.q10 * jnp.ones(n), None, free, obs)
        with pytest.raises(InputError, match=rf"predicted shape \({n},\) does not match the observations' shape \(4,\)"):
            jax.jit(lambda u, prob=prob: prob.loss(u))(jnp.zeros(free.size))
    prob = Problem(lambda prm, d: prm.q10 * jnp.ones(4), None, free, obs)
    np.testing.assert_allclose(prob.loss(free.unconstrained(jnp.array([2.0]))), 0.5 * 4 * 1.0, rtol=1e-12)


def test_truncated_netcdf3_is_refused(tmp_path):
    from jaxocean.io.netcdf import open_dataset
    from jaxocean.observations.conventions import open_netcdf

    path = tmp_path / "classic.nc"
    xr.Dataset({"sst": (("lat", "lon"), np.arange(4000.0).reshape(40, 100))}).to_netcdf(path, format="NETCDF3_64BIT")
    assert path.read_bytes()[:4] == b"CDF\x02"
    assert float(open_dataset(path)["sst"][-1, -1]) == 3999.0
    path.write_bytes(path.read_bytes()[:20000])      # the netCDF library would read fill values
    for fn in (lambda: open_dataset(path), lambda: open_netcdf(path, "SST file", ["sst"])):
        with pytest.raises(InputError, match=r"classic\.nc: truncated or corrupt"):
            fn()


def test_failed_check_logs_no_callback_traceback(caplog):
    from jaxocean.carbonate import solve

    with caplog.at_level(logging.ERROR), pytest.raises(Exception, match="temp: value 288.15"):
        jax.block_until_ready(jax.jit(lambda t: solve(2000.0, 2300.0, t, 35.0).ph)(288.15))
    assert "callback failed" not in caplog.text


def test_atomic_path_fsyncs_the_folder(tmp_path, monkeypatch):
    from jaxocean.core.atomic import atomic_path

    synced = []
    real = os.fsync

    def spy(fd):
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else None)
        real(fd)
    monkeypatch.setattr(os, "fsync", spy)
    with atomic_path(tmp_path / "a.txt") as tmp:
        tmp.write_text("new")
    assert (tmp_path / "a.txt").read_text() == "new"
    assert synced[-2:] == [False, True] or synced[-2:] == [None, None]   # file, then its folder


def test_text_table_cut_mid_row_is_refused(tmp_path):
    from jaxocean.traps.mouw import read_mouw2016
    from jaxocean.traps.timeseries import read_ofp

    rows = [f"% {i}/03-2,9186,9193,2003,5,31,151,158,340,14,16.72,10.17,0.81,0.1,{i}" for i in range(1, 9)]
    ofp = tmp_path / "ofp.csv"
    ofp.write_text("\n".join(["h"] * 5 + rows))
    assert len(read_ofp(ofp)) == 8                        # complete, no final newline: fine
    ofp.write_text("\n".join(["h"] * 5 + rows)[:-30])      # cut inside the last row
    with pytest.raises(InputError, match=r"ofp\.csv: the last line has 8 of 15 fields"):
        read_ofp(ofp)
    tab = tmp_path / "GO_flux.tab"
    tab.write_text("/* header */\na\tb\tc\n1\t2\t3\n4\t5\t6\n7\t8")
    with pytest.raises(InputError, match=r"GO_flux\.tab: the last line has 2 of 3 fields"):
        read_mouw2016(tab)


@pytest.mark.parametrize("name", ["a/../../b", "..", "", "x\\y"])
def test_ensemble_name_is_a_plain_folder_name(name):
    from jaxocean.ensemble.spec import from_dict

    members = {"param_sets": [6290], "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}
    with pytest.raises(InputError, match=r"ensemble.name: .* default output folder runs/<name>"):
        from_dict({"ensemble": {"name": name}, "members": members})
    assert from_dict({"ensemble": {"name": "seed20 ssp585"}, "members": members}).name == "seed20 ssp585"
