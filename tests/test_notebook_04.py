import pytest


@pytest.mark.notebook
def test_notebook_04_runs(run_notebook):
    text = run_notebook("04_pic_export_traps.ipynb")
    assert "global total" in text and "d total / d mu_a" in text
    assert "10304 PIC observations" in text or "../shared is absent" in text
