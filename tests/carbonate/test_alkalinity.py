"""The alkalinity equation, its root bracket and initial guess."""

from __future__ import annotations

import numpy as np

from jaxocean.carbonate import CarbonateOptions
from jaxocean.carbonate.alkalinity import alkalinity, initial_guess, root_bracket
from jaxocean.carbonate.constants import equilibrium_constants, seawater_totals
from tests.carbonate._cases import random_inputs


def _system(dic, temp, sal, pressure, phos, sil):
    totals = seawater_totals(dic * 1e-6, sal, phos * 1e-6, sil * 1e-6, CarbonateOptions())
    return totals, equilibrium_constants(temp, sal, pressure, totals, CarbonateOptions())


def test_alkalinity_at_reference_ph(reference_table):
    """TA(h) at PyCO2SYS's pH returns the input TA: every term and scale conversion is right."""
    t = reference_table
    totals, k = _system(t.DIC_umolkg.values, t.T_C.values, t.S.values, t.P_dbar.values,
                        t.PO4_umolkg.values, t.SiO4_umolkg.values)
    ta = np.asarray(alkalinity(t.H_total_molkg.values, totals, k)) * 1e6
    np.testing.assert_allclose(ta, t.TA_umolkg.values, rtol=1e-8)


def test_bracket_contains_root_and_guess():
    dic, ta, temp, sal, pressure, phos, sil = random_inputs(seed=3, n=500)
    ta = dic * np.linspace(0.5, 3.0, dic.size)
    totals, k = _system(dic, temp, sal, pressure, phos, sil)
    h_lo, h_hi = root_bracket(ta * 1e-6, totals, k)
    assert np.all(np.asarray(alkalinity(h_lo, totals, k)) >= ta * 1e-6)
    assert np.all(np.asarray(alkalinity(h_hi, totals, k)) <= ta * 1e-6)
    guess = np.asarray(initial_guess(ta * 1e-6, totals, k))
    assert np.all(np.isfinite(guess) & (guess > 0))
