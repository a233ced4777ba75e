"""Multi-process ensembles on jax.distributed (CPU, 127.0.0.1): annual.nc bitwise equal to a
single-process run; resume refuses another process count."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import netCDF4
import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.ensemble import distributed, run_folder
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {"ensemble": {"name": "d", "start_year": 1950, "end_year": 1951, "spinup_years": 1,
                       "effort_freeze_year": 1951, "coarsen": 6},
          "members": {"param_sets": [6290, 6363, 9459, 8874, 6920],
                      "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}}
TOML = f"""
[ensemble]
name = "d"
start_year = 1950
end_year = 1951
spinup_years = 1
effort_freeze_year = 1951
coarsen = 6
[members]
param_sets = {CONFIG["members"]["param_sets"]}
forcings = ["GFDL-ESM4:ssp585"]
fishing = [true]
"""
API = """
import json, sys
from jaxocean.ensemble import distributed
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict
port, n, i, out, cfg = sys.argv[1:6]
distributed.initialize(f"127.0.0.1:{port}", int(n), int(i))
run = run_ensemble(from_dict(json.loads(cfg)), out, progress=False)
print("members", run.result.state.biomass.shape[0], run.annual_path)
"""
CLI = "import sys; from jaxocean.cli import main; sys.exit(main())"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(n, argv):
    """Start ``n`` processes of ``argv(port, i)`` (one CPU device each); all must succeed."""
    env = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS", "SLURM_STEP_NUM_TASKS",
                                                            "OMPI_COMM_WORLD_SIZE")}
    env["JAX_PLATFORMS"] = "cpu"
    port = free_port()
    procs = [subprocess.Popen([sys.executable, "-c", *argv(port, i)], cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for i in range(n)]
    outs = [p.communicate(timeout=240)[0] for p in procs]
    for p, text in zip(procs, outs):
        assert p.returncode == 0, text[-3000:]
    return outs


def maps(path):
    with netCDF4.Dataset(path) as nc:
        return {n: np.ma.filled(nc[n][:], np.nan) for n in ("biomass", "catch", "effort", "carcass_flux",
                                                             "fecal_flux", "year", "member", "param_set")}


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    out = tmp_path_factory.mktemp("single")
    run_ensemble(from_dict(CONFIG), out, progress=False)
    return maps(out / "annual.nc")


def assert_bitwise(got, ref):
    for name in ref:
        np.testing.assert_array_equal(got[name], ref[name], err_msg=name)


def test_four_processes_bitwise_equal_to_one(single, tmp_path):
    outs = launch(4, lambda port, i: [API, str(port), "4", str(i), str(tmp_path), json.dumps(CONFIG)])
    assert [o.split("members ")[1].split()[0] for o in outs] == ["2", "1", "1", "1"]  # array_split
    assert_bitwise(maps(tmp_path / "annual.nc"), single)
    assert sorted(p.name for p in (tmp_path / "processes").iterdir()) == [f"p{i}of4" for i in range(4)]
    assert all((tmp_path / "processes" / f"p{i}of4" / "checkpoint.npz").exists() for i in range(4))


def test_two_processes_cli_with_member_batches(single, tmp_path):
    cfg = tmp_path / "d.toml"
    cfg.write_text(TOML)
    out = tmp_path / "out"
    launch(2, lambda port, i: [CLI, "ensemble", "--config", str(cfg), "--out", str(out), "--no-summary",
                               "--member-batch", "2", "--coordinator", f"127.0.0.1:{port}",
                               "--num-processes", "2", "--process-id", str(i)])
    assert_bitwise(maps(out / "annual.nc"), single)
    # a resume must use the same process count: one-line refusals, before any compute
    with pytest.raises(InputError, match=r"was run with 2 processes.*--num-processes 2"):
        distributed.check_folder(out, 4, resume=True, overwrite=False)
    with pytest.raises(InputError, match=r"was run with 2 processes.*--num-processes 2"):
        run_ensemble(from_dict(CONFIG), out, progress=False, resume=True)
    with pytest.raises(InputError, match="already holds a run"):
        distributed.check_folder(out, 2, resume=False, overwrite=False)
    distributed.check_folder(out, 2, resume=True, overwrite=False)   # same count: accepted


def test_member_slices_and_single_process_folder_refused(tmp_path):
    assert [distributed.process_slice(5, 2, i) for i in range(2)] == [(0, 3), (3, 5)]
    assert [distributed.process_slice(5, 4, i) for i in range(4)] == [(0, 2), (2, 3), (3, 4), (4, 5)]
    with pytest.raises(InputError, match="6 processes for 5 members"):
        distributed.process_slice(5, 6, 0)
    (tmp_path / run_folder.CHECKPOINT).write_bytes(b"")
    with pytest.raises(InputError, match="run as a single process"):
        distributed.check_folder(tmp_path, 2, resume=True, overwrite=False)
    with pytest.raises(InputError, match="go together"):
        distributed.initialize("127.0.0.1:1", None, 0)
