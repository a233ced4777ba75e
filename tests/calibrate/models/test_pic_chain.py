"""The REcoM CO2-factor chain to trap PIC: Eq. 2 reduction, gradients vs finite differences,
a twin experiment (real trap sites and chemistry when ../shared is present, else synthetic)
and bad-input handling."""

import equinox as eqx
import jax
import numpy as np
import pytest

from jaxocean.calibrate import fit, laplace
from jaxocean.calibrate.models import pic_chain as pc
from jaxocean.carbonate import solve
from jaxocean.core.validate import InputError
from jaxocean.recom import CO2FactorParams



@pytest.fixture(scope="module")
def synthetic():
    return pc.synthetic_inputs(12, 6, seed=3)


def test_export_ratio_is_eq2_at_unit_photosynthesis():
    """r = s (PIC:POC)_ref f(T)_calc f(N)_calc f_CO2,calc, with Eqs. C1, C2 and Eq. 3 by hand."""
    p = pc.ChainParams()
    st = solve(2050.0, 2350.0, 8.0, 35.0)
    r = float(pc.export_pic_poc(p, st, 8.0, 3.0))
    c = CO2FactorParams.calcification()
    f_co2 = c.a * float(st.hco3) / (c.b + float(st.hco3)) - np.exp(-c.c * float(st.co2)) - c.d * float(st.h)
    f_t = 0.104 * 8.0 - 0.108                       # Eq. C1, T < 10.6 degC
    f_n = -0.31 * 3.0 / (3.0 + 0.9) + 1.31          # Eq. C2, k_DIN = 0.9 mmol m-3
    np.testing.assert_allclose(r, 0.1 * 1.0 * f_t * f_n * f_co2, rtol=1e-12)


def test_gradient_matches_finite_differences(synthetic):
    data = pc.chain_data(*synthetic)
    truth = eqx.tree_at(lambda p: (p.poc.w_sink, p.k_diss), pc.ChainParams(), (120.0, 0.8))
    y = np.asarray(pc.predict(truth, data)) * np.exp(0.3 * np.random.default_rng(0).normal(size=data.depth.size))
    prob = pc.chain_problem(data, y, pc.DEFAULT_FREE)
    u = prob.free.initial()
    loss = jax.jit(lambda u: prob.loss(u))
    g = np.asarray(jax.jit(jax.grad(lambda u: prob.loss(u)))(u))
    h = 1e-3
    fd = []
    for i in range(u.size):
        e = np.zeros(u.size)
        e[i] = h
        f = [float(loss(u + k * e)) for k in (-2, -1, 1, 2)]
        fd.append((f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h))   # 4th-order central difference
    assert np.all(np.abs(g) > 1e-6), g
    np.testing.assert_allclose(g, fd, rtol=1e-5)


def _real_twin_data(shared):
    """Chain data at the real trap sites and chemistry (every 10th usable row)."""
    from jaxocean.calibrate.models import traps

    shared("data", "woa23_glodap_coarse")
    z = np.array([0, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 6500], float)
    table, args, _ = pc.trap_chain_inputs(traps.trap_inputs(z, "levitus", options=pc.RECOM_CHEMISTRY), z)
    rows = np.arange(0, len(table), 10)
    sub = {k: (v[rows] if k not in ("z_interfaces", "surface", "column") else v) for k, v in args.items()}
    sub["surface"] = {k: v[rows] for k, v in args["surface"].items()}
    sub["column"] = {k: v[rows] for k, v in args["column"].items()}
    return pc.chain_data(**sub)


def test_twin_recovers_identifiable_coefficients(request):
    """Known coefficients -> noisy fluxes (log-normal, sigma 0.4, fixed seed) at the real trap
    sites and chemistry (synthetic sites without ../shared) -> the Fisher analysis picks the
    identifiable set -> fit from a perturbed start: each within 2 standard errors of the truth."""
    try:
        data = _real_twin_data(request.getfixturevalue("shared"))
    except pytest.skip.Exception:
        data = pc.chain_data(*pc.synthetic_inputs(40, 10, seed=5))
    truth = eqx.tree_at(lambda p: (p.poc.q10, p.poc.w_sink, p.k_diss, p.cocco_share), pc.ChainParams(),
                        (2.5, 120.0, 0.5, 0.06))
    clean = np.asarray(pc.predict(truth, data))
    y = clean * np.exp(0.4 * np.random.default_rng(1).normal(size=clean.size))
    full = pc.chain_problem(data, y, pc.DEFAULT_FREE, params=truth)
    kept, dropped = pc.identifiable_subset(full, full.free.initial(), residual_scale=0.4 ** 2)
    assert {"cocco_share", "poc.q10", "poc.w_sink", "k_diss"} <= set(kept)
    assert {n for n, _, _ in dropped} <= set(pc.CO2_COEFFICIENTS)
    start = eqx.tree_at(lambda p: (p.poc.q10, p.poc.w_sink, p.k_diss, p.cocco_share), truth,
                        (2.0, 200.0, 0.3, 0.1))
    prob = pc.chain_problem(data, y, kept, params=start)
    res = fit(prob, max_steps=300)
    lap = laplace(prob, res.u, scale_by_misfit=True)
    true = np.asarray(prob.free.physical(prob.free.initial(truth)))
    theta, se = np.asarray(lap.theta), np.asarray(lap.se)
    assert bool(res.converged) and np.all(np.isfinite(se)) and np.all(se < np.abs(true)), (theta, se)
    z = np.abs(theta - true) / se
    assert np.all(z < 2.0), dict(zip(kept, z))


def test_bad_input_errors_and_exclusions(synthetic):
    export, depth, is_pic, z, temp, surf, col = synthetic
    bad = {**surf, "dic": surf["dic"].copy()}
    bad["dic"][3] = np.nan
    with pytest.raises(InputError, match=r"surface\['dic'\].*non-finite"):
        pc.chain_data(export, depth, is_pic, z, temp, bad, col)
    with pytest.raises(InputError, match="export_top"):
        pc.chain_data(-export, depth, is_pic, z, temp, surf, col)
    data = pc.chain_data(*synthetic)
    flux = np.asarray(pc.predict(pc.ChainParams(), data))
    neg = flux.copy()
    neg[0] = -1.0
    with pytest.raises(InputError, match="trap flux.*> 0"):
        pc.chain_problem(data, neg)
    # usable(): NaN chemistry, negative flux and cold PIC rows are excluded and counted
    cold = {**surf, "temp": surf["temp"].copy()}
    cold["temp"][is_pic & (np.arange(is_pic.size) < 24)] = 0.5        # f(T)_calc at its floor
    keep, counts = pc.usable(neg, export, bad, col, temp, is_pic)
    assert counts["non-finite or non-positive flux"] == 1
    assert counts["non-finite chemistry or temperature"] == 1          # row 3 (row 0 counted as flux)
    keep, counts = pc.usable(flux, export, cold, col, temp, is_pic)
    assert counts["PIC with f(T)_calc < 0.1 (Eq. C1)"] == int(np.sum(is_pic[:24]))
    assert keep.sum() == flux.size - counts["PIC with f(T)_calc < 0.1 (Eq. C1)"]


def test_loss_stays_finite_for_extreme_coefficients(synthetic):
    """f_CO2,calc clipped at REcoM's tiny, not 0: the log-normal loss is finite for any a."""
    data = pc.chain_data(*synthetic)
    flux = np.asarray(pc.predict(pc.ChainParams(), data))
    prob = pc.chain_problem(data, flux, ("calc_co2.a",))
    for a in (1e-6, 1.0, 50.0):
        assert np.isfinite(float(prob.loss(prob.free.unconstrained(np.array([a])))))


def test_predict_matches_per_observation_chain(synthetic):
    """Distinct-state storage and gathers give the same fluxes as the chain evaluated row by row."""
    from jaxocean.export import CalciteDissolution, flux_at

    export, depth, is_pic, z, temp, surf, col = synthetic
    p = pc.ChainParams()
    pred = np.asarray(pc.predict(p, pc.chain_data(*synthetic)))
    opt = pc.RECOM_CHEMISTRY
    for i in (0, 1, 37, 70):
        st = solve(surf["dic"][i], surf["ta"][i], surf["temp"][i], surf["sal"][i], 0.0, surf["phos"][i],
                   surf["sil"][i], options=opt)
        om = solve(*(col[k][i] for k in pc.COLUMN_FIELDS), options=opt).omega_calcite
        if is_pic[i]:
            r = float(pc.export_pic_poc(p, st, surf["temp"][i], surf["din"][i]))
            prof = CalciteDissolution(k_diss=p.k_diss, w0=p.poc.w_sink, w_slope=0.0, z0=100.0)
            want = flux_at(prof, r * export[i], np.array([depth[i]]), z, {"omega_calcite": om})[0]
        else:
            want = flux_at(p.poc, export[i], np.array([depth[i]]), z, {"temperature": temp[i]})[0]
        np.testing.assert_allclose(pred[i], float(want), rtol=1e-12)
