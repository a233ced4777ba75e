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


def test_small_mat_file(tmp_path):
    from scipy.io import savemat

    from jaxocean.core.validate import InputError

    lat = np.array([10.0, 0.25, -0.25, -10.0])            # stored north to south, stretched
    lon = np.array([-279.5, -100.5, 79.5])                # as stored in Figure4mats.mat
    pp = np.arange(12.0).reshape(4, 3) * 365.25           # g C m-2 yr-1
    maps = {"lat": lat, "lon": lon, "PP": pp, "EP": pp / 10, "POC2000": pp / 100, "PEeff": np.full((4, 3), 0.1),
            "Teff": np.full((4, 3), 0.1), "Martin_b": np.full((4, 3), -0.8)}
    savemat(tmp_path / "h.mat", maps)
    ds = read_henson2012_maps(tmp_path / "h.mat")
    assert ds["lat"].values.tolist() == [-10.0, -0.25, 0.25, 10.0]
    assert ds["lon"].values.tolist() == [-100.5, 79.5, 80.5]
    assert float(ds["PP"].sel(lat=10.0, lon=80.5)) == pytest.approx(0.0)                  # -279.5 -> 80.5
    assert float(ds["PP"].sel(lat=-10.0, lon=-100.5)) == pytest.approx(10 * 1e3)          # mg C m-2 d-1
    assert ds["EP"].attrs["units"] == "mg m-2 d-1" and ds["Teff"].attrs["units"] == "1"
    savemat(tmp_path / "bad.mat", {k: v for k, v in maps.items() if k != "Teff"})
    with pytest.raises(InputError, match="Teff"):
        read_henson2012_maps(tmp_path / "bad.mat")
