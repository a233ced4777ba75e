"""Ensemble sequestration on an OCIM-format circulation: conservative regridding of the BOATS
flux maps, injection into the operator's own wet layers, C_seq against direct solves."""

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from jaxocean import transport
from jaxocean.core.grid import cell_area_exact, cell_centres
from jaxocean.core.validate import InputError
from jaxocean.ensemble import sequestration as seq
from jaxocean.ensemble.runner import run_ensemble
from jaxocean.ensemble.spec import TransportSpec, from_dict, from_toml
from jaxocean.ensemble.summary import summarise
from jaxocean.transport.regrid import conservative_regrid

Z = [0.0, 40.0, 100.0, 250.0, 600.0, 1500.0, 3000.0]      # irregular layers
GT = 365.25 / 1e18                                          # mg C m-2 d-1 x m2 -> GtC yr-1


@pytest.fixture(scope="module")
def ocim_file(tmp_path_factory):
    """A small OCIM-format file: 10 x 18 x 6 boxes, land, varying column depth, lat -80..80."""
    n_wet = np.random.default_rng(3).choice([0, 0, 2, 3, 4, 5, 6, 6, 6], size=(10, 18))
    wet = np.arange(len(Z) - 1) < n_wet[..., None]
    op = transport.idealized_circulation(np.linspace(-80.0, 80.0, 10), 10.0 + 20.0 * np.arange(18), Z, wet)
    return transport.write_ocim(tmp_path_factory.mktemp("ocim") / "OCIM_small.mat", op)


@pytest.fixture(scope="module")
def src_grid():
    lat, lon = cell_centres(10.0)
    area = np.asarray(cell_area_exact(lat, 10.0, 10.0))[:, None] * np.ones(lon.size)
    rng = np.random.default_rng(0)
    ocean = rng.random(area.shape) > 0.2
    fluxes = [np.where(ocean, rng.random((3,) + area.shape) * s, np.nan) for s in (0.4, 1.0)]  # mg C m-2 d-1
    temp = np.where(ocean, 5.0 + 20.0 * np.cos(np.deg2rad(lat))[:, None], np.nan) * np.ones((3, 1, 1))
    return lat, lon, area, ocean, fluxes, temp


def test_regrid_inject_and_sequester_on_ocim(ocim_file, src_grid):
    lat, lon, area, ocean, (carcass, fecal), temp = src_grid
    tg = seq.ocim_transport(ocim_file, lat, lon, area)
    op = tg.operator
    export_src = np.nansum((carcass + fecal) * area, axis=(-2, -1)) * GT            # (3,) GtC yr-1
    rg = tg.regrid
    export_dst = transport.export_gtc_per_year(op, rg.density(np.nan_to_num(carcass))
                                               + rg.density(np.nan_to_num(fecal)))
    np.testing.assert_allclose(export_dst, export_src, rtol=1e-12)
    # flux over the operator's land is what an all-wet destination puts on those columns
    everywhere = conservative_regrid(lat, lon, area, op.lat, op.lon, op.area + ~tg.ocean, np.ones_like(tg.ocean))
    on_land = np.sum(np.asarray(everywhere.mass(np.nan_to_num(carcass + fecal) * area))[:, ~tg.ocean], axis=-1)
    moved = np.asarray(rg.moved(np.nan_to_num(carcass + fecal)))
    np.testing.assert_allclose(moved, on_land, rtol=1e-12)
    assert 0.05 < moved[0] / (export_src[0] / GT) < 0.6

    inj = seq.regridded_injection(tg, carcass, fecal, temp, ocean)                   # (3, ny, nx, nz)
    np.testing.assert_allclose(transport.export_gtc_per_year(op, inj.sum(-1)), export_src, rtol=1e-12)
    below_floor = np.arange(len(Z) - 1) >= op.n_wet_layers[..., None]
    assert np.all(np.asarray(inj)[:, below_floor] == 0.0)
    last = np.arange(len(Z) - 1) == op.n_wet_layers[..., None] - 1
    assert np.all(np.asarray(inj)[:, last & tg.ocean[..., None]].min() > 0)          # floor flux kept

    res = seq.member_sequestration(tg, lambda x: x, inj)                               # one year at a time
    np.testing.assert_allclose(res["export"], export_src, rtol=1e-12)
    direct = transport.SequestrationModel.build(transport.read_ocim(ocim_file))
    for k, year in enumerate((0, -1)):
        c = transport.steady_state(direct, transport.source_from_injection(direct.operator, inj[year]))
        np.testing.assert_allclose(res["c_seq_steady"][k], transport.carbon_gtc(direct.operator, c), rtol=1e-10)
    c_t = transport.transient(direct, transport.source_from_injection(direct.operator, inj))
    np.testing.assert_allclose(res["c_seq"], transport.carbon_gtc(direct.operator, c_t), rtol=1e-10)
    np.testing.assert_allclose(res["c_seq"][0], res["c_seq_steady"][0], rtol=1e-10)


ENS = {"name": "ocimtest", "start_year": 1950, "end_year": 1951, "spinup_years": 0, "coarsen": 6,
       "precision": "float64"}
MEMBERS = {"param_sets": [6290, 9459], "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}


def test_summary_chain_with_ocim_config(ocim_file, tmp_path):
    spec = from_dict({"ensemble": ENS, "members": MEMBERS,
                      "transport": {"ocim": str(ocim_file), "tr_units": "yr-1"}})
    run = run_ensemble(spec, tmp_path, progress=False)
    s = summarise(run)
    with xr.open_dataset(tmp_path / "summary.nc") as f:
        assert "OCIM file OCIM_small.mat" in f.attrs["transport"]
        np.testing.assert_allclose(f["c_seq"].values, s["c_seq"].values)
    boats_export = s["carcass_export"].values + s["fecal_export"].values            # on the BOATS grid
    np.testing.assert_allclose(s["export"].values, boats_export, rtol=1e-12)
    assert s["c_seq"].shape == (2, 2) and (s["c_seq"] > 0).all() and (s["export_moved"] >= 0).all()
    assert s.sizes["tlat"] == 10 and s.sizes["layer"] == len(Z) - 1
    default = summarise(run, transport=TransportSpec())                             # F100-constrained
    assert default.attrs["transport"].startswith("F100-constrained (OCIM2-48L, Siegel et al. 2021)")
    ideal = summarise(run, transport=TransportSpec(circulation="idealized"))
    assert "IDEALIZED" in ideal.attrs["transport"]
    for s_other in (default, ideal):
        np.testing.assert_allclose(s_other["export"].values, boats_export, rtol=1e-12)
    # with most carcass flux reaching the floor, OCIM2-informed ventilation stores carbon for
    # a shorter time than the idealized ocean (issue 10: export-weighted F100 0.84 vs 0.95)
    assert (default["seq_time_steady"].values < ideal["seq_time_steady"].values).all()


def test_missing_or_bad_ocim_raises_before_compute(tmp_path):
    cfg = {"ensemble": ENS, "members": MEMBERS, "transport": {"ocim": str(tmp_path / "nope.mat")}}
    with pytest.raises(InputError, match="transport.ocim.*does not exist"):
        from_dict(cfg)
    (tmp_path / "text.mat").write_text("not matlab")
    with pytest.raises(InputError, match="transport.ocim.*not a MATLAB"):
        from_dict(cfg | {"transport": {"ocim": str(tmp_path / "text.mat")}})
    (tmp_path / "broken.mat").write_bytes(b"MATLAB 5.0 MAT-file".ljust(128) + bytes(7))
    with pytest.raises(InputError, match="transport.ocim.*truncated"):
        from_dict(cfg | {"transport": {"ocim": str(tmp_path / "broken.mat")}})
    with pytest.raises(InputError, match="transport.circulation"):
        from_dict(cfg | {"transport": {"circulation": "ocim2"}})
    with pytest.raises(InputError, match="transport.tr_units"):
        from_dict(cfg | {"transport": {"tr_units": "d-1"}})
    with pytest.raises(InputError, match="transport: unknown key"):
        from_dict(cfg | {"transport": {"ocim_file": "x"}})
    with pytest.raises(InputError, match="transport.ocim"):
        summarise(None, transport=TransportSpec(ocim=str(tmp_path / "nope.mat")))
    example = Path(__file__).resolve().parents[2] / "experiments" / "ensemble_configs" / "demo_ocim.toml"
    with pytest.raises(InputError, match="transport.ocim: 'OCIM2_CTL_He.mat' does not exist"):
        from_toml(example)                       # the example names a file that is not shipped
