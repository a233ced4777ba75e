"""Environment lookup: known cells, land, far-away points, depth-aware wet cells, months,
thickness-weighted profiles, pressure, Omega along the path; and the real products at traps."""

import numpy as np
import pytest
import xarray as xr

from jaxocean.carbonate import CarbonateOptions, solve
from jaxocean.carbonate.eos80 import pressure_from_depth
from jaxocean.core.validate import InputError
from jaxocean.observations import (EARTH_RADIUS_KM, environment_at, great_circle_km, layer_profile,
                                   month_index, nearest_wet_cell, read_levitus94, read_woa23_glodap,
                                   surface_values)
from jaxocean.observations.conventions import layer_coords

EDGES = np.array([0.0, 100.0, 300.0, 1000.0])
LAT = np.array([-10.0, 0.0, 10.0])
LON = np.array([-20.0, -10.0, 0.0, 10.0])        # not global: fine for the lookup itself


def _product(monthly=False, limit=1500.0):
    """Wet columns: (0, -10) 3 layers deep; (0, 10) 1 layer; (10, 0) 2 layers; the rest land."""
    depth_wet = np.zeros((3, 4), int)
    depth_wet[1, 1], depth_wet[1, 3], depth_wet[2, 2] = 3, 1, 2
    wet = np.arange(3)[:, None, None] < depth_wet[None]
    base = np.where(wet, 20.0 - 5.0 * np.arange(3)[:, None, None], np.nan)
    chem = {"salinity": 35.0, "dic": 2100.0, "ta": 2350.0, "po4": 1.0, "sio4": 20.0, "no3": 10.0}
    data = {k: (("depth", "lat", "lon"), np.where(wet, v, np.nan), {"units": "1"}) for k, v in chem.items()}
    coords = {"lat": LAT, "lon": LON, **layer_coords(EDGES)}
    if monthly:   # temperature = base + month/10
        data["temperature"] = (("month", "depth", "lat", "lon"),
                               base[None] + np.arange(1, 13)[:, None, None, None] / 10.0, {"units": "degC"})
        coords["month"] = np.arange(1, 13)
    else:
        data["temperature"] = (("depth", "lat", "lon"), base, {"units": "degC"})
    return xr.Dataset(data, coords=coords, attrs={"product": "test", "lookup_max_distance_km": limit})


def test_great_circle():
    np.testing.assert_allclose(great_circle_km(0, 0, 0, 1), 2 * np.pi * EARTH_RADIUS_KM / 360, rtol=1e-12)
    np.testing.assert_allclose(great_circle_km(0, 170, 90, -10), np.pi * EARTH_RADIUS_KM / 2, rtol=1e-12)
    np.testing.assert_allclose(great_circle_km(0, 179.5, 0, -179.5), great_circle_km(0, 0, 0, 1), rtol=1e-12)


def test_known_cell_land_far_and_depth():
    p = _product()
    lat = np.array([0.0, 1.0, 10.0, 0.0, 60.0, 0.0])
    lon = np.array([-10.0, -9.0, -20.0, 9.0, -10.0, 9.0])
    depth = np.array([50.0, 50.0, 50.0, 50.0, 50.0, 500.0])
    m = nearest_wet_cell(p, lat, lon, variables=("temperature",), depth=depth)
    # 0: exactly a wet centre; 1: inside it; 2: land (10, -20) -> (0, -10), 1560 km (beyond 1500);
    # 3: the 1-layer (0, 10) column is wet at 50 m; 4: (60, -10) -> (10, 0); 5: 500 m needs the
    # 3-layer column (0, -10), 19 degrees away, not the shallow one it sits in
    assert m.i.tolist() == [1, 1, 1, 1, 2, 1] and m.j.tolist() == [1, 1, 1, 3, 2, 1]
    np.testing.assert_allclose(m.distance_km[:2], [0.0, great_circle_km(1.0, -9.0, 0.0, -10.0)])
    np.testing.assert_allclose(m.distance_km[5], great_circle_km(0, 9, 0, -10), rtol=1e-12)
    assert m.within.tolist() == [True, True, False, True, False, False]   # 19 deg = 2113 km
    tight = nearest_wet_cell(p, lat[:2], lon[:2], variables=("temperature",), max_distance_km=100.0)
    assert tight.within.tolist() == [True, False]      # (1, -9) is 157 km from the centre


def test_vertical_extension_is_opt_in_and_recorded():
    p = _product()
    strict = nearest_wet_cell(p, [0.0], [9.0], variables=("temperature",), depth=[500.0])
    loose = nearest_wet_cell(p, [0.0], [9.0], variables=("temperature",), depth=[500.0], max_extension_m=450.0)
    assert (strict.j[0], strict.column_bottom_m[0]) == (1, 1000.0)      # 3-layer column, 19 deg away
    assert (loose.j[0], loose.column_bottom_m[0]) == (3, 100.0)         # its own 1-layer column
    env = environment_at([0.0], [9.0], [500.0], [np.nan], np.array([0.0, 100.0, 600.0]),
                         temperature=p, chemistry=p, max_extension_m=450.0)
    assert float(env["temperature_extension_m"][0]) == 400.0 and env.attrs["n_temperature_extended"] == 1
    np.testing.assert_allclose(env["temperature"][0], [20.0, 20.0])     # deepest wet value below 100 m


def test_month_indexing():
    p = _product(monthly=True)
    idx, dated = month_index(p, np.array([1, 7, 12, np.nan]))
    assert idx.tolist()[:3] == [0, 6, 11] and dated.tolist() == [True, True, True, False]
    idx, dated = month_index(_product(), np.array([3, np.nan]))     # annual: month ignored
    assert idx.tolist() == [0, 0] and dated.all()
    with pytest.raises(InputError, match="calendar months"):
        month_index(p, np.array([13.0]))
    with pytest.raises(InputError, match="month: test is monthly"):
        surface_values(p, ("temperature",), [0.0], [-10.0])
    vals, _, _ = surface_values(p, ("temperature",), [0.0, 0.0], [-10.0, -10.0], [2, 11])
    np.testing.assert_allclose(vals["temperature"], [20.2, 21.1])


def test_layer_profile_thickness_weighted():
    cols = np.array([[10.0, 4.0, np.nan], [10.0, 4.0, 1.0]])
    out = np.asarray(layer_profile(cols, EDGES, [0.0, 50.0, 200.0, 2000.0]))
    # layer 50-200: (50 * 10 + 100 * 4) / 150; layer 200-2000: row 0 extends 4 below its bottom,
    # row 1 = (100 * 4 + 700 * 1 + 1000 * 1 (deepest layer extended)) / 1800
    np.testing.assert_allclose(out, [[10.0, 6.0, 4.0], [10.0, 6.0, (400.0 + 1700.0) / 1800.0]])


def test_pressure_from_depth_inverts_saunders():
    p = np.asarray(pressure_from_depth(np.array([0.0, 1000.0, 5000.0]), 30.0))
    c1 = (5.92 + 5.25 * np.sin(np.deg2rad(30.0)) ** 2) * 1e-3
    np.testing.assert_allclose((1 - c1) * p - 2.21e-6 * p**2, [0.0, 1000.0, 5000.0], atol=1e-9)
    assert 1009.0 < p[1] < 1011.0


def test_environment_months_exclusions_and_omega():
    temp, chem = _product(monthly=True), _product()
    z = np.array([0.0, 50.0, 200.0, 600.0])
    lat = np.array([0.0, 0.0, 60.0, 0.5])
    lon = np.array([-10.0, -10.0, -10.0, -10.0])
    env = environment_at(lat, lon, [500.0, 500.0, 100.0, 150.0], [3, np.nan, 7, 8], z,
                         temperature=temp, chemistry=chem)
    assert env["exclusion"].values.tolist() == ["", "temperature undated",
                                                "temperature beyond 1500 km", ""]
    assert env.attrs["n_included"] == 2 and env.attrs["n_excluded_temperature_undated"] == 1
    assert np.isnan(env["temperature"][1:3]).all() and np.isnan(env["omega_calcite"][1:3]).all()
    # March: column 20.3 / 15.3 / 10.3 on layers 0-100-300-1000
    t3 = [20.3, (50 * 20.3 + 100 * 15.3) / 150, (100 * 15.3 + 300 * 10.3) / 400]
    np.testing.assert_allclose(env["temperature"][0], t3)
    np.testing.assert_allclose(env["temperature"][3], np.array(t3) + 0.5)       # August
    np.testing.assert_allclose(env["dic_surface"][[0, 3]], 2100.0)
    pres = np.asarray(pressure_from_depth(0.5 * (z[1:] + z[:-1]), 0.0))
    ref = solve(2100.0, 2350.0, env["temperature_path"][0].values, 35.0, pres, 1.0, 20.0).omega_calcite
    np.testing.assert_allclose(env["omega_calcite"][0], ref, rtol=1e-10)
    assert np.isfinite(env["omega_calcite"].values[env["included"].values == 1]).all()
    # the PIC chain's mocsy option set reaches the Omega solve (and is recorded)
    mocsy = CarbonateOptions.mocsy()
    env_m = environment_at(lat, lon, [500.0, 500.0, 100.0, 150.0], [3, np.nan, 7, 8], z,
                           temperature=temp, chemistry=chem, options=mocsy)
    ref_m = solve(2100.0, 2350.0, env["temperature_path"][0].values, 35.0, pres, 1.0, 20.0,
                  options=mocsy).omega_calcite
    np.testing.assert_allclose(env_m["omega_calcite"][0], ref_m, rtol=1e-10)
    assert np.abs(np.asarray(ref_m) / np.asarray(ref) - 1).max() > 1e-6      # the option set matters here
    assert env_m.attrs["carbonate_options"] == repr(mocsy) != env.attrs["carbonate_options"]


@pytest.fixture(scope="module")
def products(shared):
    return (read_levitus94(shared("data", "levitus94_4deg")),
            read_woa23_glodap(shared("data", "woa23_glodap_coarse", "worjh2_obs.nc")))


def test_real_products_at_stations(products):
    lev, woa = products
    z = np.array([0.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0])
    # ALOHA Jul 4000 m, OFP Bermuda Jan 3200 m, CARIACO (isolated basin) 1210 m, Kansas (land)
    lat, lon = np.array([22.75, 31.8, 10.5, 38.0]), np.array([-158.0, -64.2, -64.67, -98.0])
    env = environment_at(lat, lon, [4000.0, 3200.0, 1210.0, 500.0], [7, 1, 2, 5], z,
                         temperature=lev, chemistry=woa)
    assert env["included"].values.tolist() == [1, 1, 0, 0]
    assert env.attrs["n_excluded_temperature_beyond_500_km"] == 2
    assert 600 < float(env["temperature_distance_km"][2]) < 800           # CARIACO: nearest deep column
    t = env["temperature"].values
    assert 22.0 < t[0, 0] < 26.0 and 1.0 < t[0, 6] < 2.0                   # ALOHA surface, 3000-4000 m
    assert 19.0 < t[1, 0] < 22.0 and 2.0 < t[1, 5] < 4.0                   # Bermuda winter, 1000-2000 m
    om = env["omega_calcite"].values
    assert om[0, 0] > 4.0 and om[0, 6] < 1.0 < om[1, 6]                    # N Pacific undersaturated deep
    assert 1900 < env["dic_surface"][0] < 2050 and 2250 < env["ta_surface"][0] < 2400
    assert env["no3_surface"][0] < 2.0 and env["sio4_surface"][0] < 10.0
