"""Trap inputs with the observed environment (issue 11 part 5): coverage, NaN chemistry,
negative fluxes and missing export values are excluded and counted; the loss stays finite."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from jaxocean.calibrate.models.traps import environment_inputs, trap_problem, trap_table
from jaxocean.core.validate import InputError
from jaxocean.observations.conventions import layer_coords

Z = np.array([0.0, 100.0, 300.0, 1000.0, 3000.0])
EDGES = np.array([0.0, 200.0, 1000.0, 4000.0])
LAT, LON = np.arange(-60.0, 61.0, 30.0), np.arange(-180.0, 180.0, 30.0)


def _products():
    shape = (EDGES.size - 1, LAT.size, LON.size)
    ocean = np.ones(shape, bool)
    ocean[:, :, 6:] = False                                   # eastern hemisphere is land
    t = np.where(ocean, np.array([20.0, 8.0, 2.0])[:, None, None], np.nan)
    chem = {"salinity": 35.0, "dic": 2100.0, "ta": 2350.0, "po4": 1.0, "sio4": 20.0, "no3": 5.0}
    woa = xr.Dataset({k: (("depth", "lat", "lon"), np.where(ocean, v, np.nan)) for k, v in chem.items()},
                     coords={"lat": LAT, "lon": LON, **layer_coords(EDGES)},
                     attrs={"product": "woa", "lookup_max_distance_km": 1500.0})
    woa["temperature"] = (("depth", "lat", "lon"), t)
    woa["dic"][:, 2, 1] = np.nan                              # NaN chemistry in the column at (0, -150)
    lev = xr.Dataset({"temperature": (("month", "depth", "lat", "lon"),
                                      t[None] + np.arange(12)[:, None, None, None] / 10.0)},
                     coords={"month": np.arange(1, 13), "lat": LAT, "lon": LON, **layer_coords(EDGES)},
                     attrs={"product": "lev", "lookup_max_distance_km": 1500.0})
    sst = xr.Dataset({"sst": (("month", "lat", "lon"), lev["temperature"].values[:, 0])},
                     coords={"month": np.arange(1, 13), "lat": LAT, "lon": LON},
                     attrs={"product": "sst", "lookup_max_distance_km": 1500.0})
    return {"levitus": lev, "woa23": woa, "sst": sst}


def _table():
    sel = pd.DataFrame({
        "lat": [0.0, 0.0, 0.0, 0.0, 0.0, 30.0, 0.0],
        "lon": [-150.0, -120.0, 60.0, -90.0, -60.0, -30.0, -120.0],
        "trap_depth": [500.0, 2000.0, 500.0, 1500.0, 800.0, 800.0, 900.0],
        "layer": ["100-500m", "1000-2000m", "100-500m", "1000-2000m", "500-1000m", "500-1000m", "500-1000m"],
        "start": pd.to_datetime(["2000-03-01", "2000-07-01", "2000-01-01", None, "2000-05-01", "2000-05-01",
                                 "2000-05-01"]),
        "duration": [10.0] * 7, "poc": [5.0, 3.0, 5.0, 2.0, 4.0, -1.0, 0.0], "site": ["x"] * 7})
    table = trap_table(sel.iloc[:0].assign(pic=[]), sel)
    table["export_top"] = np.where(table["lon"] == -60.0, np.nan, 50.0)
    return table


def test_exclusions_are_counted_and_loss_is_finite():
    table = _table()
    assert table.attrs["n_nonpositive_flux"] == 2 and len(table) == 5
    inp = environment_inputs(table, Z, products=_products())
    assert inp.exclusions == {"non-positive flux": 2, "no export-map value within 2 cells": 1,
                              "temperature beyond 1500 km": 1, "temperature undated": 1,
                              "chemistry beyond 1500 km": 1}
    assert len(inp.table) == 1 and inp.table["lon"].tolist() == [-120.0]
    # NaN DIC in the (0, -150) column: the nearest complete column is 30 degrees away -> excluded
    nan_chem = (inp.all_rows["lon"] == -150.0).to_numpy()
    np.testing.assert_allclose(inp.environment["chemistry_distance_km"].values[nan_chem], 3335.85, atol=0.01)
    assert inp.environment["exclusion"].values[nan_chem].tolist() == ["chemistry beyond 1500 km"]
    assert np.isnan(inp.environment["omega_calcite"].values[nan_chem]).all()
    np.testing.assert_allclose(inp.table["sst"], 20.6)                  # July surface
    t = inp.env["temperature"][0]
    np.testing.assert_allclose(t[:2], [20.6, (100 * 20.6 + 100 * 8.6) / 200])
    problem = trap_problem(inp.table, inp.env, Z, ("poc.q10", "poc.w_sink"))
    assert np.isfinite(float(problem.loss(problem.free.initial())))


def test_unknown_temperature_source():
    with pytest.raises(InputError, match="temperature: 'argo' unknown"):
        environment_inputs(_table(), Z, products=_products(), temperature="argo")
