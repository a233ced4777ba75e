"""xarray in and out of the transport entry points: DataArrays with units are converted through
``jaxocean.io.labelled`` and results come back labelled; wrong or missing units -> InputError."""

import numpy as np
import pytest
import scipy.io
import xarray as xr

import jaxocean
from jaxocean.core.validate import InputError
from jaxocean.transport import (SequestrationModel, carbon_gtc, export_gtc_per_year, idealized_basin,
                                load_f100, mean_first_passage_time, sequestration_origin,
                                sequestration_time, source_from_injection, steady_state, transient)
from jaxocean.transport.regrid import conservative_regrid

MG_PER_MOL_C = 12.011e3


@pytest.fixture(autouse=True)
def x64():
    with jaxocean.float64():
        yield


@pytest.fixture(scope="module")
def small():
    op = idealized_basin(6, 8, z_interfaces=np.array([0.0, 100.0, 500.0, 1500.0, 4000.0]), seed=2)
    return op, SequestrationModel.build(op)


def injection(op, units="mg m-2 d-1", scale=1.0):
    ny, nx, nz = op.shape3d
    vals = np.random.default_rng(0).uniform(0.0, 2.0, (2, ny, nx, nz)) * op.wet
    return xr.DataArray(vals * scale, dims=("member", "lat", "lon", "depth"),
                        coords={"member": ["low", "high"], "lat": op.lat, "lon": op.lon},
                        attrs={"units": units}), vals


def test_injection_to_sequestered_carbon_in_and_out_with_units(small):
    op, model = small
    inj_mol, vals = injection(op, "mol m-2 s-1", 1.0 / MG_PER_MOL_C / 86400.0)   # same flux in SI moles
    s = source_from_injection(op, inj_mol)
    s_ref = np.asarray(source_from_injection(op, vals))                           # NumPy path, mg m-2 d-1
    assert s.dims == ("member", "box") and s.attrs["units"] == "mg m-3 yr-1"
    assert s["member"].values.tolist() == ["low", "high"]
    np.testing.assert_allclose(s.values, s_ref, rtol=1e-12)
    # box coordinates: the grid position of every wet box (unstacked back onto the grid)
    grid = s.set_index(box=["lat", "lon", "depth"]).unstack("box")
    np.testing.assert_allclose(grid.sel(member="high").transpose("lat", "lon", "depth").values[op.wet],
                               np.asarray(op.to_field(s_ref[1]))[op.wet], rtol=1e-12)
    assert s["lat"].attrs["units"] == "degrees_north" and s["depth"].attrs["positive"] == "down"

    c = steady_state(model, s)
    assert c.dims == ("member", "box") and c.attrs["units"] == "mg m-3"
    np.testing.assert_allclose(c.values, np.asarray(steady_state(model, s_ref)), rtol=1e-12)
    # a source given per mole and per second is the same source
    s_si = s.copy(data=s.values / MG_PER_MOL_C / (365.25 * 86400)).assign_attrs(units="mol m-3 s-1")
    np.testing.assert_allclose(steady_state(model, s_si).values, c.values, rtol=1e-10)

    g = carbon_gtc(op, c)
    assert g.dims == ("member",) and g.attrs["units"] == "Gt"
    np.testing.assert_allclose(g.values, c.values @ op.volume / 1e18, rtol=1e-12)
    flux = xr.DataArray(np.where(op.area > 0, 3.0, 0.0), dims=("lat", "lon"), attrs={"units": "g m-2 yr-1"})
    e = export_gtc_per_year(op, flux)
    np.testing.assert_allclose(float(e), 3.0 * op.area.sum() / 1e15, rtol=1e-12)   # g yr-1 -> Gt yr-1
    tau = sequestration_time(g.assign_attrs(units="Pg"), e.assign_attrs(units="Pg yr-1"))
    assert tau.dims == ("member",) and tau.attrs["units"] == "yr"
    np.testing.assert_allclose(tau.values, g.values / float(e), rtol=1e-12)


def test_transient_and_origin_labelled(small):
    op, model = small
    _, vals = injection(op)
    src = np.asarray(source_from_injection(op, vals[0]))
    years = xr.DataArray(np.stack([src, 2 * src, 2 * src]), dims=("time", "box"),
                         coords={"time": [1950, 1951, 1952]}, attrs={"units": "mg m-3 yr-1"})
    c0 = xr.DataArray(np.zeros(op.n), dims="box", attrs={"units": "g m-3"})
    out = transient(model, years, c0=c0)
    assert out.dims == ("time", "box") and out["time"].values.tolist() == [1950, 1951, 1952]
    np.testing.assert_allclose(out.values, np.asarray(transient(model, years.values, c0=np.zeros(op.n))),
                               rtol=1e-12)
    origin = sequestration_origin(model, years.isel(time=0))
    assert isinstance(origin, xr.Dataset) and origin["per_box"].dims == ("box",)
    assert origin["column"].dims == ("lat", "lon") and origin["column"].attrs["units"] == "mg"
    np.testing.assert_allclose(origin["lat"].values, op.lat)
    # the origin map sums to the steady inventory of the same source (Primeau 2005)
    inv = float(np.asarray(steady_state(model, src)) @ op.volume)
    np.testing.assert_allclose(float(origin["column"].sum()), inv, rtol=1e-9)
    tau = op.to_dataarray(mean_first_passage_time(model), "tau", "yr", "mean first-passage time")
    assert tau.dims == ("lat", "lon", "depth") and tau.attrs["units"] == "yr"
    assert np.all(np.isnan(tau.values[~op.wet])) and np.all(tau.values[op.wet] >= 0)


def test_wrong_or_missing_units_name_the_argument(small):
    op, model = small
    inj, vals = injection(op)
    with pytest.raises(InputError, match=r"^injection_3d: units 'mg m-3' are not convertible to 'mg m-2 d-1'"):
        source_from_injection(op, inj.assign_attrs(units="mg m-3"))
    with pytest.raises(InputError, match=r"^injection_3d: no 'units' attribute"):
        source_from_injection(op, inj.drop_attrs())
    s = source_from_injection(op, inj)
    with pytest.raises(InputError, match=r"^source: units 'mg m-3' are not convertible"):
        steady_state(model, s.assign_attrs(units="mg m-3"))
    with pytest.raises(InputError, match=r"^c_seq_gtc: units 'Gt yr-1' are not convertible to 'Gt'"):
        sequestration_time(xr.DataArray(1.0, attrs={"units": "Gt yr-1"}), 2.0)


def test_regrid_labelled_and_conserving():
    src_lat, src_lon = np.arange(-87.5, 90, 5.0), np.arange(2.5, 360, 5.0)
    dst_lat, dst_lon = np.arange(-80.0, 81, 20.0), np.arange(-165.0, 180, 30.0)
    area = lambda lat, lon: np.cos(np.deg2rad(lat))[:, None] * np.ones(len(lon))   # noqa: E731
    wet = np.ones((dst_lat.size, dst_lon.size), bool)
    wet[4, 3] = False
    rg = conservative_regrid(src_lat, src_lon, area(src_lat, src_lon), dst_lat, dst_lon,
                             area(dst_lat, dst_lon), wet)
    field = xr.DataArray(np.random.default_rng(1).uniform(0, 5, (2, src_lat.size, src_lon.size)),
                         dims=("year", "lat", "lon"), coords={"year": [2000, 2001]},
                         attrs={"units": "mg m-2 d-1"})
    out = rg.density(field)
    assert out.dims == ("year", "lat", "lon") and out.attrs["units"] == "mg m-2 d-1"
    np.testing.assert_allclose(out["lon"].values, dst_lon)
    np.testing.assert_allclose(out["lat"].values, dst_lat)
    assert out["lat"].attrs["standard_name"] == "latitude"
    np.testing.assert_allclose((out * rg.dst_area).sum(("lat", "lon")).values,
                               (field.values * rg.src_area).sum((1, 2)), rtol=1e-12)
    np.testing.assert_allclose(out.values, np.asarray(rg.density(field.values)), rtol=1e-14)


def test_f100_reader_dataarray(tmp_path):
    lat, lon, depth = np.array([-30.0, 30.0]), np.array([10.0, 20.0, 30.0]), np.array([50.0, 500.0])
    f = np.random.default_rng(2).uniform(0, 1, (2, 3, 2))
    scipy.io.savemat(tmp_path / "F100.mat", {"F100": f, "lat": lat, "lon": lon, "depth": depth})
    da = load_f100(tmp_path / "F100.mat", as_dataarray=True)
    assert da.dims == ("lat", "lon", "depth") and da.attrs["units"] == "1"
    np.testing.assert_array_equal(da.values, f)
    np.testing.assert_array_equal(da["depth"].values, depth)
    assert da["lon"].attrs["units"] == "degrees_east"
    assert set(load_f100(tmp_path / "F100.mat")) == {"F100", "lat", "lon", "depth"}
