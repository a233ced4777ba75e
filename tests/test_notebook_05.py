import pytest


@pytest.mark.notebook
def test_notebook_05_runs(run_notebook):
    nb = run_notebook("05_calibration.ipynb")
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "co2.d: truth" in text                       # the CO2-factor twin always runs
    assert ("RMSE log10" in text and "not separately identifiable" in text) or "Skipping the real-data fit" in text
