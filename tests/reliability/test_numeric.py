"""Bad numeric inputs on the public entry points: a clear InputError (also under jit / vmap)
naming the variable, the value, its index and the unit -- or the correct result."""

import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.sparse as sp
import xarray as xr

from jaxocean.carbonate import solve, solve_checked
from jaxocean.core.validate import InputError
from jaxocean.recom import CO2FactorParams, co2_factor

GOOD = dict(dic=2000.0, ta=2300.0, temp=15.0, sal=35.0)


@pytest.mark.parametrize("name, bad, message", [
    ("temp", 288.15, r"temp: value 288.15 at index \(1,\) is outside the plausible range -2.5..40 degC "
                     r"\(temperature in Kelvin\?"),
    ("pressure", 101325.0, r"pressure: value 101325 at index \(1,\) .* 0..11000 dbar \(did you pass Pa\?"),
    ("dic", 0.002, r"dic: value 0.002 at index \(1,\) .* umol/kg \(mol/kg instead of umol/kg\?"),
    ("ta", np.inf, r"ta: value inf at index \(1,\)"),
])
def test_solve_refuses_implausible_input_eager_jit_and_vmap(name, bad, message):
    args = dict(GOOD, pressure=0.0)
    args[name] = np.array([args[name], bad])
    with pytest.raises(InputError, match=message):
        solve(**args)
    with pytest.raises(Exception, match=message):              # the user's own jit
        jax.block_until_ready(jax.jit(lambda a: solve(**a).ph)(args))
    with pytest.raises(InputError, match=message.replace(r"\(1,\)", r"\(\)")):
        jax.vmap(lambda v: solve(**(args | {name: v})).ph)(args[name])


def test_check_false_is_the_same_numbers_and_inf_gives_nan():
    x = dict(dic=jnp.array([1900.0, 2100.0]), ta=jnp.array([2250.0, 2350.0]), temp=10.0, sal=34.0)
    a, b = solve(**x), solve(**x, check=False)     # the same numbers (up to XLA fusion ulps)
    np.testing.assert_allclose(a.ph, b.ph, rtol=1e-14)
    np.testing.assert_allclose(a.omega_calcite, b.omega_calcite, rtol=1e-13)
    s = solve(2000.0, np.inf, 15.0, 35.0, check=False)        # the documented NaN
    assert all(np.isnan(float(getattr(s, f))) for f in ("ph", "co3", "pco2", "omega_calcite"))
    nan = solve(np.array([2000.0, np.nan]), 2300.0, 15.0, 35.0)  # NaN passes, stays NaN, alone
    assert np.isfinite(nan.ph[0]) and np.isnan(nan.ph[1])


def test_solve_checked_gaps_closed():
    with pytest.raises(InputError, match="pressure: value 101325.*did you pass Pa"):
        solve_checked(2000.0, 2300.0, 15.0, 35.0, pressure=101325.0)
    with pytest.raises(InputError, match="ta: value 0.0023 .*mol/kg"):
        solve_checked(2000.0, 0.0023, 15.0, 35.0)
    with pytest.warns(UserWarning, match="sal: values 0..0 leave the 19..43 range of the Lueker"):
        solve_checked(2000.0, 2300.0, 15.0, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        solve_checked(2000.0, 2300.0, 15.0, 35.0)


def test_co2_factor_given_ph_and_negative_par():
    from jaxocean.recom import PhytoplanktonParams, gross_photosynthesis

    p = CO2FactorParams.diatoms()
    with pytest.raises(InputError, match=r"h: value 8.1 at index \(\) .*pH given instead of \[H\+\]"):
        co2_factor(1800.0, 12.0, 8.1, p)
    with pytest.raises(Exception, match="pH given instead"):
        jax.block_until_ready(jax.jit(lambda h: co2_factor(1800.0, 12.0, h, p))(8.1))
    good = float(co2_factor(1800.0, 12.0, 10 ** -8.1, p))
    assert 0.0 < good == float(co2_factor(1800.0, 12.0, 10 ** -8.1, p, check=False))
    params = PhytoplanktonParams()
    with pytest.raises(InputError, match=r"par: value -5 at index \(1,\) .*W m-2"):
        gross_photosynthesis(15.0, jnp.array([50.0, -5.0]), 0.02, 0.15, 0.5, params)


def _forcing(nt=12, ny=6, nx=6):
    rng = np.random.default_rng(0)
    npp = 1e-3 * (1 + rng.random((nt, ny, nx)))
    temp = 10 + 5 * rng.random((nt, ny, nx))
    npp[:, 0, 0] = temp[:, 0, 0] = np.nan                      # one land cell
    return xr.Dataset({"npp": (("time", "lat", "lon"), npp, {"units": "mmol m-2 s-1"}),
                       "temp": (("time", "lat", "lon"), temp, {"units": "degC"})},
                      coords={"lat": np.linspace(-50, 50, ny), "lon": np.linspace(10, 300, nx)})


def test_run_gridded_refuses_bad_forcing_before_compute():
    from jaxocean.boats import BoatsParams
    from jaxocean.boats.gridded import check_layout, run_gridded

    ds, p = _forcing(), BoatsParams(variant="global")
    swapped = ds.transpose("time", "lon", "lat")               # square map stored (time, lon, lat)
    assert np.array_equal(check_layout(swapped)["npp"].values, ds["npp"].values, equal_nan=True)
    cases = {
        "whole years of months": ds.isel(time=slice(0, 11)),
        "no ocean cell": ds.where(False),
        r"npp: value 1\.\d+ at index .*0..0.02 mmolC m-2 s-1": ds.assign(npp=ds["npp"] * 1000),
        r"upper-ocean temp: value 2\d\d.* degC \(temperature in Kelvin": ds.assign(temp=ds["temp"] + 273.15),
        r"dimensions \(time, lat, lon\) by name": ds.rename(lat="y"),
    }
    for message, bad in cases.items():
        with pytest.raises(InputError, match=message):
            run_gridded(bad, p, 1)


def test_export_injection_refuses_kelvin_nan_and_bad_n_wet():
    from jaxocean.export import ExponentialQ10, export_injection

    z = jnp.array([0.0, 100.0, 500.0, 1000.0, 2000.0])
    p = ExponentialQ10.carcasses(z0=0.0)
    t = jnp.array([15.0, 10.0, 5.0, 3.0])
    flux, inj = export_injection(p, jnp.array([2.0, 3.0]), z, {"temperature": t}, n_wet=jnp.array([4, 2]))
    np.testing.assert_allclose(inj.sum(-1), [2.0, 3.0], rtol=1e-12)   # nothing lost
    assert float(inj[1, 2]) == 0.0
    with pytest.raises(InputError, match=r"temp: value 288.15 at index \(0,\).*Kelvin"):
        export_injection(p, 1.0, z, {"temperature": t + 273.15})
    with pytest.raises(InputError, match="temperature.*non-finite"):
        export_injection(p, 1.0, z, {"temperature": t.at[2].set(jnp.nan)})
    with pytest.raises(InputError, match="n_wet.*above the allowed 4"):
        export_injection(p, jnp.array([1.0, 1.0]), z, {"temperature": t}, n_wet=jnp.array([4, 7]))
    with pytest.raises(InputError, match="n_wet: 0 wet layers under a positive flux_top"):
        export_injection(p, jnp.array([1.0, 1.0]), z, {"temperature": t}, n_wet=jnp.array([0, 2]))
    with pytest.raises(InputError, match="strictly increasing downward"):
        export_injection(p, 1.0, z[::-1], {"temperature": t})


@pytest.fixture(scope="module")
def basin():
    from jaxocean.transport import SequestrationModel
    from jaxocean.transport.idealized import idealized_basin

    op = idealized_basin(ny=6, nx=8, z_interfaces=np.array([0.0, 100.0, 500.0, 1500.0, 4000.0]))
    return op, SequestrationModel.build(op)


def test_transport_checks_shapes_under_jit(basin):
    from jaxocean.transport import source_from_injection, steady_state

    op, model = basin
    src = jnp.ones(op.n)
    with pytest.raises(InputError, match=f"source: last axis must be the operator's {op.n} wet boxes"):
        steady_state(model, src[:-3])
    with pytest.raises(InputError, match="source: last axis"):
        jax.jit(lambda s: steady_state(model, s))(src[:-3])
    ny, nx, nz = op.shape3d
    with pytest.raises(InputError, match=r"lat and lon swapped\?"):
        source_from_injection(op, jnp.ones((nx, ny, nz)))
    good = steady_state(model, source_from_injection(op, jnp.ones((ny, nx, nz))))
    assert np.all(np.isfinite(good)) and float(good.max()) > 0


def test_iterative_solver_reports_convergence():
    from jaxocean.transport import IterativeSolver, SparseLU

    n = 60
    a = (sp.diags([-1.0, 2.05, -1.0], [-1, 0, 1], shape=(n, n)) + sp.random(n, n, 0.05, random_state=3)).tocsc()
    b = np.random.default_rng(1).standard_normal(n)
    np.testing.assert_allclose(IterativeSolver(a, tol=1e-12).solve(b), SparseLU(a).solve(b), rtol=1e-8)
    with pytest.raises(InputError, match=r"not converged, relative residual .* after maxiter=2"):
        jax.block_until_ready(IterativeSolver(a, maxiter=2).solve(b))
    with pytest.raises(Exception, match="right-hand side 0 has NaN or inf"):
        jax.block_until_ready(jax.jit(IterativeSolver(a).solve)(np.where(np.arange(n) == 3, np.nan, b)))


def test_region_of_missing_position():
    from jaxocean.regions.reccap2 import region_of

    regions = xr.DataArray(np.arange(180 * 360).reshape(180, 360) % 13 + 1,
                           dims=("lat", "lon"), coords={"lat": np.arange(-89.5, 90), "lon": np.arange(0.5, 360)})
    got = region_of(np.array([10.2, np.nan, -40.0]), np.array([200.3, 30.0, np.nan]), regions)
    assert got.tolist() == [int(regions.sel(lat=10.5, lon=200.5)), 0, 0]
    with pytest.raises(InputError, match=r"lat: value 120 at index \(0,\).*swapped"):
        region_of(np.array([120.0]), np.array([10.0]), regions)


def test_checked_paths_differentiate():
    """The checks add no derivative and do not block jacrev / grad."""
    g = jax.jit(jax.grad(lambda ta: solve(2000.0, ta, 15.0, 35.0).ph))(2300.0)
    g_off = jax.grad(lambda ta: solve(2000.0, ta, 15.0, 35.0, check=False).ph)(2300.0)
    np.testing.assert_allclose(g, g_off, rtol=1e-12)
    p = CO2FactorParams.diatoms()
    gh = jax.grad(lambda h: co2_factor(1800.0, 12.0, h, p))(10 ** -8.1)
    np.testing.assert_allclose(gh, -p.d, rtol=1e-12)
