"""CO2 gas-phase terms: K0 at pressure and the fugacity factor, Weiss (1974, Mar. Chem. 2)."""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.carbonate.pressure import GAS_CONSTANT

CO2_PARTIAL_MOLAR_VOLUME = 32.3  # vCO2 [cm3/mol], Weiss (1974)


def k0_pressure_factor(temp_k, p_bar):
    """K0(P) / K0(1 atm) for sea pressure ``p_bar``, Weiss (1974) eq. 5 (Poynting term)."""
    return jnp.exp(-p_bar * CO2_PARTIAL_MOLAR_VOLUME / (GAS_CONSTANT * temp_k))


def fugacity_factor(temp_k, p_total_bar):
    """fCO2 / pCO2 at total pressure ``p_total_bar``, Weiss (1974) eqs. 6, 9 (x_CO2 << 1)."""
    b = -1636.75 + 12.0408 * temp_k - 0.0327957 * temp_k**2 + 3.16528e-5 * temp_k**3  # [cm3/mol]
    delta = 57.7 - 0.118 * temp_k  # [cm3/mol]
    return jnp.exp((b + 2.0 * delta) * p_total_bar / (GAS_CONSTANT * temp_k))


# Sea pressure [bar] that K0 and the fugacity factor see, by CarbonateOptions.gas_pressure:
# in situ (mocsy optGAS='Pinsitu') or none (1 atm, optGAS='Pzero').
GAS_SEA_PRESSURE = {"insitu": lambda p_bar: p_bar, "surface": jnp.zeros_like}
