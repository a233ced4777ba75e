"""Shared test fixtures.

* 64-bit mode is on for the whole suite (reference comparisons are float64; float32 tests
  cast explicitly).
* ``shared`` gives paths into ../shared and skips cleanly when it is absent (a fresh clone).
* ``run_notebook`` executes a notebook headless with JAXOCEAN_SMALL=1 (small settings) and
  returns what its cells printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jaxocean

jaxocean.enable_float64()

REPO = Path(__file__).resolve().parents[1]


class Shared:
    def __init__(self, root: Path):
        self.root = root

    def __call__(self, *parts: str) -> Path:
        p = self.root.joinpath(*parts)
        if not p.exists():
            pytest.skip(f"shared file {'/'.join(parts)} not present")
        return p


@pytest.fixture(scope="session")
def shared():
    from jaxocean.io.paths import shared_dir

    root = shared_dir()
    if root is None:
        pytest.skip("../shared (real data and references) is not present")
    return Shared(root)


@pytest.fixture
def run_notebook(tmp_path, monkeypatch):
    """Execute ``notebooks/<name>`` headless in ``tmp_path`` at small settings; return the
    text its code cells printed (stdout/stderr streams), joined by newlines."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("JAXOCEAN_SMALL", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")

    def _run(name: str, timeout: int = 600) -> str:
        nb = nbformat.read(REPO / "notebooks" / name, as_version=4)
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                         resources={"metadata": {"path": str(tmp_path)}})
        client.execute()
        return "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                         for o in c.get("outputs", []))

    return _run
