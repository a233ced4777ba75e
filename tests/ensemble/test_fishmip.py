"""FishMIP log10 weight bins: the class-to-bin split against the analytic overlap, and the
ISIMIP3b ``tcblog10`` / ``tclog10`` files of a tiny ensemble (bins of ``annual.nc`` sum to the
biomass and the catch of ``boats.step(..., by_class=True)``, binned files to tcb / tc;
unresolved bins missing; CF-clean)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from jaxocean.boats import size_bins
from jaxocean.boats.mass_grid import MassGrid
from tests.cfcheck import assert_cf_clean
from tests.ensemble.test_cli import TOML


def test_bins_of_a_flat_density_are_the_bin_widths():
    # biomass density c per g on 10 g .. 100 kg: class k holds c dm_k, bin j holds c x its width
    g = MassGrid()
    c = 0.37
    got = size_bins.bin_sums(np.asarray(c * g.dmass[0]), g)
    assert size_bins.bins_in_range(g) == (1, 2, 3, 4)
    np.testing.assert_allclose(got, [c * 90.0, c * 900.0, c * 9.0e3, c * 9.0e4], rtol=1e-12)
    f = size_bins.class_fractions(g)
    np.testing.assert_allclose(f.sum(axis=1), 1.0, rtol=1e-15)
    # class 13 spans 10^1.96 .. 10^2.04 g: its part below 100 g is (100 - 10^1.96) / width
    lo, hi = g.bounds[12], g.bounds[13]
    assert f[12, 1] == pytest.approx((100.0 - lo) / (hi - lo), rel=1e-12) and 0.47 < f[12, 1] < 0.48
    # a grid ending at 300 g puts nothing beyond the 100 g - 1 kg bin
    assert size_bins.bins_in_range(MassGrid(mass_max=300.0, minf=(50.0, 200.0, 300.0))) == (1, 2)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from jaxocean.ensemble.fishmip import write_isimip
    from jaxocean.ensemble.runner import run_ensemble
    from jaxocean.ensemble.spec import from_toml

    d = tmp_path_factory.mktemp("fishmip")
    (d / "e.toml").write_text(TOML.replace("end_year = 1951", "end_year = 1950\nlog10_bins = true")
                              .replace("[6290, 9459]", "[6290]").replace("[true, false]", "[true]"))
    result = run_ensemble(from_toml(d / "e.toml"), d / "out", progress=False)
    return result, write_isimip(result)


def test_binned_files_sum_to_tcb_and_tc(run):
    result, paths = run
    name = "boats_gfdl-esm4_nobasd_ssp585_2015soc_default_{}_global_annual_1950_1950.nc"
    assert sorted(p.name for p in paths) == sorted(name.format(v) for v in ("tcb", "tc", "tcblog10", "tclog10"))
    isimip = result.out_dir / "isimip"
    with xr.open_dataset(isimip / name.format("tcblog10"), decode_cf=False) as raw:
        assert raw["tcblog10"].dims == ("time", "bins", "lat", "lon")
        assert raw["tcblog10"].attrs["units"] == "g m-2" and raw["tcblog10"].attrs["_FillValue"] == np.float32(1e20)
        assert (raw["tcblog10"].values[:, [0, 5]] == np.float32(1e20)).all()   # no BOATS class < 10 g or > 100 kg
    for binned, total in (("tcblog10", "tcb"), ("tclog10", "tc")):
        with xr.open_dataset(isimip / name.format(binned)) as b, xr.open_dataset(isimip / name.format(total)) as t:
            assert b["bins_label"].values.astype(str).tolist() == list(size_bins.LABELS)
            ocean = np.isfinite(t[total].values)
            assert np.isfinite(b[binned].values[:, 1:5]).all(axis=1)[ocean].all()
            assert t[total].values[ocean].min() > 0
            np.testing.assert_allclose(b[binned].sum("bins").values[ocean], t[total].values[ocean], rtol=2e-5)
    assert_cf_clean(isimip / name.format("tclog10"))
    with xr.open_dataset(result.annual_path) as a:       # annual.nc: per member, before the group mean
        names = [size_bins.NAMES[j] for j in size_bins.bins_in_range()]
        for field in ("biomass", "catch"):
            total = sum(a[f"{field}_{n}"] for n in names)
            ocean = np.isfinite(a[field].values)
            np.testing.assert_allclose(total.values[ocean], a[field].values[ocean], rtol=2e-5)


def test_log10_bins_option_is_checked_and_hashed_only_when_on():
    from jaxocean.core.validate import InputError
    from jaxocean.ensemble.spec import EnsembleSpec, Member

    m = (Member(6290, "GFDL-ESM4:ssp585", True),)
    with pytest.raises(InputError, match="ensemble.log10_bins: expected true/false"):
        EnsembleSpec(members=m, log10_bins="yes")
    assert "log10_bins" not in EnsembleSpec(members=m).to_dict()
    assert EnsembleSpec(members=m, log10_bins=True).to_dict()["log10_bins"] is True
