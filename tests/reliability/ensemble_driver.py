"""Run a tiny ensemble in a fresh process (tests start it with subprocess).

usage: python ensemble_driver.py CONFIG OUT [--resume] [--overwrite] [--sleep S] [--kill-after YEAR]

``--kill-after YEAR`` sends this process SIGKILL right after YEAR was written to the annual
file and before that year's checkpoint; ``--sleep S`` waits S seconds after every year.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))   # this checkout's jaxocean

from jaxocean.ensemble.runner import run_ensemble  # noqa: E402
from jaxocean.ensemble.spec import from_toml  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("config")
p.add_argument("out")
p.add_argument("--resume", action="store_true")
p.add_argument("--overwrite", action="store_true")
p.add_argument("--sleep", type=float, default=0.0)
p.add_argument("--kill-after", type=int, default=None)
a = p.parse_args()


def on_year(k, years, annual):
    if a.kill_after is not None and years[-1] >= a.kill_after:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(a.sleep)


run_ensemble(from_toml(a.config), a.out, resume=a.resume, overwrite=a.overwrite,
             on_year=on_year, progress=False)
print("finished")
