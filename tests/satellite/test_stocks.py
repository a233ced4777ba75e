import numpy as np
import pandas as pd
import pytest

from jaxocean.satellite import (MMOL_C_TO_G, StandingStockParams, monthly_climatology, pic_stock_100m,
                                poc_stock_100m, residence_time, seasonal_bias, taxa_contributions)


def test_balch_2018_stocks_values_and_units():
    assert float(pic_stock_100m(1.0)) == pytest.approx(40.555)
    assert float(pic_stock_100m(0.2)) == pytest.approx(40.555 * 0.2 ** 0.560)
    assert float(poc_stock_100m(5.0)) == pytest.approx(164.376 * 5.0 ** 0.617)
    # mmol m-3 -> mmol m-2: the 0-100 m mean stays within a factor 2.5 of the surface value
    for surf in (0.05, 0.1, 0.5, 1.0):
        assert 0.4 < float(pic_stock_100m(surf)) / 100.0 / surf < 2.5
    for surf in (2.0, 5.0, 10.0):
        assert 0.4 < float(poc_stock_100m(surf)) / 100.0 / surf < 2.5
    # the same numbers in mol would give a 100-m mean 20x the surface value: the units matter
    assert float(pic_stock_100m(1e-4)) / 100.0 / 1e-4 > 20
    p = StandingStockParams(pic_a=1.0, pic_b=1.0)
    assert float(pic_stock_100m(3.0, p)) == 3.0


def test_residence_time_days():
    stock = pic_stock_100m(0.1) * MMOL_C_TO_G                     # g C m-2
    t = residence_time(np.array([float(stock), 1.0, 1.0]), np.array([0.01, 0.0, -1.0]))
    assert float(t[0]) == pytest.approx(float(stock) / 0.01) and np.isnan(t[1:]).all()


def test_monthly_climatology_and_seasonal_bias():
    rng = np.random.default_rng(0)
    time = pd.date_range("1997-09-01", periods=40, freq="MS")
    series = rng.lognormal(size=(40, 3, 4))
    series[5, 0, 0] = np.nan
    series[:, 2, 3] = np.nan
    clim = np.asarray(monthly_climatology(series, time.month.to_numpy()))
    ref = pd.DataFrame(series.reshape(40, -1)).groupby(time.month).mean().to_numpy().reshape(12, 3, 4)
    np.testing.assert_allclose(clim, ref, rtol=1e-12, equal_nan=True)
    cv = np.asarray(seasonal_bias(clim))
    np.testing.assert_allclose(cv[:2], (ref.std(axis=0) / ref.mean(axis=0))[:2], rtol=1e-12)
    assert np.isnan(cv[2, 3])
    flat = np.asarray(seasonal_bias(np.ones((12, 2))))
    assert (flat == 0).all()


def test_taxa_contributions():
    share = taxa_contributions(np.array([3.0, 0.0]), pteropods=np.array([1.0, 0.0]))
    assert set(share) == {"coccolithophores", "pteropods"}
    assert float(share["coccolithophores"][0]) == 0.75 and np.isnan(share["pteropods"][1])
    three = taxa_contributions(2.0, 1.0, np.nan)
    assert float(three["foraminifera"]) == 0.0 and float(three["coccolithophores"]) == pytest.approx(2 / 3)
