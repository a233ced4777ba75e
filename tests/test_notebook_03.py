import pytest


@pytest.mark.notebook
def test_notebook_03_runs(run_notebook):
    nb = run_notebook("03_export_sequestration.ipynb")
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "sum C_inj = 5.000000000000000" in text
    assert "sequestration time" in text and "origin map sums to" in text
    assert "dC_seq/dQ10" in text
    assert "F100" in text
