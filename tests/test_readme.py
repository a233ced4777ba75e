"""The README's "Quick start in Python" runs as written (its code blocks, in order, in one namespace)."""

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"


def quick_start_blocks() -> list[str]:
    text = README.read_text()
    section = text.split("## Quick start in Python", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_python_quick_start_runs(tmp_path, monkeypatch):
    import jax

    x64 = jax.config.read("jax_enable_x64")
    blocks = quick_start_blocks()
    assert len(blocks) == 4
    monkeypatch.chdir(tmp_path)
    ns = {}
    try:
        for block in blocks:
            exec(compile(block, str(README), "exec"), ns)
    finally:
        jax.config.update("jax_enable_x64", x64)      # the README switches float64 on
    assert (tmp_path / "boats_box.nc").exists() and float(ns["fish"]["biomass_total"].max()) > 0
    assert ns["chem"]["ph"].dims == ("depth",) and np.all((ns["chem"]["ph"] > 7.5) & (ns["chem"]["ph"] < 8.4))
    assert ns["profile"].attrs["units"] == "mg m-2 d-1"
    assert abs(float(ns["errors"].theta[0]) - 0.86) < 3 * float(ns["errors"].se[0]) + 0.02
