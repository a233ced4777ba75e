import numpy as np
import pandas as pd
import pytest

from jaxocean.traps import latitude_band_means, pic_poc_ratio, site_efficiencies


def test_site_efficiencies_and_bands():
    sel = pd.DataFrame({
        "cell": [1, 1, 1, 2, 2, 3],
        "lat": [45.2, 45.2, 45.2, -5.0, -5.0, 12.0],
        "lon": [0.0] * 6,
        "layer": ["0-100m", "0-100m", "100-500m", "0-100m", "500-1000m", "2000-3000m"],
        "pic": [10.0, 20.0, 6.0, 4.0, 3.0, 1.0],
        "poc": [50.0, 40.0, 12.0, 0.0, 6.0, 2.0],
        "prod": [100.0, 100.0, 100.0, 40.0, 40.0, 10.0],
    })
    t = site_efficiencies(sel, flux="pic", production="prod")
    assert t.loc[1, "eeff"] == pytest.approx(0.15) and t.loc[1, "teff"] == pytest.approx(0.4)
    assert t.loc[2, "eeff"] == pytest.approx(0.1) and t.loc[2, "teff"] == pytest.approx(0.75)
    assert np.isnan(t.loc[3, "eeff"]) and np.isnan(t.loc[3, "teff"])
    b = latitude_band_means(t["lat"], t["eeff"], band=10.0)
    assert b.index.tolist() == [-5.0, 45.0] and b["mean"].tolist() == pytest.approx([0.1, 0.15])
    r = pic_poc_ratio(sel)
    assert r.loc["0-100m", "n"] == 2 and r.loc["0-100m", "median"] == pytest.approx((0.2 + 0.5) / 2)
    assert r.loc["500-1000m", "mean"] == pytest.approx(0.5)
