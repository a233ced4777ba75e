"""Euphotic-zone PIC production (seed 000 Eqs. 1-2, after Hopkins & Balch 2018).

EZ PIC production [g C m-2 d-1] = PIC [g C m-3] * mu(SST) [d-1] * h(PAR) [-] * g(Zeu) [m].
Pure jnp functions of (fields, params): jit, vmap (cells, months, parameter sets) and grad.
``ez_pic_production_checked`` validates concrete inputs first (an ``InputError`` names the field).
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.core.validate import check_broadcastable, check_nonnegative, check_range
from jaxocean.satellite.params import CalcificationParams


def growth_rate(sst, p: CalcificationParams):
    """E. huxleyi maximum growth rate mu [d-1] at SST [degC]; 0 at or below 0 degC (Fielding 2013)."""
    t = jnp.maximum(jnp.asarray(sst), 0.0)
    safe = jnp.where(t > 0.0, t, 1.0)  # keeps d mu / dT finite at T = 0
    return jnp.where(t > 0.0, p.mu_a * safe**p.mu_b, 0.0)


def light_limitation(par, p: CalcificationParams):
    """Growth-limiting irradiance function h(PAR) = 1 - exp(-PAR / ik) [-], PAR in mol photons m-2 d-1."""
    return -jnp.expm1(-jnp.maximum(jnp.asarray(par), 0.0) / p.ik)


def kd_par(kd490, p: CalcificationParams):
    """Diffuse attenuation of PAR [m-1] from Kd(490) [m-1] (Morel et al. 2007)."""
    kd = jnp.asarray(kd490)
    return p.kd_a + p.kd_b * kd + p.kd_c / kd


def euphotic_depth(kd490, p: CalcificationParams):
    """Zeu [m]: depth of the ``light_fraction`` (1 %) light level, ln(1/f) / Kd(PAR)."""
    return jnp.log(1.0 / p.light_fraction) / kd_par(kd490, p)


def depth_factor(zeu, p: CalcificationParams):
    """g(Zeu) [m]: integral over 0..Zeu of exp(-Kd z), i.e. Zeu (1 - f) / ln(1/f)."""
    f = p.light_fraction
    return jnp.asarray(zeu) * (1.0 - f) / jnp.log(1.0 / f)


def ez_pic_production(pic_mol_m3, sst, par, kd490, p: CalcificationParams = CalcificationParams()):
    """EZ PIC production [g C m-2 d-1] from surface PIC [mol C m-3], SST [degC],
    PAR [mol photons m-2 d-1] and Kd490 [m-1] (seed Eq. 2). NaN propagates (gaps, land)."""
    pic_g_m3 = jnp.asarray(pic_mol_m3) * p.molar_mass_c
    zeu = euphotic_depth(kd490, p)
    return pic_g_m3 * growth_rate(sst, p) * light_limitation(par, p) * depth_factor(zeu, p)


def ez_pic_production_checked(pic_mol_m3, sst, par, kd490, p: CalcificationParams = CalcificationParams()):
    """``ez_pic_production`` after checking units-plausible ranges (NaN allowed for gaps)."""
    check_broadcastable({"pic": pic_mol_m3, "sst": sst, "par": par, "kd490": kd490})
    check_range("pic [mol C m-3]", pic_mol_m3, 0.0, 1.0, "mol m-3", ignore_nan=True)
    check_range("sst [degC]", sst, -3.0, 40.0, "degC", ignore_nan=True)
    check_nonnegative("par [mol photons m-2 d-1]", par, ignore_nan=True)
    check_range("par [mol photons m-2 d-1]", par, 0.0, 100.0, ignore_nan=True)
    check_range("kd490 [m-1]", kd490, 0.01, 10.0, "m-1", ignore_nan=True)
    return ez_pic_production(pic_mol_m3, sst, par, kd490, p)
