"""xarray at the edges: DataArrays with units into each public entry point, labelled results
with units out; wrong or missing units -> InputError naming the variable."""

import numpy as np
import pytest
import xarray as xr

import jaxocean
from jaxocean import carbonate, export, recom
from jaxocean.core.validate import InputError

X = {"station": [1, 2, 3]}


def da(values, units, dims=("station",), coords=X):
    return xr.DataArray(np.asarray(values, float), dims=dims, coords=coords, attrs={"units": units})


@pytest.fixture(autouse=True)
def x64():
    with jaxocean.float64():
        yield


def test_carbonate_solve_converts_units_and_labels():
    dic = np.array([1950.0, 2050.0, 2150.0])
    ref = carbonate.solve(dic, 2300.0, np.array([5.0, 15.0, 25.0]), 35.0)
    out = carbonate.solve(da(dic / 1000, "mmol kg-1"), da([2.3] * 3, "mmol/kg"),
                          da([278.15, 288.15, 298.15], "K"), da([35.0] * 3, "1"))
    assert isinstance(out, xr.Dataset) and out["ph"].dims == ("station",)
    assert out["station"].values.tolist() == [1, 2, 3]
    np.testing.assert_allclose(out["ph"].values, np.asarray(ref.ph), rtol=1e-12)
    np.testing.assert_allclose(out["pco2"].values, np.asarray(ref.pco2), rtol=1e-10)
    assert out["pco2"].attrs["units"] == "uatm" and out["ph"].attrs["standard_name"].startswith("sea_water_ph")
    with pytest.raises(InputError, match=r"^temp: units 'mol m-3' are not convertible to 'degC'"):
        carbonate.solve(dic, 2300.0, da([1.0] * 3, "mol m-3"), 35.0)
    with pytest.raises(InputError, match=r"^ta: no 'units' attribute"):
        carbonate.solve(dic, xr.DataArray([2300.0] * 3, dims="station"), 10.0, 35.0)
    with pytest.raises(InputError, match=r"^dic: unknown unit 'bananas'"):
        carbonate.solve_checked(da(dic, "bananas"), 2300.0, 10.0, 35.0)


def test_mocsy_layer_volume_units_potential_temperature_and_depth():
    from jaxocean.carbonate import CarbonateOptions
    from jaxocean.carbonate.model_units import solve_model_units

    dic, ta, theta, sal = [2.0, 2.1, 2.2], [2.3, 2.35, 2.4], [15.0, 4.0, 2.0], 35.0
    depth = [0.0, 1000.0, 3000.0]
    out = carbonate.solve_mocsy(da(dic, "mmol L-1"), da(ta, "mol m-3"), da(theta, "degC"), sal,
                                depth=da([d / 1000 for d in depth], "km"), lat=30.0)
    # REcoM's own call (mol m-3, potential temperature, depth; tested against mocsy itself)
    ref = solve_model_units(np.array(dic), np.array(ta), np.array(theta), sal, np.array(depth), 30.0)
    assert np.all((ref.rho > 1020) & (ref.rho < 1045)) and ref.temp_insitu[2] > theta[2]  # adiabatic warming
    np.testing.assert_allclose(out["ph"].values, np.asarray(ref.chemistry.ph), rtol=1e-12)
    np.testing.assert_allclose(out["pco2"].values, np.asarray(ref.chemistry.pco2), rtol=1e-12)
    assert out["co3"].attrs["units"] == "umol kg-1"
    # per-mass inputs, in-situ temperature and pressure: exactly the plain solver, same options
    plain = carbonate.solve_mocsy(2000.0, 2300.0, 10.0, 35.0, pressure=500.0, conc_units="umol kg-1",
                                  temp_type="insitu")
    direct = carbonate.solve(2000.0, 2300.0, 10.0, 35.0, 500.0, options=CarbonateOptions.mocsy())
    np.testing.assert_allclose(plain.ph, direct.ph, rtol=1e-14)
    with pytest.raises(InputError, match="exactly one of depth"):
        carbonate.solve_mocsy(2.0, 2.3, 10.0, 35.0)
    with pytest.raises(InputError, match="all be per volume or all per mass"):
        carbonate.solve_mocsy(da(dic, "mol m-3"), da([2300.0] * 3, "umol kg-1"), 10.0, 35.0, depth=10.0)


def test_recom_and_export_entry_points():
    p = recom.CO2FactorParams.diatoms()
    f = recom.co2_factor(da([1800.0] * 3, "umol kg-1"), da([0.012] * 3, "mmol kg-1"), da([8e-9] * 3, "mol kg-1"), p)
    np.testing.assert_allclose(f.values, np.asarray(recom.co2_factor(1800.0, 12.0, 8e-9, p)), rtol=1e-12)
    assert f.attrs["units"] == "1" and f.dims == ("station",)
    with pytest.raises(InputError, match=r"^h: units 'umol kg-1' are not convertible|^h:"):
        recom.co2_factor(1800.0, 12.0, da([8.1] * 3, "m"), p)
    z = np.array([75.0, 100.0, 500.0, 1000.0])
    prof = export.ExponentialQ10.fecal_pellets()
    out = export.flux_profile(prof, da([10.0, 20.0, 30.0], "mg m-2 d-1"), z, {"temperature": 10.0})
    assert out.dims == ("station", "z_interface") and out.attrs["units"] == "mg m-2 d-1"
    np.testing.assert_allclose(out["z_interface"].values, z)
    np.testing.assert_allclose(out.values, np.asarray(export.flux_profile(prof, np.array([10.0, 20.0, 30.0]), z,
                                                                          {"temperature": 10.0})), rtol=1e-12)


def test_calibration_fit_with_dataarrays():
    import equinox as eqx

    from jaxocean.calibrate import FreeParameters, Observations, Problem, fit

    class Line(eqx.Module):
        a: float = 1.0
        b: float = 1.0

    x = da(np.linspace(1.0, 3.0, 6), "m", dims=("i",), coords=None)
    y = 2.0 + 0.5 * x
    prob = Problem(lambda q, x: q.a + q.b * x, x, FreeParameters.select(Line(), ("a", "b")),
                   Observations.lognormal(y, 0.05))
    np.testing.assert_allclose(prob.free.physical(fit(prob).u), [2.0, 0.5], rtol=1e-6)


def test_boats_gridded_honours_npp_units():
    from jaxocean.boats import BoatsParams
    from jaxocean.boats.gridded import run_gridded

    rng = np.random.default_rng(0)
    npp = rng.uniform(2e-4, 8e-4, (12, 2, 2))                       # mmol C m-2 s-1
    temp = rng.uniform(5.0, 15.0, (12, 2, 2))
    coords = {"lat": [-0.5, 0.5], "lon": [10.5, 11.5]}
    ds = lambda n, nu, t, tu: xr.Dataset({"npp": (("month", "lat", "lon"), n, {"units": nu}),  # noqa: E731
                                          "temp": (("month", "lat", "lon"), t, {"units": tu})}, coords=coords)
    params = BoatsParams.published_set(6290)
    ref, _, _ = run_gridded(ds(npp, "mmol m-2 s-1", temp, "degC"), params, 1)
    got, _, _ = run_gridded(ds(npp / 1000, "mol m-2 s-1", temp + 273.15, "K"), params, 1)
    np.testing.assert_allclose(got["biomass"].values, ref["biomass"].values, rtol=1e-9)
    with pytest.raises(InputError, match="npp: no 'units' attribute"):
        run_gridded(ds(npp, "mmol m-2 s-1", temp, "degC").assign(npp=(("month", "lat", "lon"), npp)), params, 1)
