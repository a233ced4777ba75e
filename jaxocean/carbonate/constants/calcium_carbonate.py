"""Stoichiometric solubility products of calcite and aragonite at 1 atm [mol2/kg2]."""

from __future__ import annotations

import jax.numpy as jnp


def ksp_calcite_mucci1983(temp_k, sal):
    """Calcite, Mucci (1983, Am. J. Sci. 283) Table 7."""
    sq = jnp.sqrt(sal)
    log_k = (-171.9065 - 0.077993 * temp_k + 2839.319 / temp_k + 71.595 * jnp.log10(temp_k)
             + (-0.77712 + 0.0028426 * temp_k + 178.34 / temp_k) * sq
             - 0.07711 * sal + 0.0041249 * sq * sal)
    return 10.0**log_k


def ksp_aragonite_mucci1983(temp_k, sal):
    """Aragonite, Mucci (1983) Table 7."""
    sq = jnp.sqrt(sal)
    log_k = (-171.945 - 0.077993 * temp_k + 2903.293 / temp_k + 71.595 * jnp.log10(temp_k)
             + (-0.068393 + 0.0017276 * temp_k + 88.135 / temp_k) * sq
             - 0.10018 * sal + 0.0059415 * sq * sal)
    return 10.0**log_k
