import numpy as np
import pandas as pd
import pytest

from jaxocean.core.validate import InputError
from jaxocean.regions import open_ocean_mask, read_etopo1_1deg, regrid_to


def test_small_csv_and_mask(tmp_path):
    lon = np.linspace(-180, 180, 360)
    lat = np.linspace(90, -90, 180)
    lo, la = np.meshgrid(lon, lat)
    z = np.where(la > 0, -100.0, -3000.0)
    z[0, 0] = 55.0  # north-west corner is land
    p = tmp_path / "e.csv"
    pd.DataFrame({"V1": lo.ravel(), "V2": la.ravel(), "V3": z.ravel()}).to_csv(p, index=False)
    e = read_etopo1_1deg(p)
    assert e.shape == (180, 360) and e["lat"].values[0] == -89.5 and e["lon"].values[0] == -179.5
    assert float(e.sel(lat=89.5, lon=-179.5)) == 55.0 and float(e.sel(lat=-30.5, lon=0.5)) == -3000.0
    m = np.asarray(open_ocean_mask(e.values))
    assert m[:90].all() and not m[90:].any()
    coarse = regrid_to(e, [-45.0, 45.0], [0.0, 100.0])
    assert coarse.tolist() == [[-3000.0, -3000.0], [-100.0, -100.0]]
    pd.DataFrame({"V1": [0], "V2": [0], "V3": [0]}).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(InputError, match="64800"):
        read_etopo1_1deg(tmp_path / "bad.csv")


def test_real_etopo(shared):
    e = read_etopo1_1deg(shared("data", "henson_bcp_maps", "etopo1_marmap_1deg.csv"))
    assert float(e.sel(lat=22.5, lon=-158.5)) < -4000.0          # station ALOHA, ~4750 m
    assert float(e.sel(lat=46.5, lon=7.5)) > 500.0                 # the Alps
    ocean = np.asarray(open_ocean_mask(e.values)).mean()
    assert 0.6 < ocean < 0.7                                       # ~2/3 of cells deeper than 200 m
