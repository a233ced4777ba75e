import pytest


@pytest.mark.notebook
def test_notebook_01_runs(run_notebook):
    nb = run_notebook("01_carbonate_and_co2_factor.ipynb")
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "peak" in text and "eta" in text and "df/dTA" in text
