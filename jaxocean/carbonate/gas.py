"""CO2 gas-phase terms at total pressure P [atm]: K0's pressure factor and the fugacity
coefficient, Weiss (1974, Mar. Chem. 2) eqs. 5, 6, 9."""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.carbonate.pressure import ATM_IN_BAR, GAS_CONSTANT

CO2_PARTIAL_MOLAR_VOLUME = 32.3  # vCO2 [cm3/mol], Weiss (1974)

# R [cm3 atm / (mol K)] of the gas terms by CarbonateOptions.convention: PyCO2SYS's
# 83.14472 cm3 bar / (mol K) (DOE 2007) per atm, or mocsy's 82.05736 (CODATA 2006).
GAS_CONSTANT_ATM = {"pyco2sys": GAS_CONSTANT / ATM_IN_BAR, "mocsy": 82.05736}


def total_pressure(patm, p_bar, gas_pressure: str):
    """Total pressure [atm] seen by K0 and the fugacity coefficient: atmospheric ``patm``
    [atm] plus the sea pressure ``p_bar`` [bar] for gas_pressure "insitu", or ``patm`` alone
    for "surface" (mocsy optGAS='Pinsitu' / 'Pzero')."""
    sea = p_bar / ATM_IN_BAR if gas_pressure == "insitu" else jnp.zeros_like(p_bar)
    return patm + sea


def k0_pressure_factor(temp_k, p_total, convention: str):
    """K0(P) / K0(1 atm) at total pressure ``p_total`` [atm], Weiss (1974) eq. 5 (Poynting)."""
    return jnp.exp((1.0 - p_total) * CO2_PARTIAL_MOLAR_VOLUME / (GAS_CONSTANT_ATM[convention] * temp_k))


def fugacity_factor(temp_k, p_total, fco2, convention: str):
    """fCO2 / pCO2 at total pressure ``p_total`` [atm], Weiss (1974) eqs. 6, 9.

    "pyco2sys": x_CO2 << 1. "mocsy" (varsolver.f90): (1 - x)^2 with x = 1e-6 fCO2 [uatm]
    times K0's pressure factor, mocsy's approximation of the mole fraction."""
    r = GAS_CONSTANT_ATM[convention]
    b = -1636.75 + 12.0408 * temp_k - 0.0327957 * temp_k**2 + 3.16528e-5 * temp_k**3  # [cm3/mol]
    delta = 57.7 - 0.118 * temp_k  # [cm3/mol]
    if convention == "mocsy":
        x = fco2 * 1e-6 * k0_pressure_factor(temp_k, p_total, convention)
        delta = delta * (1.0 - x) ** 2
    return jnp.exp(p_total * (b + 2.0 * delta) / (r * temp_k))
