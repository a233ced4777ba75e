"""Output folders under faults: real SIGKILL, two concurrent runs, reruns, corrupt files.

Every run here is a separate process (tests/reliability/ensemble_driver.py) on a tiny spec:
2 members, 3 years, the embedded demo forcing at 30 degrees.
"""

import contextlib
import io
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import netCDF4
import numpy as np
import pytest

from jaxocean.cli import main
from jaxocean.core.chunked import checkpoint_chunk, save_checkpoint
from jaxocean.core.validate import InputError

DRIVER = Path(__file__).with_name("ensemble_driver.py")
TOML = """
[ensemble]
name = "faults"
start_year = 1950
end_year = 1952
spinup_years = 0
coarsen = 6

[members]
param_sets = [6290]
forcings = ["GFDL-ESM4:ssp585"]
fishing = [true, false]
"""
FIELDS = ("biomass", "catch", "effort", "carcass_flux", "fecal_flux")


def start(cfg, out, *flags):
    return subprocess.Popen([sys.executable, str(DRIVER), str(cfg), str(out), *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc, timeout=120):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out + err


def annual(path):
    with netCDF4.Dataset(path) as nc:
        return {n: np.ma.filled(nc[n][:], np.nan) for n in (*FIELDS, "year")}


def assert_bitwise(a, b):
    for n in a:
        assert a[n].shape == b[n].shape, n
        assert np.array_equal(a[n], b[n], equal_nan=True), n


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """In parallel: a solo run; a slow run into a folder that a second run tries to use
    meanwhile; an --overwrite of a finished run, SIGKILLed after its first year, then resumed."""
    root = tmp_path_factory.mktemp("faults")
    cfg = root / "tiny.toml"
    cfg.write_text(TOML)
    old = root / "killed"
    old.mkdir()
    (old / "annual.nc").write_text("a finished run")
    save_checkpoint(old / "checkpoint.npz", {"x": np.zeros(2)}, 2, "old-run")   # says "complete"
    solo = start(cfg, root / "solo")
    first = start(cfg, root / "shared", "--sleep", "1")
    killed = start(cfg, old, "--overwrite", "--kill-after", "1951")
    deadline = time.time() + 120
    while not (root / "shared" / "annual.partial.nc").exists():     # first run holds the folder
        assert first.poll() is None and time.time() < deadline, finish(first)
        time.sleep(0.1)
    argv = ["ensemble", "--config", str(cfg), "--out", str(root / "shared"), "--no-summary"]
    with contextlib.redirect_stderr(io.StringIO()) as err:
        second = main(argv)
    still_running = first.poll() is None
    killed = finish(killed)
    after_kill = {"files": sorted(p.name for p in old.iterdir()),
                  "chunk": checkpoint_chunk(old / "checkpoint.npz", _hash(old))}
    resumed = start(cfg, old, "--resume")
    return {"root": root, "cfg": cfg, "solo": finish(solo), "first": finish(first),
            "second": (second, err.getvalue()), "still_running": still_running,
            "killed": killed, "after_kill": after_kill, "resumed": finish(resumed)}


def test_second_concurrent_run_refused_first_bitwise_as_solo(runs):
    rc, err = runs["second"]
    assert runs["still_running"]
    assert rc == 2
    assert "is in use by another jaxocean run" in err, err
    assert runs["first"][0] == 0 and runs["solo"][0] == 0, (runs["first"], runs["solo"])
    root = runs["root"]
    assert_bitwise(annual(root / "shared" / "annual.nc"), annual(root / "solo" / "annual.nc"))
    assert annual(root / "solo" / "annual.nc")["year"].tolist() == [1950, 1951, 1952]
    assert not list((root / "shared").glob("*.tmp*"))


def test_sigkill_during_overwrite_then_resume_is_bitwise(runs):
    assert runs["killed"][0] == -signal.SIGKILL, runs["killed"]
    # the old "complete" checkpoint and annual.nc are gone; 1950 is checkpointed, 1951 written
    assert runs["after_kill"]["files"] == [".jaxocean.lock", "annual.partial.nc", "checkpoint.npz"]
    assert runs["after_kill"]["chunk"] == 0
    assert runs["resumed"][0] == 0, runs["resumed"]
    root = runs["root"]
    assert_bitwise(annual(root / "killed" / "annual.nc"), annual(root / "solo" / "annual.nc"))
    assert not (root / "killed" / "annual.partial.nc").exists()


def _hash(out):
    with netCDF4.Dataset(out / "annual.partial.nc") as nc:
        return nc.config_hash


def test_rerun_without_flags_keeps_finished_run(runs, tmp_path, capsys):
    out = tmp_path / "done"
    shutil.copytree(runs["root"] / "solo", out)
    before = (out / "annual.nc").read_bytes()
    assert main(["ensemble", "--config", str(runs["cfg"]), "--out", str(out), "--no-summary"]) == 2
    assert "already holds a run (annual.nc, checkpoint.npz); use --resume" in capsys.readouterr().err
    assert (out / "annual.nc").read_bytes() == before


def test_resume_checks_annual_against_checkpoint(runs, tmp_path, capsys):
    out = tmp_path / "lost"
    shutil.copytree(runs["root"] / "solo", out)
    (out / "annual.nc").unlink()                   # checkpoint says complete, results gone
    argv = ["ensemble", "--config", str(runs["cfg"]), "--out", str(out), "--resume", "--no-summary"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "says years up to 1952 are done but" in err and "annual.partial.nc is missing" in err
    shutil.copy(runs["root"] / "solo" / "annual.nc", out / "annual.partial.nc")
    with netCDF4.Dataset(out / "annual.partial.nc", "a") as nc:
        nc.last_complete_year = np.int32(1950)     # file older than its checkpoint
    assert main(argv) == 2
    assert "holds years 1950-1950 but" in capsys.readouterr().err


def test_corrupt_checkpoint_one_line_error(runs, tmp_path, capsys):
    out = tmp_path / "corrupt"
    shutil.copytree(runs["root"] / "solo", out)
    data = (out / "checkpoint.npz").read_bytes()
    (out / "checkpoint.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"checkpoint .*checkpoint.npz is unreadable .*--overwrite"):
        checkpoint_chunk(out / "checkpoint.npz", "x")
    assert main(["ensemble", "--config", str(runs["cfg"]), "--out", str(out), "--resume",
                 "--no-summary"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "checkpoint.npz is unreadable" in err and "Traceback" not in err


def test_summary_refuses_missing_years(runs, tmp_path):
    from jaxocean.ensemble.runner import EnsembleRun
    from jaxocean.ensemble.spec import from_toml
    from jaxocean.ensemble.summary import summarise

    out = tmp_path / "holes"
    shutil.copytree(runs["root"] / "solo", out)
    spec = from_toml(runs["cfg"])
    with netCDF4.Dataset(out / "annual.nc", "a") as nc:
        nc["biomass"][1, 1] = np.nan                  # one (year, member) map lost
    with pytest.raises(InputError, match=r"biomass of member 1 has no value in year\(s\) \[1951\]"):
        summarise(EnsembleRun(spec, out, out / "annual.nc", "demo", None))
    with netCDF4.Dataset(out / "annual.nc", "a") as nc:
        nc.last_complete_year = np.int32(1951)
    with pytest.raises(InputError, match="holds 1950-1951, the spec needs 1950-1952"):
        summarise(EnsembleRun(spec, out, out / "annual.nc", "demo", None))


def test_summary_holds_the_folder_lock(runs, tmp_path):
    """The summary takes the run folder's lock before reading annual.nc, not only to write."""
    from jaxocean.ensemble.runner import EnsembleRun
    from jaxocean.ensemble.spec import from_toml
    from jaxocean.ensemble.summary import summarise

    out = tmp_path / "held"
    shutil.copytree(runs["root"] / "solo", out)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[2]); "
                               "from jaxocean.core.atomic import output_lock\n"
                               "with output_lock(sys.argv[1]):\n print('held', flush=True); time.sleep(60)",
                               str(out), str(DRIVER.parents[2])], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match="is in use by another jaxocean run"):
            summarise(EnsembleRun(from_toml(runs["cfg"]), out, out / "annual.nc", "demo", None))
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "summary.nc").exists()
