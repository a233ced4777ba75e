"""Boric acid, water, phosphoric and silicic acid dissociation constants at 1 atm [mol/kg-sw]."""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.carbonate.constants.scale_acids import ionic_strength, to_per_kg_seawater


def kborate_dickson1990(temp_k, sal):
    """KB on the total scale, Dickson (1990, Deep-Sea Res. 37) eq. 23."""
    sq = jnp.sqrt(sal)
    ln_k = ((-8966.9 - 2890.53 * sq - 77.942 * sal + 1.728 * sq * sal - 0.0996 * sal**2) / temp_k
            + 148.0248 + 137.1942 * sq + 1.62142 * sal
            + (-24.4344 - 25.085 * sq - 0.2474 * sal) * jnp.log(temp_k)
            + 0.053105 * sq * temp_k)
    return jnp.exp(ln_k)


def kwater_millero1995(temp_k, sal):
    """KW on the seawater scale, Millero (1995, GCA 59) eq. 63."""
    return jnp.exp(148.9802 - 13847.26 / temp_k - 23.6521 * jnp.log(temp_k)
                   + (-5.977 + 118.67 / temp_k + 1.0495 * jnp.log(temp_k)) * jnp.sqrt(sal)
                   - 0.01615 * sal)


def kphosphate_millero1995(temp_k, sal):
    """KP1, KP2, KP3 on the seawater scale, Millero (1995) eqs. 65-67 (Yao & Millero 1995)."""
    sq, ln_t = jnp.sqrt(sal), jnp.log(temp_k)
    kp1 = jnp.exp(-4576.752 / temp_k + 115.54 - 18.453 * ln_t
                  + (-106.736 / temp_k + 0.69171) * sq + (-0.65643 / temp_k - 0.01844) * sal)
    kp2 = jnp.exp(-8814.715 / temp_k + 172.1033 - 27.927 * ln_t
                  + (-160.34 / temp_k + 1.3566) * sq + (0.37335 / temp_k - 0.05778) * sal)
    kp3 = jnp.exp(-3070.75 / temp_k - 18.126
                  + (17.27039 / temp_k + 2.81197) * sq + (-44.99486 / temp_k - 0.09984) * sal)
    return kp1, kp2, kp3


def ksilicate_millero1995(temp_k, sal):
    """KSi on the seawater scale, Millero (1995) eq. 72 (Yao & Millero 1995), per kg-sw."""
    i = ionic_strength(sal)
    ln_k = (-8904.2 / temp_k + 117.4 - 19.334 * jnp.log(temp_k)
            + (-458.79 / temp_k + 3.5913) * jnp.sqrt(i)
            + (188.74 / temp_k - 1.5998) * i + (-12.1652 / temp_k + 0.07871) * i * i)
    return jnp.exp(ln_k) * to_per_kg_seawater(sal)
