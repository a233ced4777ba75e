"""Total alkalinity as a function of [H+] (total scale), and bounds on its root.

TA(h) = [HCO3-] + 2[CO3--] + [B(OH)4-] + [OH-] + [HPO4--] + 2[PO4---] - [H3PO4]
        + [H3SiO4-] - [H+]_free - [HSO4-] - [HF]          (Dickson 1981, DOE 1994 ch. 2)
All concentrations in mol/kg-sw; ``h`` is [H+] on the total scale.
"""

from __future__ import annotations

import jax.numpy as jnp


def carbonate_fractions(h, k):
    """(CO2*, HCO3-, CO3--) fractions of DIC at [H+] = h (Zeebe & Wolf-Gladrow 2001 eq. 1.1.9)."""
    k1h = k.k1 * h
    k1k2 = k.k1 * k.k2
    denom = h * h + k1h + k1k2
    return h * h / denom, k1h / denom, k1k2 / denom


def alkalinity(h, totals, k):
    """TA [mol/kg] at [H+] = h for totals (Totals, mol/kg) and constants k (EquilibriumConstants)."""
    _, f_hco3, f_co3 = carbonate_fractions(h, k)
    h_free = h / k.free_to_total
    kp12 = k.kp1 * k.kp2
    kp123 = kp12 * k.kp3
    phos_denom = h * h * h + k.kp1 * h * h + kp12 * h + kp123
    return (totals.dic * (f_hco3 + 2.0 * f_co3)
            + totals.borate * k.kb / (k.kb + h)
            + k.kw / h - h_free
            + totals.phosphate * (kp12 * h + 2.0 * kp123 - h * h * h) / phos_denom
            + totals.silicate * k.ksi / (k.ksi + h)
            - totals.sulfate / (1.0 + k.kso4_alkalinity / h_free)
            - totals.fluoride / (1.0 + k.kf / h_free))


def species_from_fractions(h, ta, totals, k):
    """(CO2*, HCO3-, CO3--) [mol/kg] = DIC x fractions at [H+] = h (``ta`` unused)."""
    return tuple(totals.dic * f for f in carbonate_fractions(h, k))


def species_from_carbonate_alkalinity(h, ta, totals, k):
    """(CO2*, HCO3-, CO3--) [mol/kg] as mocsy's varsolver.f90 computes them: carbonate
    alkalinity AC = TA - (non-carbonate alkalinity at h, free-scale bisulfate term), then
    CO2* = (2 DIC - AC) / (2 + K1/h), HCO3 = K1 CO2*/h, CO3 = K2 HCO3/h. Equal to
    ``species_from_fractions`` at the exact root of ``alkalinity``."""
    k_free = k._replace(kso4_alkalinity=k.kso4)
    carbonate_alk = ta - alkalinity(h, totals._replace(dic=jnp.zeros_like(totals.dic)), k_free)
    co2 = (2.0 * totals.dic - carbonate_alk) / (2.0 + k.k1 / h)
    hco3 = k.k1 * co2 / h
    return co2, hco3, k.k2 * hco3 / h


# Speciation at the [H+] root by CarbonateOptions.convention (options.py item 4).
SPECIATION = {"pyco2sys": species_from_fractions, "mocsy": species_from_carbonate_alkalinity}


def root_bracket(ta, totals, k):
    """[h_min, h_max] that contains the root of TA(h) = ta, Munhoven (2013, GMD 6) sec. 3.

    The non-water alkalinity lies between -(TP + TS + TF) and 2 DIC + TB + 2 TP + TSi, so the
    root solves kw/h - h/free_to_total = ta - (that part) for a part between those limits.
    """
    alk_inf = -(totals.phosphate + totals.sulfate + totals.fluoride)
    alk_sup = 2.0 * totals.dic + totals.borate + 2.0 * totals.phosphate + totals.silicate
    return _water_root(ta - alk_inf, k), _water_root(ta - alk_sup, k)


def _water_root(c, k):
    """Positive root of kw/h - h/a = c (a = free_to_total), in the cancellation-free form."""
    a = k.free_to_total
    sq = jnp.sqrt(c * c + 4.0 * k.kw / a)
    c_pos = jnp.where(c > 0, c, 0.0)
    c_neg = jnp.where(c > 0, 0.0, c)
    return jnp.where(c > 0, 2.0 * k.kw / (c_pos + sq), a * (sq - c_neg) / 2.0)


def initial_guess(ta, totals, k):
    """Root of the carbonate + borate alkalinity cubic near its minimum, Munhoven (2013) eq. A.3-A.6."""
    ta_safe = jnp.where(ta > 0, ta, 1.0)
    zca = totals.dic / ta_safe
    zba = totals.borate / ta_safe
    k1k2 = k.k1 * k.k2
    a2 = k.kb * (1.0 - zba) + k.k1 * (1.0 - zca)
    a1 = k.k1 * k.kb * (1.0 - zba - zca) + k1k2 * (1.0 - 2.0 * zca)
    a0 = k1k2 * k.kb * (1.0 - zba - 2.0 * zca)
    d = jnp.sqrt(jnp.maximum(a2 * a2 - 3.0 * a1, 0.0))
    d_safe = jnp.where(d > 0, d, 1.0)
    h_min = jnp.where(a2 < 0, (-a2 + d) / 3.0, -a1 / jnp.where(a2 + d > 0, a2 + d, 1.0))
    h = h_min + jnp.sqrt(jnp.maximum(-(a0 + h_min * (a1 + h_min * (a2 + h_min))) / d_safe, 0.0))
    h = jnp.where(ta <= 0, 1e-3, h)
    return jnp.where(ta >= 2.0 * totals.dic + totals.borate, 1e-10, h)
