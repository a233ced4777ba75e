"""solve() against PyCO2SYS 1.8.3: the shared reference table and live calls on random inputs."""

from __future__ import annotations

import numpy as np
import pytest

from jaxocean.carbonate import CarbonateOptions, solve
from tests.carbonate._cases import OUTPUTS, random_inputs

PH_TOL = 5e-5  # |delta pH|
SPECIES_TOL = 1e-4  # relative, species, pCO2/fCO2 and saturation states
REVELLE_TOL = 1e-3  # relative


def _relative(a, b):
    return np.max(np.abs(np.asarray(a) / np.asarray(b) - 1.0))


def test_reference_table(reference_table):
    t = reference_table
    assert len(t) == 3456
    s = solve(t.DIC_umolkg.values, t.TA_umolkg.values, t.T_C.values, t.S.values, t.P_dbar.values,
              t.PO4_umolkg.values, t.SiO4_umolkg.values)
    assert np.max(np.abs(np.asarray(s.ph) - t.pH_total.values)) < PH_TOL
    assert _relative(s.h, t.H_total_molkg.values) < SPECIES_TOL
    for field, _, column in OUTPUTS:
        assert _relative(getattr(s, field), t[column].values) < SPECIES_TOL, field
    assert _relative(s.revelle, t.Revelle.values) < REVELLE_TOL
    np.testing.assert_allclose(s.gamma_dic, t.DIC_umolkg.values / t.Revelle.values, rtol=REVELLE_TOL)


def test_reference_table_float32(reference_table):
    """float32 inputs stay float32 and still meet the pH and species tolerances."""
    t = reference_table
    cols = ("DIC_umolkg", "TA_umolkg", "T_C", "S", "P_dbar", "PO4_umolkg", "SiO4_umolkg")
    s = solve(*(t[c].values.astype(np.float32) for c in cols))
    assert s.ph.dtype == np.float32 and np.all(np.isfinite(np.asarray(s.ph)))
    assert np.max(np.abs(np.asarray(s.ph, float) - t.pH_total.values)) < PH_TOL
    for field, _, column in OUTPUTS:
        assert _relative(np.asarray(getattr(s, field), float), t[column].values) < SPECIES_TOL, field


def _assert_matches(s, ref):
    assert np.max(np.abs(np.asarray(s.ph) - ref["pH"])) < PH_TOL
    for field, key, _ in OUTPUTS:
        assert _relative(getattr(s, field), ref[key]) < SPECIES_TOL, field
    assert _relative(s.revelle, ref["revelle_factor"]) < REVELLE_TOL


ARGS = random_inputs(seed=7, n=200)


def test_live_pyco2sys(pyco2sys):
    _assert_matches(solve(*ARGS), pyco2sys(*ARGS))


@pytest.mark.parametrize("options", [CarbonateOptions(borate="lee2010"),
                                     CarbonateOptions(kf="perez_fraga1987"),
                                     CarbonateOptions(gas_pressure="surface")],
                         ids=["lee2010", "perez_fraga1987", "surface_gas"])
def test_live_pyco2sys_alternatives(pyco2sys, options):
    """Each alternative matches PyCO2SYS with the same option, and differs from the default."""
    s = solve(*ARGS, options=options)
    _assert_matches(s, pyco2sys(*ARGS, options=options))
    assert _relative(s.fco2, solve(*ARGS).fco2) > 1e-6


def test_bad_option_name():
    with pytest.raises(ValueError, match="borate"):
        CarbonateOptions(borate="lee2011")


def test_broadcasting_and_state_shapes():
    s = solve(np.full((3, 1), 2000.0), np.array([2200.0, 2300.0]), 15.0, 35.0)
    assert s.ph.shape == (3, 2) and s.revelle.shape == (3, 2)
    np.testing.assert_allclose(s.gamma_dic, 2000.0 / np.asarray(s.revelle))
    np.testing.assert_allclose(s.ph, -np.log10(np.asarray(s.h)))
