"""Notebook 02 (BOATS) executes headless on small settings."""

import pytest


@pytest.mark.notebook
def test_notebook_02_runs(run_notebook):
    text = run_notebook("02_boats.ipynb")
    assert "ocean cells" in text and "Tg C/yr" in text
