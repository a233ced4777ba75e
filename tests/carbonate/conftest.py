"""Carbonate fixtures: the shared PyCO2SYS reference table and a live PyCO2SYS caller."""

from __future__ import annotations

import numpy as np
import pytest

from jaxocean.carbonate import CarbonateOptions
from jaxocean.carbonate.pyco2sys import pyco2sys_arguments

# (CarbonateState field, PyCO2SYS output key, reference-table column)
OUTPUTS = [
    ("co2", "CO2", "CO2aq_umolkg"),
    ("hco3", "HCO3", "HCO3_umolkg"),
    ("co3", "CO3", "CO3_umolkg"),
    ("pco2", "pCO2", "pCO2_uatm"),
    ("fco2", "fCO2", "fCO2_uatm"),
    ("omega_calcite", "saturation_calcite", "OmegaC"),
    ("omega_aragonite", "saturation_aragonite", "OmegaA"),
]


@pytest.fixture(scope="session")
def reference_table(shared):
    pd = pytest.importorskip("pandas")
    return pd.read_csv(shared("reference", "carbonate", "pyco2sys_reference.csv"), comment="#")


@pytest.fixture(scope="session")
def pyco2sys():
    """Call PyCO2SYS for (dic, ta, temp, sal, pressure, phos, sil) with the options' equivalents."""
    pyco2 = pytest.importorskip("PyCO2SYS")

    def run(dic, ta, temp, sal, pressure, phos, sil, options=CarbonateOptions()):
        return pyco2.sys(par1=ta, par1_type=1, par2=dic, par2_type=2, temperature=temp,
                         salinity=sal, pressure=pressure, total_phosphate=phos,
                         total_silicate=sil, **pyco2sys_arguments(sal, options))

    return run


def random_inputs(seed: int, n: int):
    """Random (dic, ta, temp, sal, pressure, phos, sil) over the open ocean and beyond."""
    rng = np.random.default_rng(seed)
    dic = rng.uniform(1500.0, 2600.0, n)
    return (dic, dic * rng.uniform(0.8, 1.6, n), rng.uniform(-2.0, 35.0, n), rng.uniform(20.0, 42.0, n),
            rng.uniform(0.0, 6000.0, n), rng.uniform(0.0, 3.5, n), rng.uniform(0.0, 180.0, n))
