"""Notebook 02 (BOATS) executes headless on small settings."""

import pytest


@pytest.mark.notebook
def test_notebook_02_runs(run_notebook):
    nb = run_notebook("02_boats.ipynb")
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "ocean cells" in text and "Tg C/yr" in text
