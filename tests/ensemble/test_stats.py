"""Group statistics over parameter sets and KMCA upper-quartile maps."""

import numpy as np

from jaxocean.ensemble.spec import product
from jaxocean.ensemble.stats import group_mean_sd, groups, kmca, upper_quartile


def test_group_mean_sd_over_parameter_sets():
    members = product([6290, 6363, 9459], ["GFDL-ESM4:ssp585"], [True, False])
    v = np.array([[1.0, 2.0, 6.0, 10.0, 10.0, 10.0]])                # (year, member)
    stats = group_mean_sd(v, members, axis=1)
    assert list(groups(members)) == [("GFDL-ESM4:ssp585", True), ("GFDL-ESM4:ssp585", False)]
    mean, sd = stats[("GFDL-ESM4:ssp585", True)]
    np.testing.assert_allclose(mean, [3.0])
    np.testing.assert_allclose(sd, [np.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 2)])  # R sd
    np.testing.assert_allclose(stats[("GFDL-ESM4:ssp585", False)][1], [0.0])


def test_kmca_is_upper_quartile_of_both():
    ocean = np.ones((2, 4), bool)
    ocean[0, 0] = False
    bio = np.arange(8.0).reshape(2, 4)                                 # ocean values 1..7
    seq = bio[::-1].copy()
    assert upper_quartile(bio, ocean).sum() == 2                      # >= 75th pct of 1..7 (5.5)
    k = kmca(bio, seq, ocean)
    assert not k.any()                                                # anti-correlated: none in both
    k = kmca(bio, bio.copy(), ocean)
    np.testing.assert_array_equal(np.argwhere(k), [[1, 2], [1, 3]])
