"""Equilibrium constants and totals against the columns of the shared PyCO2SYS table."""

from __future__ import annotations

import numpy as np

from jaxocean.carbonate import CarbonateOptions
from jaxocean.carbonate.constants import calcium, equilibrium_constants, seawater_totals

CONSTANTS = {"k0": "K0", "k1": "K1", "k2": "K2", "kb": "KB", "kw": "KW", "kso4": "KSO4_free",
             "kf": "KF_free", "ksp_calcite": "Ksp_calcite", "ksp_aragonite": "Ksp_aragonite",
             "kp1": "KP1", "kp2": "KP2", "kp3": "KP3", "ksi": "KSi"}


def test_constants_match_reference(reference_table):
    t = reference_table
    totals = seawater_totals(0.0, t.S.values, 0.0, 0.0, CarbonateOptions())
    k = equilibrium_constants(t.T_C.values, t.S.values, t.P_dbar.values, totals, CarbonateOptions())
    for field, column in CONSTANTS.items():
        np.testing.assert_allclose(getattr(k, field), t[column].values, rtol=1e-10, err_msg=field)
    for value, column in ((totals.borate, "TB_umolkg"), (totals.sulfate, "TS_umolkg"),
                          (totals.fluoride, "TF_umolkg"), (calcium(t.S.values), "TCa_umolkg")):
        np.testing.assert_allclose(np.asarray(value) * 1e6, t[column].values, rtol=1e-10, err_msg=column)


def test_pressure_raises_k1_k2():
    """Millero (1995): dissociation increases with pressure (negative reaction volumes)."""
    totals = seawater_totals(0.0, 35.0, 0.0, 0.0, CarbonateOptions())
    k_surf = equilibrium_constants(2.0, 35.0, 0.0, totals, CarbonateOptions())
    k_deep = equilibrium_constants(2.0, 35.0, 4000.0, totals, CarbonateOptions())
    assert float(k_deep.k1) > float(k_surf.k1) and float(k_deep.ksp_calcite) > float(k_surf.ksp_calcite)
    # Lueker et al. (2000) check value at 25 degC, S = 35: pK1 = 5.8472, pK2 = 8.9660 (total scale)
    k25 = equilibrium_constants(25.0, 35.0, 0.0, totals, CarbonateOptions())
    assert abs(-np.log10(float(k25.k1)) - 5.8472) < 1e-3 and abs(-np.log10(float(k25.k2)) - 8.9660) < 1e-3
