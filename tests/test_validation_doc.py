"""docs/VALIDATION.md is rendered from docs/validation_seed002.nc, and the script regenerates
the same table layout on tiny settings, with numbers checked against its own runs' files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from jaxocean.core.grid import EQUATORIAL_CIRCUMFERENCE_KM, MERIDIONAL_CIRCUMFERENCE_KM
from jaxocean.io.netcdf import restore_labels

REPO = Path(__file__).resolve().parents[1]
DOC, DOC_NC = REPO / "docs" / "VALIDATION.md", REPO / "docs" / "validation_seed002.nc"


def load_script():
    spec = importlib.util.spec_from_file_location("validate_seed002", REPO / "experiments" / "validate_seed002.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tables(text: str) -> list[list[list[str]]]:
    out, cur = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            if cur is None:
                cur = []
                out.append(cur)
            cur.append([c.strip() for c in line.strip().strip("|").split("|")])
        else:
            cur = None
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    out = tmp_path_factory.mktemp("validate")
    mod = load_script()
    assert mod.main(["--tiny", "--variants", "alpha_0.8,k1_0.5", "--out", str(out), "--quiet",
                     "--doc", str(out / "V.md")]) == 0
    return mod, out


def test_doc_is_the_rendering_of_the_netcdf():
    mod = load_script()
    with xr.open_dataset(DOC_NC) as raw:
        ds = restore_labels(raw)
        assert mod.render(ds) == DOC.read_text()
        assert set(ds["metric"].values) == set(mod.METRICS)
        assert np.isfinite(ds["value"].sel(scale="demo", variant="default").values).all()


def test_tiny_run_regenerates_the_layout(tiny):
    mod, out = tiny
    doc, new = tables(DOC.read_text()), tables((out / "V.md").read_text())
    head_doc, head_new = doc[0], new[0]
    assert [r[:3] for r in head_doc] == [r[:3] for r in head_new]          # quantity, unit, definition
    assert [len(r) for r in head_doc] == [len(r) for r in head_new]
    assert [r[-1] for r in head_doc] == [r[-1] for r in head_new]           # published values
    sens_doc, sens_new = doc[1], new[1]                                    # demo sensitivity table
    assert [r[:2] for r in sens_doc] == [r[:2] for r in sens_new]
    assert set(sens_new[0][2:]) <= set(sens_doc[0][2:])
    with xr.open_dataset(out / "validation_seed002.nc") as ds:
        assert mod.render(restore_labels(ds)) == (out / "V.md").read_text()


def test_tiny_numbers_from_the_runs(tiny):
    mod, out = tiny
    v = restore_labels(xr.open_dataset(out / "validation_seed002.nc"))["value"].sel(scale="demo")
    # global no-fishing biomass of the 1990s from annual.nc, with an independent cell area
    ann = xr.open_dataset(out / "demo" / "default" / "annual.nc")
    lat = np.deg2rad(ann["lat"].values)
    d = abs(lat[1] - lat[0])
    r = np.sqrt(EQUATORIAL_CIRCUMFERENCE_KM * MERIDIONAL_CIRCUMFERENCE_KM) * 1e3 / (2 * np.pi)   # the project's sphere
    area = (r ** 2 * d * (np.sin(lat + d / 2) - np.sin(lat - d / 2)))[:, None] * np.ones(ann["lon"].size)
    fishing = ann["fishing"].values
    years = ann["year"].values
    dec = (years >= 1990) & (years <= 1999)
    bio = [np.nansum(ann["biomass"].isel(member=i).values[dec] * area, axis=(-2, -1)).mean() / 1e15
           for i in np.flatnonzero(fishing == 0)]
    np.testing.assert_allclose(v.sel(variant="default", metric="biomass_nofish", stat="mean"), np.mean(bio), rtol=1e-5)
    np.testing.assert_allclose(v.sel(variant="default", metric="biomass_nofish", stat="sd"), np.std(bio, ddof=1),
                               rtol=1e-4)
    # alpha enters as the exact factor (1 - alpha) / alpha of Eq. 22
    ratio = (v.sel(variant="alpha_0.8", metric="fecal_export") / v.sel(variant="default", metric="fecal_export"))
    np.testing.assert_allclose(ratio, (0.2 / 0.8) / (0.85 / 0.15), rtol=1e-5)
    np.testing.assert_allclose(v.sel(variant="alpha_0.8", metric="carcass_export"),
                               v.sel(variant="default", metric="carcass_export"), rtol=1e-12)
    # faster remineralization (k1 0.5 /d) injects shallower: shorter durability, same export
    assert (v.sel(variant="k1_0.5", metric="durability_steady", stat="mean")
            < v.sel(variant="default", metric="durability_steady", stat="mean"))
    np.testing.assert_allclose(v.sel(variant="k1_0.5", metric="export_change"),
                               v.sel(variant="default", metric="export_change"), rtol=1e-12)
    assert np.isnan(v.sel(variant="eq18_previous").values).all()           # not run: "not run"
