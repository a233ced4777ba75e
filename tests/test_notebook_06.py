import pytest


@pytest.mark.notebook
def test_notebook_06_runs(run_notebook):
    nb = run_notebook("06_ensemble_gpu.ipynb")
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "nb06_small, 4 members" in text and "compiled 1x" in text
    assert "KMCA cells per period" in text and "sequestration time" in text
