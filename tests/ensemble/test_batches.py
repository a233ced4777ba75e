"""Member batches: annual.nc bitwise equal for any batch size, one compilation, resume mid-batch."""

import netCDF4
import numpy as np
import pytest

from jaxocean.core.chunked import checkpoint_meta
from jaxocean.core.validate import InputError
from jaxocean.ensemble import batches
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict
from tests.ensemble.conftest import FIVE, annual_maps, assert_bitwise

SPEC = from_dict(FIVE)       # 5 members, spin-up 1950 + 1950-1951: 3 chunks per batch


def config_hash(path):
    with netCDF4.Dataset(path) as nc:
        return nc.config_hash


def test_batches_of_one_bitwise_equal_to_one_batch(five_members, tmp_path):
    run = run_ensemble(SPEC, tmp_path, progress=False, member_batch=1)
    assert run.result.compilations == 1 and run.result.n_chunks == 5 * 3
    assert run.member_years == 5 * 3
    assert_bitwise(annual_maps(tmp_path / "annual.nc"), five_members)
    meta = checkpoint_meta(tmp_path / "checkpoint.npz", config_hash(tmp_path / "annual.nc"))
    assert (meta["batch"], meta["chunk"], meta["member_batch"]) == (4, 2, 1)


class Interrupt(Exception):
    pass


def test_batches_of_three_resume_mid_batch(five_members, tmp_path):
    calls = []

    def stop(k, years, a):
        calls.append((k, a["biomass"].shape[1]))
        if len(calls) == 3:         # batch 0 (members 0-2) done, batch 1 wrote 1950, not checkpointed
            raise Interrupt

    with pytest.raises(Interrupt):
        run_ensemble(SPEC, tmp_path, progress=False, member_batch=3, on_year=stop)
    partial = tmp_path / "annual.partial.nc"
    with netCDF4.Dataset(partial) as nc:
        assert nc.last_batch == 1 and nc.last_complete_year == 1950
    meta = checkpoint_meta(tmp_path / "checkpoint.npz", config_hash(partial))
    assert (meta["batch"], meta["chunk"], meta["member_batch"], meta["padded_batch"]) == (1, 0, 3, 3)
    with pytest.raises(InputError, match="'member_batch': 3.*'member_batch': 2.*same --member-batch"):
        run_ensemble(SPEC, tmp_path, progress=False, member_batch=2, resume=True)
    with netCDF4.Dataset(partial, "a") as nc:        # a file older than its checkpoint is refused
        nc.last_batch, nc.last_complete_year = np.int32(0), np.int32(1950)
    with pytest.raises(InputError, match="holds years 1950-1950 of member batch 0 but .* says years "
                                         "1950-1951 of member batch 0 are done"):
        run_ensemble(SPEC, tmp_path, progress=False, member_batch=3, resume=True)
    with netCDF4.Dataset(partial, "a") as nc:
        nc.last_batch, nc.last_complete_year = np.int32(1), np.int32(1950)
    calls.clear()
    run = run_ensemble(SPEC, tmp_path, progress=False, member_batch="auto", resume=True,
                       on_year=lambda k, y, a: calls.append((k, a["biomass"].shape[1])))
    # "auto" keeps the checkpoint's 3; batch 0 is not recomputed, batch 1 redoes 1950 and 1951
    assert calls == [(1, 2), (2, 2)] and run.result.first_chunk == 3 + 1
    assert run.result.compilations == 1
    assert_bitwise(annual_maps(tmp_path / "annual.nc"), five_members)


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
    assert 0 < batches.host_available_bytes() < 1 << 50


class _Cpu:
    platform = "cpu"


class Sized(Exception):
    pass


def test_auto_sizes_one_members_state_without_computing(monkeypatch):
    """``member_batch="auto"`` passes the bytes of one member's state (jax.eval_shape of the
    initial state: (cells, 3, 50) biomass + (cells, 3) effort in float32 + the int32 step)."""
    from jaxocean.ensemble import runner

    def capture(batch, n_members, state_bytes, devices):
        raise Sized(n_members, state_bytes)

    monkeypatch.setattr(runner, "resolve_batch", capture)
    with pytest.raises(Sized) as got:
        run_ensemble(SPEC, "unused", progress=False, write=False, member_batch="auto")
    cells = int(runner.forcing_source(SPEC).base.ocean.sum())
    assert got.value.args == (5, cells * (3 * 50 + 3) * 4 + 4)


@pytest.mark.parametrize("cells", [7, 10])
def test_cell_blocks_bitwise_equal(five_members, tmp_path, cells):
    """Blocks of 7 or 10 of the 47 cells (not divisors: the last block overlaps the one before)
    give the annual.nc of the default run (unblocked: 47 cells fit one cache-sized block)."""
    run = run_ensemble(SPEC, tmp_path, progress=False, cell_block=cells)
    assert run.grid.ocean.sum() == 47
    assert_bitwise(annual_maps(tmp_path / "annual.nc"), five_members)
    with pytest.raises(InputError, match="cell_block: expected a whole number of cells >= 0.*got -1"):
        run_ensemble(SPEC, tmp_path / "bad", progress=False, cell_block=-1)
