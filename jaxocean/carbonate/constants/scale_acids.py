"""Bisulfate and hydrogen fluoride dissociation constants (free pH scale, 1 atm) [mol/kg-sw].

These two set the conversions between the free, seawater and total pH scales.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np


def ionic_strength(sal):
    """Ionic strength of seawater [mol/kg-H2O], DOE (1994) ch. 5 eq. 7.2.4."""
    return 19.924 * sal / (1000.0 - 1.005 * sal)


def to_per_kg_seawater(sal):
    """Factor from mol/kg-H2O to mol/kg-sw, DOE (1994)."""
    return 1.0 - 0.001005 * sal


# Dickson's (1990) coefficient 771.54 as written (PyCO2SYS) and as mocsy's constants.f90 compiles
# it: a literal without kind suffix, i.e. single precision (options.py, item 1).
KSULFATE_771 = {"pyco2sys": 771.54, "mocsy": float(np.float32(771.54))}


def ksulfate_dickson1990(temp_k, sal, c771=KSULFATE_771["pyco2sys"]):
    """KSO4, Dickson (1990, J. Chem. Thermodyn. 22) eq. 22, converted to mol/kg-sw."""
    i = ionic_strength(sal)
    sqi = jnp.sqrt(i)
    ln_k = (-4276.1 / temp_k + 141.328 - 23.093 * jnp.log(temp_k)
            + (-13856.0 / temp_k + 324.57 - 47.986 * jnp.log(temp_k)) * sqi
            + (35474.0 / temp_k - c771 + 114.723 * jnp.log(temp_k)) * i
            - 2698.0 / temp_k * sqi * i + 1776.0 / temp_k * i * i)
    return jnp.exp(ln_k) * to_per_kg_seawater(sal)


def kfluoride_dickson_riley1979(temp_k, sal):
    """KF, Dickson & Riley (1979, Mar. Chem. 7) eq. 12, converted to mol/kg-sw."""
    ln_k = 1590.2 / temp_k - 12.641 + 1.525 * jnp.sqrt(ionic_strength(sal))
    return jnp.exp(ln_k) * to_per_kg_seawater(sal)


def kfluoride_perez_fraga1987(temp_k, sal):
    """KF, Perez & Fraga (1987, Mar. Chem. 21) eq. 4 (already per kg-sw)."""
    return jnp.exp(874.0 / temp_k - 9.68 + 0.111 * jnp.sqrt(sal))


KFLUORIDE = {"dickson_riley1979": kfluoride_dickson_riley1979,
             "perez_fraga1987": kfluoride_perez_fraga1987}
