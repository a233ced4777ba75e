"""docs/PARAMETERS.md and the code defaults agree: every table row's value against the object
its code column names (ranges against the five published BOATS sets)."""

from __future__ import annotations

import importlib
import inspect
import math
import re
from pathlib import Path

import numpy as np

from jaxocean.boats import PUBLISHED_SET_IDS, BoatsParams

DOC = Path(__file__).resolve().parents[1] / "docs" / "PARAMETERS.md"
COLUMNS = ["parameter", "symbol (eq.)", "value", "unit", "source", "seed", "code"]


def table_rows(text: str) -> list[dict]:
    rows, header = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set(line.replace("|", "").strip()) <= {"-"}:
            continue
        rows.append(dict(zip(header, cells)))
    return rows


def resolve(path: str):
    """``pkg.mod.Obj().field``, ``pkg.mod.Cls.method().field``, ``pkg.mod.func(kw)`` (signature
    default), ``pkg.mod.CONST[-1]``."""
    m = re.fullmatch(r"(.+)\[(-?\d+)\]", path)
    if m:
        return resolve(m.group(1))[int(m.group(2))]
    m = re.fullmatch(r"(.+)\((\w+)\)", path)
    if m:
        return inspect.signature(resolve(m.group(1))).parameters[m.group(2)].default
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
            break
        except ModuleNotFoundError:
            continue
    for name in parts[i:]:
        call = name.endswith("()")
        obj = getattr(obj, name.removesuffix("()"))
        obj = obj() if call else obj
    return obj


def parse_numbers(value: str) -> list[float]:
    return [float(v) for v in re.split(r"\s*,\s*|\s+–\s+", value)]


def test_every_row_has_the_columns_and_a_source():
    rows = table_rows(DOC.read_text())
    assert len(rows) >= 30
    for r in rows:
        assert list(r) == COLUMNS, r
        assert r["source"] and r["seed"].split()[0] in ("yes", "no", "symbol"), r


def test_values_match_code():
    checked = 0
    for r in table_rows(DOC.read_text()):
        code = r["code"].strip("`")
        if code == "—":
            continue
        want = parse_numbers(r["value"])
        if code.startswith("sets."):
            got = [float(getattr(BoatsParams.published_set(s), code[5:])) for s in PUBLISHED_SET_IDS]
            digits = [len(v.split(".")[1]) if "." in v else 0 for v in re.split(r"\s+–\s+", r["value"])]
            assert math.isclose(min(got), want[0], abs_tol=0.5 * 10 ** -digits[0]), r
            assert math.isclose(max(got), want[1], abs_tol=0.5 * 10 ** -digits[1]), r
        else:
            got = np.atleast_1d(np.asarray(resolve(code), float))
            np.testing.assert_allclose(got, want, rtol=1e-12, err_msg=str(r))
        checked += 1
    assert checked >= 25


def test_resolver_reads_real_objects():
    """The resolver is not vacuous: a wrong value is caught."""
    assert resolve("jaxocean.boats.CarcassParams().alpha") == 0.15
    assert resolve("jaxocean.transport.idealized_circulation(kv)") == 1e-4
    assert not np.isclose(resolve("jaxocean.export.ExponentialQ10.carcasses().w_sink"), 787.0)
