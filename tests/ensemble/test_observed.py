"""Observed present-day temperature in the ensemble: base SST, coarse layers at depth, the
scenario epoch, and the export-path temperature (observed where it exists, idealized elsewhere)."""

import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.ensemble import sequestration as seq
from jaxocean.ensemble.climatology import COARSE_VAR, coarsen, embedded_base, from_fields, read_climatology
from jaxocean.ensemble.scenario import SyntheticScenarios
from jaxocean.export.temperature import COARSE_EDGES, T_DEEP_DEGC, Z_THERMOCLINE_M

LAT, LON = np.array([-45.0, -15.0, 15.0, 45.0]), np.array([30.0, 90.0, 150.0, 210.0])
Z = np.array([0.0, 100.0, 200.0, 350.0, 500.0, 1500.0, 3000.0])


def fields():
    n = np.full((12, 4, 4), 1e-3)
    t = np.full((12, 4, 4), 12.0)
    n[:, 0, 0] = t[:, 0, 0] = np.nan
    coarse = np.broadcast_to(np.array([15.0, 10.0, 6.0, 3.0, 1.5])[:, None, None], (5, 4, 4)).copy()
    coarse[:, 3, 3] = np.nan                 # an ocean cell without observations
    return n, t, coarse


def test_layer_temperature_observed_and_fallback():
    t_up = np.array([14.0, 14.0])
    coarse = np.array([[15.0, 10.0, 6.0, 3.0, 1.5], [np.nan] * 5])
    got = np.asarray(seq.layer_temperature(t_up, Z, (coarse, np.array([12.0, 12.0]))))
    zc = 0.5 * (Z[1:] + Z[:-1])
    decay = np.exp(-zc / Z_THERMOCLINE_M)
    # observed column: layers inside one coarse layer take its value; 1000-2000 m straddles
    obs = np.array([15.0, 15.0, 10.0, 10.0, 0.5 * 6.0 + 0.5 * 3.0, (500 * 3.0 + 1000 * 1.5) / 1500])
    np.testing.assert_allclose(got[0], obs + 2.0 * decay, rtol=1e-12)
    # no observations: the idealized thermocline, exactly as without `observed`
    np.testing.assert_allclose(got[1], np.asarray(seq.layer_temperature(14.0, Z)), rtol=1e-12)
    np.testing.assert_allclose(got[1], T_DEEP_DEGC + (14.0 - T_DEEP_DEGC) * decay, rtol=1e-12)


def test_scenario_warming_counted_from_the_base_epoch():
    n, t, coarse = fields()
    names = ("GFDL-ESM4:ssp585",)
    plain = SyntheticScenarios(from_fields(LAT, LON, n, t, "x"), names)
    dated = SyntheticScenarios(from_fields(LAT, LON, n, t, "x", coarse, 2014.0), names)
    np.testing.assert_allclose(dated.year(2014)[1], 12.0)             # the base is the 2014 ocean
    np.testing.assert_allclose(dated.year(2100)[1], 12.0 + 2.8 - 0.5)
    np.testing.assert_allclose(dated.year(1950)[1], 12.0 - 0.5)
    np.testing.assert_allclose(plain.year(2100)[1], 12.0 + 2.8)       # no epoch: as before
    np.testing.assert_allclose(dated.year(2100)[0], plain.year(2100)[0])


def test_coarse_layers_read_coarsened_and_checked(tmp_path):
    n, t, coarse = fields()
    path = tmp_path / "base.nc"
    xr.Dataset({"intpp": (("month", "lat", "lon"), n, {"units": "mmol m-2 s-1"}),
                "to": (("month", "lat", "lon"), t, {"units": "degC"}),
                COARSE_VAR: (("layer", "lat", "lon"), coarse, {"units": "K", "temp_epoch": 2005.5})},
               coords={"lat": LAT, "lon": LON}).to_netcdf(path)
    with pytest.raises(InputError, match="temp_coarse"):
        read_climatology(path)                                      # 15 K is no ocean temperature
    xr.Dataset({"intpp": (("month", "lat", "lon"), n, {"units": "mmol m-2 s-1"}),
                "to": (("month", "lat", "lon"), t, {"units": "degC"}),
                COARSE_VAR: (("layer", "lat", "lon"), coarse + 273.15, {"units": "K", "temp_epoch": 2005.5})},
               coords={"lat": LAT, "lon": LON}).to_netcdf(path)
    c = read_climatology(path)
    assert c.temp_epoch == 2005.5 and np.isnan(c.temp_coarse[:, 0, 0]).all()       # land
    np.testing.assert_allclose(c.temp_coarse[:, 1, 1], [15.0, 10.0, 6.0, 3.0, 1.5], rtol=1e-12)
    k = coarsen(c, 2)          # block mean over the cells with observations (the NaN one left out)
    np.testing.assert_allclose(k.temp_coarse[:, 1, 1], [15.0, 10.0, 6.0, 3.0, 1.5], rtol=1e-12)
    assert k.temp_epoch == 2005.5
    with pytest.raises(InputError, match="temp_coarse"):
        from_fields(LAT, LON, n, t, "x", coarse[:3])


def test_embedded_demo_carries_observed_temperature():
    """A fresh clone (no ../shared) runs on observed SST and observed temperature at depth."""
    c = embedded_base()
    assert c.temp_epoch == 2005.5 and c.temp_coarse.shape == (len(COARSE_EDGES) - 1,) + c.ocean.shape
    assert "OBSERVED COBE SST" in c.source and "Levitus" in c.source and "CESM" in c.source
    have = np.isfinite(c.temp_coarse).all(axis=0)
    assert 0.85 < have[c.ocean].mean() < 1.0                        # polar cells fall back
    prof = np.nanmean(c.temp_coarse[:, have], axis=1)
    assert np.all(np.diff(prof) < 0) and 0.5 < prof[-1] < 3.0 and 10.0 < prof[0] < 20.0
    weights = np.cos(np.deg2rad(np.broadcast_to(c.lat[:, None], c.ocean.shape)[c.ocean]))
    assert 17.0 < np.average(c.temp[:, c.ocean].mean(axis=0), weights=weights) < 20.0   # observed SST


def test_observed_fields_against_the_products(shared):
    """Independent lookups: COBE SST of the cell containing the point; Levitus 0-200 m and
    200-500 m thickness-weighted means of the annual-mean column."""
    from jaxocean.ensemble.observed import observed_coarse_temperature, observed_sst

    lat, lon = np.array([[10.5, -40.5]]), np.array([[200.5, 20.5]])   # central Pacific, S Atlantic
    sst, _ = observed_sst(lat, lon)
    raw = xr.open_dataset(shared("data", "sst_climatology", "cobe_sst.mon.ltm.1991-2020.nc"), decode_times=False)
    for k in range(2):
        want = raw["sst"].sel(lat=lat[0, k], lon=lon[0, k], method="nearest").values
        np.testing.assert_allclose(sst[:, 0, k], want, rtol=1e-6)
    coarse, _ = observed_coarse_temperature(lat, lon)
    t = np.fromfile(shared("data", "levitus94_4deg", "lev_t.bin"), ">f4").reshape(12, 15, 40, 90).mean(0)
    i, j = int(round((10.0 + 78) / 4)), int(round((202.0 - 2) / 4))  # nearest 4-degree cell: 10N, 202E
    want_0_200 = (50 * t[0, i, j] + 70 * t[1, i, j] + 80 * t[2, i, j]) / 200.0
    want_200_500 = (20 * t[2, i, j] + 140 * t[3, i, j] + 140 * t[4, i, j]) / 300.0
    np.testing.assert_allclose(coarse[:2, 0, 0], [want_0_200, want_200_500], rtol=1e-5)
