"""Progress bars: one bar, rate and ETA without the compiling first step, resume line; fits."""

import logging
import time

import equinox as eqx
import numpy as np

from jaxocean.core.progress import Progress


def test_rate_excludes_first_step_and_resume_is_logged(capsys, caplog):
    bar = Progress("run", unit="yr", label=lambda k: f"year {2000 + k}")
    with caplog.at_level(logging.INFO, logger="jaxocean"):
        bar.start(2, 6)
    assert "[run] resuming after year 2001" in caplog.text
    bar.advance(2)                       # the "compiling" step
    t0 = bar.bar.start_t
    for k in (3, 4, 5):
        time.sleep(0.05)
        bar.advance(k)
    d = bar.bar.format_dict
    assert d["initial"] == 3 and d["n"] == 6 and bar.bar.start_t >= t0
    rate = (d["n"] - d["initial"]) / d["elapsed"]
    assert 10 < rate < 25                # 3 steps in ~0.15 s, not diluted by the first step
    bar.close()
    err = capsys.readouterr().err
    bar_lines = [line for line in err.split("\n") if " yr" in line]   # log lines may share stderr
    assert len(bar_lines) == 1 and "6/6 yr" in err and "year 2005" in err


def test_fit_progress_same_result(capsys):
    from jaxocean.calibrate import FreeParameters, Observations, Problem, fit

    class Line(eqx.Module):
        a: float = 1.0
        b: float = 1.0

    x = np.linspace(1.0, 3.0, 6)
    prob = Problem(lambda p, x: p.a + p.b * x, x, FreeParameters.select(Line(), ("a", "b")),
                   Observations.lognormal(2.0 + 0.5 * x, 0.05))
    plain, shown = fit(prob), fit(prob, progress=True)
    assert float(plain.loss) == float(shown.loss) and int(plain.n_steps) == int(shown.n_steps)
    err = capsys.readouterr().err
    assert f"{int(shown.n_steps)}/{int(shown.n_steps)} step" in err and "loss" in err
