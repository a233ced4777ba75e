import numpy as np
import pytest

from jaxocean.core.grid import cell_widths, global_total_pg_per_year, pixel_area
from jaxocean.io.matlab import load_mat
from jaxocean.satellite import read_henson2012_maps


def test_real_henson_maps(shared):
    path = shared("data", "henson_bcp_maps", "Figure4mats.mat")
    ds = read_henson2012_maps(path)
    raw = load_mat(path)
    assert ds.sizes == {"lat": 200, "lon": 360}
    assert np.all(np.diff(ds["lat"].values) > 0) and ds["lon"].values[0] == -179.5
    assert np.diff(ds["lat"].values).min() == pytest.approx(1 / 3, abs=1e-3)          # refined equator
    # g C m-2 yr-1 in the file -> mg C m-2 d-1
    i, j = (int(v[0]) for v in np.nonzero(np.isfinite(ds["EP"].values[100:])))
    i += 100
    lat0, lon0 = float(ds["lat"][i]), float(ds["lon"][j])
    ri = int(np.argmin(np.abs(np.asarray(raw["lat"]).ravel() - lat0)))
    rj = int(np.argmin(np.abs((np.asarray(raw["lon"]).ravel() + 180) % 360 - 180 - lon0)))
    assert float(ds["EP"][i, j]) == pytest.approx(float(np.asarray(raw["EP"])[ri, rj]) * 1e3 / 365.25, rel=1e-6)
    area = np.asarray(pixel_area(ds["lat"].values, dlat=cell_widths(ds["lat"].values)))[:, None] * np.ones((1, 360))
    ep = float(global_total_pg_per_year(ds["EP"].values / 1e3, area))
    assert 2.5 < ep < 3.1                      # Pg C yr-1, cf. ~4 of Henson et al. (2011)
    teff = (ds["POC2000"] / ds["EP"]).values
    ok = np.isfinite(teff) & np.isfinite(ds["Teff"].values)
    np.testing.assert_allclose(teff[ok], ds["Teff"].values[ok], rtol=1e-5)       # variables stay aligned
    pe = (ds["EP"] / ds["PP"]).values
    ok = np.isfinite(pe) & np.isfinite(ds["PEeff"].values)
    assert np.corrcoef(pe[ok], ds["PEeff"].values[ok])[0, 1] > 0.95
