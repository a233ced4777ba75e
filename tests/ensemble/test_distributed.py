"""Multi-process ensembles on jax.distributed (CPU, 127.0.0.1): annual.nc bitwise equal to a
single-process run; resume refuses another process count."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from jaxocean.core.validate import InputError
from jaxocean.ensemble import distributed, run_folder
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import from_dict
from tests.ensemble.conftest import FIVE, annual_maps, assert_bitwise

ROOT = Path(__file__).resolve().parents[2]
TOML = "\n".join(f"[{table}]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in FIVE[table].items())
                 for table in ("ensemble", "members"))
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


def test_four_processes_bitwise_equal_to_one(five_members, tmp_path):
    outs = launch(4, lambda port, i: [API, str(port), "4", str(i), str(tmp_path), json.dumps(FIVE)])
    assert [o.split("members ")[1].split()[0] for o in outs] == ["2", "1", "1", "1"]  # array_split
    assert_bitwise(annual_maps(tmp_path / "annual.nc"), five_members)
    assert sorted(p.name for p in (tmp_path / "processes").iterdir()) == [f"p{i}of4" for i in range(4)]
    assert all((tmp_path / "processes" / f"p{i}of4" / "checkpoint.npz").exists() for i in range(4))


def test_two_processes_cli_with_member_batches(five_members, tmp_path):
    cfg = tmp_path / "d.toml"
    cfg.write_text(TOML)
    out = tmp_path / "out"
    launch(2, lambda port, i: [CLI, "ensemble", "--config", str(cfg), "--out", str(out), "--no-summary",
                               "--member-batch", "2", "--coordinator", f"127.0.0.1:{port}",
                               "--num-processes", "2", "--process-id", str(i)])
    assert_bitwise(annual_maps(out / "annual.nc"), five_members)
    # a resume must use the same process count: one-line refusals, before any compute
    with pytest.raises(InputError, match=r"was run with 2 processes.*--num-processes 2"):
        distributed.check_folder(out, 4, resume=True, overwrite=False)
    with pytest.raises(InputError, match=r"was run with 2 processes.*--num-processes 2"):
        run_ensemble(from_dict(FIVE), out, progress=False, resume=True)
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


def test_cluster_detection(monkeypatch):
    for var in ("SLURM_STEP_NUM_TASKS", "OMPI_COMM_WORLD_SIZE"):
        monkeypatch.delenv(var, raising=False)
    assert distributed.detected_cluster() is None
    monkeypatch.setenv("SLURM_STEP_NUM_TASKS", "1")         # srun -n 1: a single process
    assert distributed.detected_cluster() is None
    monkeypatch.setenv("OMPI_COMM_WORLD_SIZE", "4")
    assert distributed.detected_cluster() == "Open MPI"
    monkeypatch.setenv("SLURM_STEP_NUM_TASKS", "8")
    assert distributed.detected_cluster() == "SLURM"


class Interrupt(Exception):
    pass


def test_each_process_resumes_from_its_own_checkpoint(five_members, tmp_path, monkeypatch):
    """Two processes simulated one after the other in this process (process index and count
    patched, barriers a no-op): process 1 is interrupted and resumes from its own checkpoint,
    then process 0 runs its slice and merges."""
    import jax

    monkeypatch.setattr(distributed, "barrier", lambda name: None)
    monkeypatch.setattr(jax, "process_count", lambda: 2)

    def as_process(i, **kw):
        monkeypatch.setattr(jax, "process_index", lambda: i)
        return run_ensemble(from_dict(FIVE), tmp_path, progress=False, **kw)

    def stop(k, years, a):
        if years[0] == 1951:
            raise Interrupt

    with pytest.raises(Interrupt):
        as_process(1, on_year=stop)
    assert not (tmp_path / "annual.nc").exists()
    run = as_process(1, resume=True)
    assert run.result.first_chunk == 2 and run.result.state.biomass.shape[0] == 2   # members 3-4
    run = as_process(0)
    assert run.annual_path == tmp_path / "annual.nc"
    assert_bitwise(annual_maps(tmp_path / "annual.nc"), five_members)
