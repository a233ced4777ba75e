"""The [H+] solver: convergence range, NaN where no root, implicit derivatives, jit and vmap."""

from __future__ import annotations

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.carbonate import solve

GRID = np.array(list(itertools.product(
    np.linspace(0.5, 3.0, 26),  # TA / DIC
    [-2.0, 15.0, 45.0],  # temp [degC]
    [0.0, 35.0, 50.0],  # salinity
    [0.0, 10000.0],  # pressure [dbar]
    [(0.0, 0.0), (3.0, 150.0)],  # (phosphate, silicate) [umol/kg]
)), dtype=object)


def test_converges_over_ta_dic_0p5_to_3():
    ratio, temp, sal, pressure, nutrients = (np.array(c.tolist(), dtype=float) for c in GRID.T)
    phos, sil = nutrients.T
    dic = np.full(ratio.shape, 2000.0)
    s = solve(dic, ratio * dic, temp, sal, pressure, phos, sil, check=False)   # beyond plausible
    assert np.all(np.isfinite(np.asarray(s.ph)))
    assert 3.0 < float(jnp.min(s.ph)) and float(jnp.max(s.ph)) < 13.0
    # carbonate species sum to DIC
    np.testing.assert_allclose(np.asarray(s.co2 + s.hco3 + s.co3), dic, rtol=1e-12)
    # pH rises monotonically with TA/DIC at fixed T, S, P, nutrients (ratio is the slowest axis)
    ph = np.asarray(s.ph).reshape(26, -1)
    assert np.all(np.diff(ph, axis=0) > 0)


def test_nan_where_no_root_and_valid_points_untouched():
    """Negative totals (no unique root) and non-finite inputs give NaN, never a number."""
    dic = np.array([2000.0, -50.0, 2000.0, 2000.0, 2000.0, 2000.0])
    temp = np.array([10.0, 10.0, np.nan, 10.0, 10.0, -300.0])
    sal = np.array([35.0, 35.0, 35.0, -5.0, 35.0, 35.0])
    phos = np.array([1.0, 1.0, 1.0, 1.0, -2.0, 1.0])
    s = solve(dic, 2300.0, temp, sal, 0.0, phos, 10.0, check=False)
    for field in ("ph", "co3", "pco2", "omega_calcite", "revelle"):
        value = np.asarray(getattr(s, field))
        assert np.isfinite(value[0]) and np.all(np.isnan(value[1:])), field
    valid = solve(np.full(6, 2000.0), 2300.0, np.full(6, 10.0), np.full(6, 35.0), 0.0, np.ones(6), 10.0)
    assert float(s.ph[0]) == pytest.approx(float(valid.ph[1]), abs=1e-12)


POINT = dict(dic=2050.0, ta=2300.0, temp=12.0, sal=34.5, pressure=1500.0, phos=1.2, sil=40.0)
NAMES = list(POINT)


def _outputs(x):
    s = solve(*x)
    return jnp.stack([s.ph, s.pco2, s.co3, s.omega_aragonite, s.revelle])


def test_gradients_match_finite_differences():
    """Reverse-mode jacobian against central differences. JAX cannot reverse-differentiate a
    while_loop, so this exercises the implicit-function rule; the Revelle row is a second
    derivative (reverse over the forward-mode Revelle computation)."""
    x = jnp.array(list(POINT.values()))
    jac = np.asarray(jax.jit(jax.jacrev(_outputs))(x))
    steps = np.array([0.01, 0.01, 1e-3, 1e-3, 0.1, 1e-3, 0.01])
    batch = np.concatenate([x + np.diag(steps), x - np.diag(steps)])
    out = np.asarray(jax.vmap(_outputs)(jnp.asarray(batch)))
    fd = ((out[:7] - out[7:]) / (2.0 * steps[:, None])).T
    np.testing.assert_allclose(jac, fd, rtol=2e-5, atol=1e-9)
    # signs that must hold: more DIC lowers pH and raises pCO2; more TA raises pH
    assert jac[0, NAMES.index("dic")] < 0 < jac[1, NAMES.index("dic")]
    assert jac[0, NAMES.index("ta")] > 0


def test_jit_and_vmap_agree_with_batched_call():
    dic = jnp.linspace(1900.0, 2200.0, 8)
    batched = solve(dic, 2300.0, 10.0, 35.0).ph
    mapped = jax.jit(jax.vmap(lambda d: solve(d, 2300.0, 10.0, 35.0).ph))(dic)
    np.testing.assert_allclose(mapped, batched, rtol=0, atol=1e-12)
