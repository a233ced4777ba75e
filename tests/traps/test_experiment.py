"""experiments/pic_trap_analysis.py end to end on the real traps with a small synthetic climatology."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tests.cfcheck import assert_cf_clean

SCRIPT = Path(__file__).resolve().parents[2] / "experiments" / "pic_trap_analysis.py"


def load_script():
    spec = importlib.util.spec_from_file_location("pic_trap_analysis", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_exits_clearly_without_shared(monkeypatch):
    mod = load_script()
    monkeypatch.setattr(mod, "shared_path", lambda *parts: None)
    with pytest.raises(SystemExit, match="needs the shared real data"):
        mod.locate_inputs()


def test_full_run_with_climatology(shared, tmp_path, capsys):
    mod = load_script()
    lat, lon = np.arange(-87.5, 90, 5.0), np.arange(2.5, 360, 5.0)
    month = np.arange(1, 13)
    seasonal = 1.0 + 0.5 * np.sin(2 * np.pi * month / 12)[:, None, None] * np.sign(lat)[None, :, None]
    pic = np.broadcast_to(seasonal, (12, lat.size, lon.size))          # mg C m-2 d-1, annual mean 1
    ds = xr.Dataset({"pic_production": (("month", "lat", "lon"), pic, {"units": "mg m-2 d-1"}),
                     "npp": (("month", "lat", "lon"), 300.0 * pic, {"units": "mg m-2 d-1"})},
                    coords={"month": month, "lat": lat, "lon": lon})
    clim = tmp_path / "clim.nc"
    ds.to_netcdf(clim)
    out = tmp_path / "out"
    assert mod.main(["--out", str(out), "--climatology", str(clim)]) == 0
    text = capsys.readouterr().out
    assert "100-500m" in text and "2640" in text                          # Table 1 printed
    t1 = pd.read_csv(out / "table1.csv", index_col=0)
    assert t1.loc[">4000m"].tolist() == [672, 26]
    for name in ("regressions_annual.csv", "regressions_monthly.csv", "matchups.csv", "fig1_trap_map.png",
                 "fig5_flux_vs_production.png", "fig6_slope_matrix.png", "fig7_latitudinal_efficiency.png",
                 "reccap2_seed_regions.nc", "bands_monthly.csv", "pic_poc_by_layer.csv"):
        assert (out / name).stat().st_size > 0, name
    assert_cf_clean(out / "reccap2_seed_regions.nc")
    # a uniform 1 mg C m-2 d-1 over the open ocean: total = ocean area x 365.25 d / 1e18
    total = float(text.split("global annual pic_production:")[1].split("Pg")[0])
    assert 0.11 < total < 0.14                                          # ~3.3e14 m2 deeper than 200 m
    npp_total = float(text.split("global annual npp:")[1].split("Pg")[0])
    assert npp_total == pytest.approx(300.0 * total, rel=1e-5)
    m = pd.read_csv(out / "matchups.csv")
    assert {"PP", "EP", "pic_production", "npp", "region", "layer"} <= set(m.columns)
    fits = pd.read_csv(out / "regressions_monthly.csv")
    assert set(fits["x"]) == {"pic_production", "npp"} and (fits["n"] > 0).all()   # no empty groups
    assert "Global" in set(fits["region"].astype(str))
