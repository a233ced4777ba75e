import pytest


@pytest.mark.notebook
def test_notebook_01_runs(run_notebook):
    text = run_notebook("01_carbonate_and_co2_factor.ipynb")
    assert "peak" in text and "eta" in text and "df/dTA" in text
