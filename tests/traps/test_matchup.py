import numpy as np
import pandas as pd
import pytest
import scipy.stats as st
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.traps import deployment_month, match_climatology, match_map, regression_table


def climatology(step=5.0):
    lat = np.arange(-90 + step / 2, 90, step)
    lon = np.arange(step / 2, 360, step)  # 0..360 convention on purpose
    month = np.arange(1, 13)
    v = month[:, None, None] * 100.0 + lat[None, :, None] + 0.0 * lon[None, None, :]
    return xr.DataArray(v, dims=("month", "lat", "lon"), coords={"month": month, "lat": lat, "lon": lon})


def test_deployment_month_uses_midpoint():
    df = pd.DataFrame({"start": pd.to_datetime(["2001-01-25", "2001-01-02", "1999-12-20"]),
                       "duration": [14.0, 10.0, 30.0]})
    assert deployment_month(df).tolist() == [2, 1, 1]


def test_match_climatology_and_map():
    clim = climatology()
    df = pd.DataFrame({"lat": [31.8, -60.1], "lon": [-64.2, 170.0],
                       "start": pd.to_datetime(["2000-07-01", "2000-02-01"]), "duration": [10.0, 10.0]})
    v = match_climatology(df, clim)
    assert v.tolist() == [700.0 + 32.5, 200.0 - 62.5]
    assert match_map(df, clim.sel(month=3)).tolist() == [300.0 + 32.5, 300.0 - 62.5]


def test_match_climatology_undated_traps_and_missing_months():
    clim = climatology()
    df = pd.DataFrame({"lat": [31.8, -60.1], "lon": [-64.2, 170.0],
                       "start": pd.to_datetime(["2000-07-01", None]), "duration": [10.0, 10.0]})
    v = match_climatology(df, clim)
    assert v[0] == 700.0 + 32.5 and np.isnan(v[1])
    with pytest.raises(InputError, match=r"month\(s\) \[7\] needed by the traps are missing"):
        match_climatology(df, clim.sel(month=[1, 2, 3]))


def test_regression_table_groups_filter_and_log():
    rng = np.random.default_rng(0)
    n = 60
    df = pd.DataFrame({"region": np.repeat([2, 9], n // 2), "layer": np.tile(["100-500m", "0-100m"], n // 2),
                       "prod": rng.uniform(0.05, 50.0, n)})
    df["pic"] = 0.1 * df["prod"] * rng.lognormal(sigma=0.3, size=n)
    t = regression_table(df, "prod", "pic")
    d = df[df["prod"] >= 0.1]
    assert set(t["region"]) == {"2", "9", "Global"}
    assert t["layer"].tolist()[:2] == ["0-100m", "100-500m"]                     # Table 1 order
    g = t[(t["region"] == "Global") & (t["layer"] == "0-100m")].iloc[0]
    sub = d[d["layer"] == "0-100m"]
    ref = st.linregress(sub["prod"], sub["pic"])
    assert g["n"] == len(sub)
    np.testing.assert_allclose([g["r"], g["p"], g["slope"], g["intercept"]],
                               [ref.rvalue, ref.pvalue, ref.slope, ref.intercept], rtol=1e-9)
    tl = regression_table(df, "prod", "pic", log=True)
    r9 = tl[(tl["region"] == "9") & (tl["layer"] == "0-100m")].iloc[0]
    sub9 = d[(d["region"] == 9) & (d["layer"] == "0-100m")]
    ref9 = st.linregress(np.log10(sub9["prod"]), np.log10(sub9["pic"]))
    assert r9["slope"] == pytest.approx(ref9.slope, rel=1e-9) and bool(r9["log10"])
    assert 0.8 < r9["slope"] < 1.2
