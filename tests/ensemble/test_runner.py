"""Batched ensemble run: members equal solo runs, scenario protocol, resume, netCDF output."""

import numpy as np
import pytest
import xarray as xr

from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict

MEMBERS = [{"param_set": 6290, "forcing": "GFDL-ESM4:ssp585", "fishing": True},
           {"param_set": 9459, "forcing": "IPSL-CM6A-LR:ssp585", "fishing": False},
           {"param_set": 6363, "forcing": "IPSL-CM6A-LR:ssp585", "fishing": True}]
ENS = {"name": "tiny", "start_year": 1950, "end_year": 1953, "spinup_years": 1,
       "effort_freeze_year": 1952, "coarsen": 6, "precision": "float64"}


def spec_of(members):
    return from_dict({"ensemble": ENS, "members": {"list": members}})


def collect(spec, out, **kw):
    got = {}
    run = run_ensemble(spec, out, progress=False,
                       on_year=lambda k, years, a: got.update({int(y): {n: v[i] for n, v in a.items()}
                                                                for i, y in enumerate(years)}), **kw)
    return run, {n: np.stack([got[y][n] for y in sorted(got)]) for n in got[min(got)]}


@pytest.fixture(scope="module")
def batched(tmp_path_factory):
    return collect(spec_of(MEMBERS), tmp_path_factory.mktemp("batched"))


def test_each_member_equals_its_solo_run(batched, tmp_path):
    _, ens = batched
    for i, m in enumerate(MEMBERS):
        _, solo = collect(spec_of([m]), tmp_path / str(i), write=False)
        for name, v in solo.items():
            ref = v[:, 0]
            err = np.max(np.abs(ens[name][:, i] - ref) / np.maximum(np.abs(ref), 1e-300))
            assert err <= 1e-12, (m, name, err)


def test_scenario_protocol(batched):
    _, a = batched                                       # years 1950..1953, (year, member, cells)
    assert np.all(a["catch"][:, 1] == 0) and np.all(a["effort"][:, 1] == 0)   # no-fishing member
    assert np.all(a["catch"][:, [0, 2]].sum(-1) > 0)
    eff = a["effort"][:, 0].sum(-1)
    assert eff[1] > eff[0]                               # dynamic open access before 1952
    np.testing.assert_array_equal(a["effort"][3, 0], a["effort"][2, 0])   # frozen from 1952 on
    assert np.all(a["biomass"] > 0)


def test_annual_netcdf(batched):
    run, a = batched
    with xr.open_dataset(run.annual_path) as ds:
        assert ds["year"].values.tolist() == [1950, 1951, 1952, 1953]
        assert ds["biomass"].shape[:2] == (4, 3) and ds["biomass"].attrs["units"] == "g m-2"
        assert ds["param_set"].values.tolist() == [6290, 9459, 6363]
        got = ds["carcass_flux"].values[2, 1]
        ocean = np.isfinite(got)
        np.testing.assert_allclose(got[ocean], a["carcass_flux"][2, 1], rtol=1e-6)
    assert run.result.compilations == 1


class Interrupt(Exception):
    pass


def test_resume_after_interrupt_is_bitwise(batched, tmp_path):
    run0, ref = batched
    spec = spec_of(MEMBERS)

    def stop(k, years, a):
        if years[0] == 1952:
            raise Interrupt

    with pytest.raises(Interrupt):
        run_ensemble(spec, tmp_path, progress=False, on_year=stop)
    run, resumed = collect(spec, tmp_path, resume=True)
    assert run.result.first_chunk == 3                   # spin-up, 1950, 1951 were done
    for name in ("biomass", "catch", "effort"):
        np.testing.assert_array_equal(resumed[name], ref[name][2:])
    for x, y in zip(np.asarray(run.result.state.biomass), np.asarray(run0.result.state.biomass)):
        np.testing.assert_array_equal(x, y)
    with xr.open_dataset(run.annual_path) as d1, xr.open_dataset(run0.annual_path) as d0:
        np.testing.assert_array_equal(d1["biomass"].values, d0["biomass"].values)


def test_float32_ensemble_within_tolerance_of_float64(batched, tmp_path):
    """The ensemble default is float32: annual outputs stay within 1e-3 of float64 here."""
    _, ref = batched
    spec32 = from_dict({"ensemble": {**ENS, "precision": "float32"}, "members": {"list": MEMBERS}})
    _, got = collect(spec32, tmp_path, write=False)
    for name in ("biomass", "carcass_flux", "fecal_flux", "catch"):
        scale = np.abs(ref[name]).max()
        err = np.abs(got[name] - ref[name]).max() / scale
        assert got[name].dtype == np.float32 and err < 1e-3, (name, err)
