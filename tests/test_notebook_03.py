import pytest


@pytest.mark.notebook
def test_notebook_03_runs(run_notebook):
    text = run_notebook("03_export_sequestration.ipynb")
    assert "sum C_inj = 5.000000000000000" in text
    assert "sequestration time" in text and "origin map sums to" in text
    assert "dC_seq/dQ10" in text
    assert "F100" in text
