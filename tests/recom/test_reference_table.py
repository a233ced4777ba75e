"""REcoM CO2 factors and calcite dissolution against the shared PyCO2SYS reference table.

The table (../shared/reference/carbonate/pyco2sys_reference.csv, 3,456 cases) carries the REcoM
CO2 factors fCO2raw_X / fCO2_X (Seifert et al. 2025 Eq. 3, computed from PyCO2SYS chemistry) and
calc_diss_per_day = 0.197 max(0, 1 - Omega_calcite), so the whole chain carbonate.solve ->
recom terms is checked against an independent implementation.
"""

import numpy as np
import pytest

from jaxocean.carbonate import solve
from jaxocean.recom import (CO2FactorParams, DissolutionParams, calcite_dissolution_rate, co2_factor,
                            co2_factor_unclipped)

SETS = {"dia": CO2FactorParams.diatoms, "phy": CO2FactorParams.small_phytoplankton,
        "cocco": CO2FactorParams.coccolithophores, "calc": CO2FactorParams.calcification}


@pytest.fixture(scope="module")
def table_and_state(shared):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(shared("reference", "carbonate", "pyco2sys_reference.csv"), comment="#")
    state = solve(df.DIC_umolkg.values, df.TA_umolkg.values, df.T_C.values, df.S.values,
                  df.P_dbar.values, df.PO4_umolkg.values, df.SiO4_umolkg.values)
    return df, state


@pytest.mark.parametrize("key", sorted(SETS))
def test_co2_factors_match_reference(table_and_state, key):
    df, st = table_and_state
    p = SETS[key]()
    raw = np.asarray(co2_factor_unclipped(st.hco3, st.co2, st.h, p))
    clipped = np.asarray(co2_factor(st.hco3, st.co2, st.h, p))
    np.testing.assert_allclose(raw, df[f"fCO2raw_{key}"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(clipped, df[f"fCO2_{key}"], rtol=0, atol=1e-9)


def test_calcite_dissolution_matches_reference(table_and_state):
    df, st = table_and_state
    rate = np.asarray(calcite_dissolution_rate(st.omega_calcite, DissolutionParams()))
    np.testing.assert_allclose(rate, df.calc_diss_per_day, rtol=0, atol=1e-10)
    assert (df.calc_diss_per_day > 0).sum() > 100   # undersaturated cases are in the table
