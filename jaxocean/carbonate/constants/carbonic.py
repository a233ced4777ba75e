"""CO2 solubility and carbonic-acid dissociation constants at 1 atm."""

from __future__ import annotations

import jax.numpy as jnp


def k0_weiss1974(temp_k, sal):
    """CO2 solubility K0 [mol/kg-sw/atm], Weiss (1974, Mar. Chem. 2) eq. 12, Table 2."""
    t100 = temp_k / 100.0
    ln_k0 = (-60.2409 + 93.4517 / t100 + 23.3585 * jnp.log(t100)
             + sal * (0.023517 - 0.023656 * t100 + 0.0047036 * t100 * t100))
    return jnp.exp(ln_k0)


def k1k2_lueker2000(temp_k, sal):
    """K1, K2 on the total scale [mol/kg-sw], Lueker et al. (2000, Mar. Chem. 70) eqs. 9-10."""
    pk1 = 3633.86 / temp_k - 61.2172 + 9.6777 * jnp.log(temp_k) - 0.011555 * sal + 0.0001152 * sal**2
    pk2 = 471.78 / temp_k + 25.929 - 3.16967 * jnp.log(temp_k) - 0.01781 * sal + 0.0001122 * sal**2
    return 10.0**-pk1, 10.0**-pk2
