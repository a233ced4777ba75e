import numpy as np

from jaxocean.transport import compare_profiles, depth_profile, fraction_stored_field, load_f100


def test_fraction_stored_field_bounds_and_depth_order(basin_model):
    f = fraction_stored_field(basin_model, 100)
    wet = basin_model.operator.wet
    assert np.all(np.isnan(f[~wet])) and np.all((f[wet] >= 0) & (f[wet] <= 1))
    prof = depth_profile(f)
    assert prof[0] == 0 and np.all(np.diff(prof[:12]) > 0)


def test_compare_profiles_identity():
    d = np.linspace(0, 5000, 30)
    p = 1 - np.exp(-d / 1000)
    r = compare_profiles(d, p, d[::2], p[::2])
    assert r["rmse"] < 1e-12 and r["depth"].min() >= 100


def test_f100_reader_and_profile(shared):
    d = load_f100(shared("data", "henson_bcp_maps", "F100.mat"))
    assert d["F100"].shape == (91, 180, 48)
    prof = depth_profile(d["F100"], np.cos(np.deg2rad(d["lat"]))[:, None] * np.ones((1, 180)))
    # Siegel et al. (2021): little retained near 100 m, most retained below 2000 m
    assert prof[np.argmin(np.abs(d["depth"] - 100))] < 0.1
    assert prof[np.argmin(np.abs(d["depth"] - 2500))] > 0.7
