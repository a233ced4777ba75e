"""Carcass and fecal-pellet carbon production at the base of the euphotic zone (seed 002 Eqs. 13-24).

Carcasses: the share of natural mortality that is not predation (the U-shaped non-predation
mortality of Rogers, Blanchard & Mumby 2018, J. Appl. Ecol. 55:1041, times a_lambda(T), Eq. 18)
sinks: B_sink = min(Lambda_np/Lambda, 1) Lambda B (Eqs. 16-19). Fecal pellets: individual
carbon loss C_i = (1 - alpha)/alpha xi_I (Eq. 22), integrated over the spectrum with n = B/m
(Eq. 24); a fraction phi_E of it is egested as pellets, the rest respired (Bianchi et al. 2021).
Fluxes in mg C m-2 d-1, per group.

Values, sources and the reasoning behind the defaults: docs/PARAMETERS.md (a test keeps it and
these defaults in agreement). Only phi_E is printed in the seed.
"""

from __future__ import annotations

import equinox as eqx
import jax.numpy as jnp

from jaxocean.boats.constants import MG_C_PER_MMOL, SECONDS_PER_DAY
from jaxocean.boats.mass_sum import class_sum
from jaxocean.boats.mortality import natural_mortality

ROGERS_YEAR_S = 365.0 * SECONDS_PER_DAY   # s; the year of the Rogers et al. code (365 daily steps)


class CarcassParams(eqx.Module):
    """Non-predation mortality (seed Eq. 18) and egestion (Eqs. 20-24) parameters.

    Defaults (docs/PARAMETERS.md gives the reasoning):

    mu_R, beta_R: extrinsic (starvation) term mu_R m^-beta_R, 0.2 yr-1 g^0.25 and 0.25: the
      residual mortality ``mu0 * 10^(-0.25 x)`` of the Rogers et al. (2018) code (params.R
      ``mu0 = 0.2``; sizemodel_functions.R, x = log10 mass in g), taken literally.
    mu_S, m_S, beta_S: senescence term mu_S (m/m_S)^beta_S. mu_S = 0.1 yr-1 is the code's
      ``k.sm``; its onset ``xs = 3`` (10^3 g, half a decade below its 10^3.5 g largest fish)
      and exponent ``p.s = 0.3`` cannot be used literally (the non-predation share would
      exceed 1 in most classes above a few kg, contradicting the seed after Eq. 19), so the
      onset is the largest BOATS asymptotic mass, m_S = 1e5 g, and beta_S = 9: given mu_S and
      m_S, the seed's statement (only class 50 of group 3 exceeds 1) holds for all five
      published parameter sets exactly for 8.47 <= beta_S <= 9.31 (a bound, not a fit).
    alpha: production / ingestion of Eqs. 20-22, a gross growth efficiency: 0.15, the gross
      growth conversion efficiency of the same Rogers et al. code (params.R ``K.u``, after
      Ware 1978); inside the ~0.14-0.22 implied by Bianchi et al. (2021).
    phi_E: fraction of the carbon loss egested as fecal pellets, 0.2 (seed, after Eq. 24).

    Named alternatives: :meth:`rogers2018` (the code's values literally), :meth:`previous`
    (the chosen defaults of the first implementation: alpha = 0.8, mu_S = 0.2 yr-1,
    m_S = 1e5 g, beta_S = 10), :meth:`named` by name.
    """

    mu_R: float = 0.2       # yr-1 g^beta_R (365-d year), extrinsic (starvation) mortality constant
    beta_R: float = 0.25    # -, its mass exponent
    mu_S: float = 0.1       # yr-1 (365-d year), senescence mortality at m = m_S
    beta_S: float = 9.0     # -, senescence exponent
    m_S: float = 1.0e5      # g, mass at senescence
    alpha: float = 0.15     # -, gross growth efficiency (production / ingestion)
    phi_E: float = 0.2      # -, fraction of carbon loss egested as fecal pellets

    @classmethod
    def rogers2018(cls, **overrides) -> "CarcassParams":
        """Rogers, Blanchard & Mumby (2018) code values taken literally: mu0 = 0.2, k.sm = 0.1,
        senescence from 10^3 g with exponent 0.3, gross growth efficiency K.u = 0.15."""
        return cls(**({"mu_R": 0.2, "beta_R": 0.25, "mu_S": 0.1, "m_S": 1.0e3, "beta_S": 0.3,
                       "alpha": 0.15} | overrides))

    @classmethod
    def previous(cls, **overrides) -> "CarcassParams":
        """The first implementation's CHOSEN values (alpha as an assimilation efficiency)."""
        per_boats_year = 365.0 / 360.0     # they were 0.2 per 360-day BOATS year
        return cls(**({"mu_R": 0.2 * per_boats_year, "mu_S": 0.2 * per_boats_year, "m_S": 1.0e5,
                       "beta_S": 10.0, "alpha": 0.8} | overrides))

    @classmethod
    def named(cls, name: str, **overrides) -> "CarcassParams":
        """``"default"``, ``"rogers2018"`` or ``"previous"``."""
        if name not in NAMED_SETS:
            raise ValueError(f"unknown carcass parameter set {name!r}; known: {list(NAMED_SETS)}")
        return cls(**overrides) if name == "default" else getattr(cls, name)(**overrides)


NAMED_SETS = ("default", "rogers2018", "previous")


def nonpredation_mortality(f_m, carcass: CarcassParams, mass):
    """Lambda_np = (mu_R m^-beta_R + mu_S (m/m_S)^beta_S) a_lambda(T) [s-1] (seed 002 Eq. 18)."""
    per_year = carcass.mu_R * mass ** (-carcass.beta_R) + carcass.mu_S * (mass / carcass.m_S) ** carcass.beta_S
    return per_year * (1.0 / ROGERS_YEAR_S) * f_m


def nonpredation_share(params, dtype=jnp.float64):
    """Delta_contrib = Lambda_np / Lambda [-] per (group, class), (3, 50), before the cap at 1
    (Eq. 17); temperature-independent, both rates scale with a_lambda(T)."""
    m = jnp.asarray(params.grid.mass, dtype)
    return nonpredation_mortality(1.0, params.carcass, m) / natural_mortality(1.0, params, dtype)


def carcass_and_fecal_fluxes(biomass, mortality_flux, e_in, params):
    """Carcass and fecal-pellet carbon fluxes out of the euphotic zone [mg C m-2 d-1], (..., 3) each.

    biomass B [mmolC m-2 g-1] (..., 3, 50); mortality_flux Lambda B [mmolC m-2 g-1 s-1];
    e_in xi_I [g s-1]. Carcass: sum_k min(Lambda_np/Lambda, 1) Lambda B dm (Eqs. 16-19);
    fecal: phi_E sum_k (1-alpha)/alpha xi_I (B/m) dm (Eqs. 22-24). Classes above m_inf excluded.
    The share min(Lambda_np/Lambda, 1) and the class weights depend on mass and parameters
    only: they are evaluated once on (3, 50), leaving multiply-adds per cell.
    """
    g = params.grid
    dtype = biomass.dtype
    m = jnp.asarray(g.mass, dtype)
    dm = jnp.asarray(g.dmass, dtype)
    active = jnp.asarray(g.active, dtype)
    c = params.carcass
    contrib = jnp.minimum(nonpredation_share(params, dtype), 1.0)
    to_mg_day = MG_C_PER_MMOL * SECONDS_PER_DAY
    carcass = class_sum(mortality_flux * (contrib * dm * active)) * to_mg_day
    fecal_weight = c.phi_E * (1.0 - c.alpha) / c.alpha * (dm / m) * active
    fecal = class_sum(e_in * biomass * fecal_weight) * to_mg_day
    return carcass, fecal
