"""CarbonateOptions.mocsy() against mocsy 2.x itself (tests/carbonate/data/mocsy_vars.csv, written
by generate_mocsy_table.py from mocsy's ``vars`` with REcoM's options)."""

from __future__ import annotations

from pathlib import Path

import jax
import numpy as np
import pytest

from jaxocean.carbonate import CarbonateOptions, solve
from jaxocean.carbonate.model_units import solve_model_units

TABLE = Path(__file__).parent / "data" / "mocsy_vars.csv"
TOL = 1e-8  # relative, every output
MOCSY = CarbonateOptions.mocsy()


@pytest.fixture(scope="module")
def table():
    pd = pytest.importorskip("pandas")
    return pd.read_csv(TABLE, comment="#")


def _max_relative(pairs, rows):
    return {col: float(np.max(np.abs(np.asarray(value) / rows[col].values - 1.0))) for col, value in pairs}


def _data_units(rows, options):
    umol = 1e6
    s = solve(rows.dic.values * umol, rows.alk.values * umol, rows.temp.values, rows.sal.values,
              rows.depth.values, rows.phos.values * umol, rows.sil.values * umol, options=options,
              patm=rows.patm.values)
    return [("ph", s.ph), ("pco2", s.pco2), ("fco2", s.fco2), ("co2", s.co2 / umol),
            ("hco3", s.hco3 / umol), ("co3", s.co3 / umol), ("omega_a", s.omega_aragonite),
            ("omega_c", s.omega_calcite), ("revelle", s.revelle)]


def test_data_units_match_mocsy(table):
    """vars with optCON='mol/kg', optT='Tinsitu', optP='db': in-situ T, pressure, mol/kg."""
    rows = table[table["mode"] == 2]
    assert len(rows) == 393 and (rows.depth.max(), rows.temp.min(), rows.sal.min()) == (6000.0, -2.0, 5.0)
    errors = _max_relative(_data_units(rows, MOCSY), rows)
    assert max(errors.values()) < TOL, errors
    # the PyCO2SYS-convention default misses mocsy by far more on the same rows
    default = _max_relative(_data_units(rows, CarbonateOptions()), rows)
    assert default["co3"] > 1e-5 and default["pco2"] > 1e-2, default


def test_model_units_match_mocsy(table):
    """vars as REcoM calls it: optCON='mol/m3', optT='Tpot', optP='m' (potential T, depth)."""
    rows = table[table["mode"] == 1]
    m = solve_model_units(rows.dic.values, rows.alk.values, rows.temp.values, rows.sal.values,
                          rows.depth.values, rows.lat.values, rows.phos.values, rows.sil.values,
                          rows.patm.values)
    s = m.chemistry
    pairs = [("ph", s.ph), ("pco2", s.pco2), ("fco2", s.fco2), ("co2", m.co2), ("hco3", m.hco3),
             ("co3", m.co3), ("omega_a", s.omega_aragonite), ("omega_c", s.omega_calcite),
             ("revelle", s.revelle), ("rho_sw", m.rho), ("tempis", m.temp_insitu)]
    errors = _max_relative(pairs, rows)
    assert max(errors.values()) < TOL, errors
    deep = rows.depth.values > 0
    np.testing.assert_allclose(np.asarray(m.pressure)[deep], rows.p.values[deep], rtol=TOL)


def test_gradients_vs_finite_differences():
    """Reverse-mode derivatives through the mocsy option set (implicit [H+] root, finite-
    difference Revelle) of pH, pCO2, CO3, Omega calcite and Revelle w.r.t. DIC, TA, T, S, P."""
    fields = ("ph", "pco2", "co3", "omega_calcite", "revelle")
    x0 = np.array([2150.0, 2300.0, 12.0, 34.5, 2500.0])  # dic, ta, temp, sal, pressure [dbar]

    def f(x):
        s = solve(x[0], x[1], x[2], x[3], x[4], 1.5, 40.0, options=MOCSY, patm=1.01)
        return jax.numpy.stack([getattr(s, name) for name in fields])

    jac = np.asarray(jax.jacrev(f)(jax.numpy.asarray(x0)))
    for i, h in enumerate([0.5, 0.5, 1e-2, 1e-2, 5.0]):
        e = np.zeros(5)
        e[i] = h
        fd = (np.asarray(f(jax.numpy.asarray(x0 + e))) - np.asarray(f(jax.numpy.asarray(x0 - e)))) / (2 * h)
        np.testing.assert_allclose(jac[:, i], fd, rtol=1e-5, err_msg=f"d {fields} / d x[{i}]")


def test_patm_checked_and_used():
    """Atmospheric pressure enters K0 and fCO2 -> pCO2 only; solve_checked names a bad one."""
    from jaxocean.carbonate import InputError, solve_checked
    with pytest.raises(InputError, match="patm"):
        solve_checked(2100.0, 2300.0, 10.0, 35.0, patm=-1.0)
    lo, hi = (solve(2100.0, 2300.0, 10.0, 35.0, options=MOCSY, patm=p) for p in (0.95, 1.05))
    assert float(lo.ph) == pytest.approx(float(hi.ph), rel=1e-15)
    assert float(hi.fco2) / float(lo.fco2) == pytest.approx(np.exp(0.1 * 32.3 / (82.05736 * 283.15)), rel=1e-12)


def test_eos80_unesco_check_values():
    """UNESCO (1983, Tech. Pap. Mar. Sci. 44) check values, independent of mocsy."""
    from jaxocean.carbonate import eos80
    assert float(eos80.density(35.0, 25.0, 1000.0)) == pytest.approx(1062.53817, abs=5e-6)
    assert float(eos80.adiabatic_lapse_rate(40.0, 40.0, 10000.0)) == pytest.approx(3.255976e-4, abs=5e-11)
    assert float(eos80.potential_temperature(40.0, 40.0, 10000.0, 0.0)) == pytest.approx(36.89073, abs=5e-6)


def test_mocsy_convention_has_no_pyco2sys_call():
    from jaxocean.carbonate.pyco2sys import pyco2sys_arguments
    with pytest.raises(ValueError, match="convention"):
        pyco2sys_arguments(35.0, MOCSY)
