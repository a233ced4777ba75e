"""Files of ``jaxocean ensemble`` (annual.nc, summary.nc, --isimip) pass the offline CF-1.8
checker; CF time axis, label coordinates, missing values, ISIMIP names and fill; Ctrl-C prints
the exact --resume command (exit 130) and the resumed run says where it continues."""

import os
import shlex
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from jaxocean.cli import main
from tests.cfcheck import assert_cf_clean
from tests.ensemble.test_cli import TOML


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("cf")
    (d / "e.toml").write_text(TOML)
    assert main(["ensemble", "--config", str(d / "e.toml"), "--out", str(d / "out"), "--isimip"]) == 0
    return d / "out"


def test_every_file_passes_the_cf_checker(out):
    files = [out / "annual.nc", out / "summary.nc", *sorted((out / "isimip").glob("*.nc"))]
    assert len(files) == 2 + 8          # tcb, tc, tcblog10, tclog10 of the two groups
    for f in files:
        assert_cf_clean(f)


def test_time_axis_labels_and_missing_values(out):
    with xr.open_dataset(out / "summary.nc") as s:
        assert s["time"].attrs["calendar"] == "360_day" if "calendar" in s["time"].attrs else True
        assert s["time"].dt.year.values.tolist() == s["year"].values.tolist() == [1950, 1951]
        assert s.sel(time=slice("1951", "1951"))["c_seq"].shape == (1, 4)      # time slicing works
        assert s["group_label"].values.tolist() == ["GFDL-ESM4:ssp585|fishing", "GFDL-ESM4:ssp585|no fishing"]
        assert s["group"].dtype.kind == "i" and s["period_label"].size == 2
        assert s["layer_top"].attrs["units"] == "m" and s["tlat"].attrs["axis"] == "Y"
        assert s["catch_total"].attrs["comment"] == s["carcass_export"].attrs["comment"] == "yr = 365.25 d"
        land = np.isnan(s["kmca_biomass"].values[0])
        assert land.any() and np.isnan(s["kmca"].values[0][land]).all()
        assert set(np.unique(s["kmca"].values[0][~land])) <= {0.0, 1.0}
    with xr.open_dataset(out / "annual.nc", decode_times=False) as a:
        t = a["time"]
        assert t.attrs["units"] == "days since 1601-01-01 00:00:00" and t.attrs["calendar"] == "360_day"
        # mid-year of 1950 on the 360-day calendar: (1950 - 1601) * 360 + 180 days
        np.testing.assert_array_equal(t.values, [349 * 360 + 180, 350 * 360 + 180])
        np.testing.assert_array_equal(a["time_bnds"].values[0], [349 * 360, 350 * 360])
        assert a["lat"].attrs["standard_name"] == "latitude" and a["lon"].attrs["axis"] == "X"


def test_isimip_names_units_fill_and_values(out):
    name = "boats_gfdl-esm4_nobasd_ssp585_2015soc_default_{}_global_annual_1950_1951.nc"
    with xr.open_dataset(out / "isimip" / name.format("tc"), decode_cf=False) as raw:
        assert raw["tc"].attrs["_FillValue"] == np.float32(1e20) and raw["tc"].attrs["units"] == "g m-2"
        assert raw.data_vars.keys() <= {"tc", "time_bnds", "year"} and "coordinates" not in raw.attrs
        assert (raw["tc"].values == np.float32(1e20)).any()          # land is the 1e20 fill
    with xr.open_dataset(out / "annual.nc") as a, \
            xr.open_dataset(out / "isimip" / name.format("tc")) as tc, \
            xr.open_dataset(out / "isimip" / name.format("tcb")) as tcb:
        fishing = a["fishing"].values == 1                             # members 0, 1 fish
        ref_b = a["biomass"].values[:, fishing].mean(axis=1)
        np.testing.assert_allclose(tcb["tcb"].values, ref_b, rtol=1e-6)
        # catch during the 360-day model year from the rate per 365.25-day year
        ref_c = a["catch"].values[:, fishing].mean(axis=1) * 360 / 365.25
        np.testing.assert_allclose(tc["tc"].values, ref_c, rtol=1e-6)


def test_ctrl_c_prints_the_resume_command(tmp_path, monkeypatch, capsys):
    from jaxocean.ensemble import output

    cfg = tmp_path / "e.toml"
    cfg.write_text(TOML)
    write = output.AnnualWriter.write

    def interrupted(self, year0, annual, **kw):
        if year0 == 1951:
            raise KeyboardInterrupt
        return write(self, year0, annual, **kw)

    monkeypatch.setattr(output.AnnualWriter, "write", interrupted)
    assert main(["ensemble", "--config", str(cfg), "--out", str(tmp_path / "o"), "--no-summary"]) == 130
    err = capsys.readouterr().err
    cmd = err.strip().splitlines()[-1].strip()
    assert cmd == shlex.join(["jaxocean", "ensemble", "--config", str(cfg), "--out", str(tmp_path / "o"),
                              "--no-summary", "--resume"])
    assert "Traceback" not in err
    monkeypatch.setattr(output.AnnualWriter, "write", write)
    assert main(shlex.split(cmd)[1:]) == 0
    err = capsys.readouterr().err
    assert "resuming after year 1950" in err
    bar_lines = [line for line in err.split("\n") if "clitest:" in line]
    assert len(bar_lines) == 1 and "2/2 yr" in bar_lines[0]           # one bar, no line per year
    with xr.open_dataset(tmp_path / "o" / "annual.nc") as a:
        assert a["year"].values.tolist() == [1950, 1951]


def test_figures_resolution_and_no_backend_switch(out):
    import subprocess
    import sys

    from PIL import Image

    for name in ("kmca.png", "trajectories.png"):
        with Image.open(out / name) as im:
            assert round(im.info["dpi"][0]) >= 150 and im.size[0] >= 1500
    code = "import matplotlib, jaxocean.ensemble.figures; print(matplotlib.get_backend())"
    root = Path(__file__).resolve().parents[2]
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MPLBACKEND": "svg"}, cwd=root)
    assert got.stdout.strip() == "svg"
