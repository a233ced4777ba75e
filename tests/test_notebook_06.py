import pytest


@pytest.mark.notebook
def test_notebook_06_runs(run_notebook):
    text = run_notebook("06_ensemble_gpu.ipynb")
    assert "nb06_small, 4 members" in text and "compiled 1x" in text
    assert "KMCA cells per period" in text and "sequestration time" in text
