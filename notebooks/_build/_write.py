"""Shared by the notebook builders: write a list of cells as notebooks/<name> (no outputs)."""

from pathlib import Path

import nbformat as nbf

METADATA = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}}


def write(cells, name: str) -> Path:
    out = Path(__file__).resolve().parents[1] / name
    nbf.write(nbf.v4.new_notebook(cells=cells, metadata=METADATA), out)
    print("wrote", out)
    return out
