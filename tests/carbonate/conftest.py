"""Carbonate fixtures: the shared PyCO2SYS reference table and a live PyCO2SYS caller."""

from __future__ import annotations

import pytest

from jaxocean.carbonate import CarbonateOptions
from jaxocean.carbonate.pyco2sys import pyco2sys_arguments


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
