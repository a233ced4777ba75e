"""The API reference builds from the docstrings (mkdocs + mkdocstrings, offline) with
``mkdocs build --strict``: a docstring naming a parameter the signature lacks, a broken
cross-reference or a missing page fails the test (~6 s)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_api_reference_builds(tmp_path):
    pytest.importorskip("mkdocstrings")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    carbonate = (tmp_path / "site" / "carbonate" / "index.html").read_text()
    assert "solve_mocsy" in carbonate and "mol m-3 or umol kg-1" in carbonate      # from the docstrings
    assert "write_isimip" in (tmp_path / "site" / "ensemble" / "index.html").read_text()
