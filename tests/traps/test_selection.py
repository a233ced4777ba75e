import numpy as np
import pandas as pd
import pytest
import xarray as xr

from jaxocean.traps import TABLE1_LAYERS, depth_layer, select_seed, table1

# Table 1 from the Mouw et al. (2016) file under the documented rules: PIC (or CaCO3) observed,
# 0 < duration <= 31 d, water depth >= 200 m (ETOPO1 column, else -elevation, else the 1-degree
# ETOPO1 grid), right-closed depth layers, locations = distinct 1-degree cells.
TABLE1_MOUW = {
    "0-100m": (78, 5), "100-500m": (2640, 31), "500-1000m": (1991, 37), "1000-2000m": (1936, 48),
    "2000-3000m": (1398, 41), "3000-4000m": (1589, 25), ">4000m": (672, 26),
}


def test_depth_layers_are_right_closed():
    lab = depth_layer([10, 100, 100.1, 500, 1000, 2000.5, 3000, 4000, 4000.1, 5847, 0, np.nan])
    assert list(lab[:10]) == ["0-100m", "0-100m", "100-500m", "100-500m", "500-1000m", "2000-3000m",
                              "2000-3000m", "3000-4000m", ">4000m", ">4000m"]
    assert pd.isna(lab[10]) and pd.isna(lab[11])


def test_selection_rules_on_small_table():
    df = pd.DataFrame({
        "lat": [10.2, 10.7, 10.5, 10.5, 10.5, 10.5, -5.5, -5.5],
        "lon": [20.1, 20.9, 20.5, 20.5, 20.5, 20.5, 100.0, 100.0],
        "trap_depth": [150, 600, 150, 150, 150, 150, 50, 50],
        "water_depth": [3000, 3000, 3000, 199, 200, 3000, np.nan, np.nan],
        "duration": [31, 14, 31.5, 10, 10, 0, 10, 10],
        "pic": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, np.nan],
    })
    sel = select_seed(df)
    assert sel.index.tolist() == [0, 1, 4]                    # >31 d, <200 m, 0 d, unknown depth dropped
    bathy = xr.DataArray(np.full((180, 360), -1000.0), dims=("lat", "lon"),
                         coords={"lat": np.arange(-89.5, 90), "lon": np.arange(-179.5, 180)})
    sel2 = select_seed(df, bathymetry=bathy)
    assert sel2.index.tolist() == [0, 1, 4, 6]                # water depth filled from the grid; PIC NaN dropped
    t = table1(sel2)
    assert t.loc["100-500m"].tolist() == [2, 1] and t.loc["500-1000m"].tolist() == [1, 1]
    assert t.loc["0-100m"].tolist() == [1, 1] and t.loc[">4000m"].tolist() == [0, 0]
    assert list(t.index) == list(TABLE1_LAYERS)


@pytest.fixture(scope="module")
def selection(mouw, shared):
    from jaxocean.regions import read_etopo1_1deg

    bathy = read_etopo1_1deg(shared("data", "henson_bcp_maps", "etopo1_marmap_1deg.csv"))
    return select_seed(mouw, bathymetry=bathy)


def test_table1_regression(selection):
    t = table1(selection)
    assert {k: tuple(v) for k, v in zip(t.index, t.to_numpy())} == TABLE1_MOUW
    assert len(selection) == sum(n for n, _ in TABLE1_MOUW.values()) == 10304


def test_table1_independent_pandas(shared):
    raw = pd.read_csv(shared("data", "mouw2016_goflux", "GO_flux.tab"), sep="\t", skiprows=87)
    col = {c.split(" [")[0].split(" (")[0]: c for c in raw.columns}
    has_pic = raw["PIC flux [mg/m**2/day]"].notna() | raw["CaCO3 flux [mg/m**2/day]"].notna()
    dur = raw["Duration [days]"]
    water = raw[col["Bathy depth"]].fillna(-raw[col["Elevation"]])
    keep = raw[has_pic & (dur > 0) & (dur <= 31) & (water >= 200)]
    z = keep["Depth water [m] (Sediment trap deployment depth)"]
    cells = np.floor(keep["Latitude"]).astype(int) * 1000 + np.floor(keep["Longitude"]).astype(int)
    shallow = (z > 100) & (z <= 500)
    deep = z > 4000
    assert (shallow.sum(), cells[shallow].nunique()) == TABLE1_MOUW["100-500m"]
    assert (deep.sum(), cells[deep].nunique()) == TABLE1_MOUW[">4000m"]


def test_timeseries_table1(timeseries):
    t = table1(select_seed(timeseries))
    assert t.loc["3000-4000m"].tolist() == [1555, 3] and t.loc["100-500m"].tolist() == [1013, 1]
