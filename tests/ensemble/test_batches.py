"""Member batches: annual.nc bitwise equal for any batch size, one compilation, resume mid-batch."""

import netCDF4
import numpy as np
import pytest

from jaxocean.core.chunked import checkpoint_meta
from jaxocean.core.validate import InputError
from jaxocean.ensemble import batches
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict

SPEC = from_dict({"ensemble": {"name": "b", "start_year": 1950, "end_year": 1952, "spinup_years": 1,
                               "effort_freeze_year": 1951, "coarsen": 6},
                  "members": {"param_sets": [6290, 6363, 9459, 8874, 6920],
                              "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}})
FIELDS = ("biomass", "catch", "effort", "carcass_flux", "fecal_flux")


def annual(path):
    with netCDF4.Dataset(path) as nc:
        return {n: np.ma.filled(nc[n][:], np.nan) for n in FIELDS + ("year", "member")}


def assert_bitwise(a, b):
    for name in a:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)   # NaN == NaN on land


@pytest.fixture(scope="module")
def one_batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("all")
    run_ensemble(SPEC, out, progress=False)
    return annual(out / "annual.nc")


@pytest.mark.parametrize("n", [1, 3])
def test_batches_bitwise_equal_to_one_batch(one_batch, tmp_path, n):
    run = run_ensemble(SPEC, tmp_path, progress=False, member_batch=n)
    assert run.result.compilations == 1          # the padded last batch reuses the compilation
    assert run.result.n_chunks == 4 * -(-5 // n)
    assert run.member_years == 5 * 4
    assert_bitwise(annual(tmp_path / "annual.nc"), one_batch)
    assert checkpoint_meta(tmp_path / "checkpoint.npz", _hash(tmp_path))["batch"] == -(-5 // n) - 1


def _hash(out):
    with netCDF4.Dataset(out / "annual.nc") as nc:
        return nc.config_hash


class Interrupt(Exception):
    pass


def test_resume_mid_batch(one_batch, tmp_path):
    calls = []

    def stop(k, years, a):
        calls.append((k, a["biomass"].shape[1]))
        if len(calls) == 4:             # batch 0 (members 0-1) done, batch 1 wrote 1950 only
            raise Interrupt

    with pytest.raises(Interrupt):
        run_ensemble(SPEC, tmp_path, progress=False, member_batch=2, on_year=stop)
    with netCDF4.Dataset(tmp_path / "annual.partial.nc") as nc:
        assert nc.last_batch == 1 and nc.last_complete_year == 1951 - 1
    meta = checkpoint_meta(tmp_path / "checkpoint.npz", _hash_partial(tmp_path))
    assert (meta["batch"], meta["chunk"], meta["member_batch"]) == (1, 0, 2)  # spin-up of batch 1
    with pytest.raises(InputError, match="member_batch.: 2.*member_batch.: 3.*same --member-batch"):
        run_ensemble(SPEC, tmp_path, progress=False, member_batch=3, resume=True)
    calls.clear()
    run = run_ensemble(SPEC, tmp_path, progress=False, member_batch="auto", resume=True,
                       on_year=lambda k, y, a: calls.append((k, a["biomass"].shape[1])))
    # the finished batch 0 is not recomputed; batch 1 redoes its chunks after the checkpoint
    assert calls == [(1, 2), (2, 2), (3, 2), (1, 1), (2, 1), (3, 1)]
    assert run.result.first_chunk == 4 + 1
    assert_bitwise(annual(tmp_path / "annual.nc"), one_batch)


def _hash_partial(out):
    with netCDF4.Dataset(out / "annual.partial.nc") as nc:
        return nc.config_hash


def test_auto_batch_from_free_memory(monkeypatch):
    monkeypatch.setattr(batches, "free_memory_bytes", lambda devices: 10_000)
    per_member = 100
    want = int(batches.MEMORY_FRACTION * 10_000 // (batches.WORKING_SET_FACTOR * per_member))
    assert batches.resolve_batch("auto", 1000, per_member, [_Cpu()]) == want
    assert batches.resolve_batch("auto", 3, per_member, [_Cpu()]) == 3
    assert batches.resolve_batch(None, 7, 0, None) == 7 and batches.resolve_batch(9, 7, 0, None) == 7
    assert batches.batch_bounds(5, 2) == [(0, 2), (2, 4), (4, 5)]
    with pytest.raises(InputError, match="--member-batch: expected a positive integer or 'auto', got '0'"):
        batches.parse_member_batch("0")


def test_host_memory_is_read():
    assert 0 < batches.host_available_bytes() < 1 << 50


class _Cpu:
    platform = "cpu"
