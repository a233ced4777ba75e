"""Shared test cases for the carbonate tests: output names and random inputs."""

from __future__ import annotations

import numpy as np

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


def random_inputs(seed: int, n: int):
    """Random (dic, ta, temp, sal, pressure, phos, sil) over the open ocean and beyond."""
    rng = np.random.default_rng(seed)
    dic = rng.uniform(1500.0, 2600.0, n)
    return (dic, dic * rng.uniform(0.8, 1.6, n), rng.uniform(-2.0, 35.0, n), rng.uniform(20.0, 42.0, n),
            rng.uniform(0.0, 6000.0, n), rng.uniform(0.0, 3.5, n), rng.uniform(0.0, 180.0, n))
