"""Stoichiometric solubility products of calcite and aragonite at 1 atm [mol2/kg2].

Mucci (1983, Am. J. Sci. 283) Table 7:
log10 Ksp = a0 + a1 T + a2 / T + a3 log10 T + (b0 + b1 T + b2 / T) S^0.5 + c0 S + d0 S^1.5, T in K.
"""

from __future__ import annotations

import jax.numpy as jnp

#              a0,        a1,        a2,       a3,     b0,        b1,        b2,      c0,       d0
MUCCI1983 = {
    "calcite": (-171.9065, -0.077993, 2839.319, 71.595, -0.77712, 0.0028426, 178.34, -0.07711, 0.0041249),
    "aragonite": (-171.945, -0.077993, 2903.293, 71.595, -0.068393, 0.0017276, 88.135, -0.10018, 0.0059415),
}


def ksp_mucci1983(mineral: str, temp_k, sal):
    """Ksp of ``mineral`` ("calcite" | "aragonite"), Mucci (1983) Table 7."""
    a0, a1, a2, a3, b0, b1, b2, c0, d0 = MUCCI1983[mineral]
    sq = jnp.sqrt(sal)
    log_k = (a0 + a1 * temp_k + a2 / temp_k + a3 * jnp.log10(temp_k)
             + (b0 + b1 * temp_k + b2 / temp_k) * sq + c0 * sal + d0 * sq * sal)
    return 10.0**log_k
