"""Carcass and fecal-pellet carbon production at the base of the euphotic zone (seed 002 Eqs. 13-24).

Carcasses: the share of natural mortality that is not predation (Rogers et al. 2014 U-shaped
non-predation mortality times a_lambda(T), Eq. 18) sinks: B_sink = min(Lambda_np/Lambda, 1) Lambda B
(Eqs. 16-19). Fecal pellets: individual carbon loss C_i = (1 - alpha)/alpha xi_I (Eq. 22),
integrated over the spectrum with n = B/m (Eq. 24); a fraction phi_E of it is egested as pellets,
the rest respired (Bianchi et al. 2021). Fluxes in mg C m-2 d-1, per group.

Parameter values: the seed does not print them and the literature search made for this
implementation (Rogers et al. 2014; Bianchi et al. 2021; Mariani et al.; FishMIP / BOATS code)
did not find them, so ``mu_R, beta_R, mu_S, beta_S, m_S, alpha`` are CHOSEN defaults, stated
as such below; only ``phi_E`` = 0.2 is printed in the seed. Override them when the published
values are known.
"""

from __future__ import annotations

import equinox as eqx
import jax.numpy as jnp

from jaxocean.boats.constants import MG_C_PER_MMOL, SECONDS_PER_DAY, SECONDS_PER_YEAR
from jaxocean.boats.mass_sum import class_sum
from jaxocean.boats.mortality import natural_mortality


class CarcassParams(eqx.Module):
    """Non-predation mortality (seed Eq. 18) and egestion (Eqs. 20-24) parameters.

    mu_R, beta_R: starvation/extrinsic term mu_R m^-beta_R. CHOSEN: the background mortality
      0.2 yr-1 g^(1/4) m^-1/4 of the size-spectrum models Rogers et al. (2014) build on
      (Blanchard et al. 2009); not found printed for the seed.
    mu_S, beta_S, m_S: senescence term mu_S (m/m_S)^beta_S. CHOSEN: mu_S = 0.2 yr-1,
      m_S = 1e5 g (the largest asymptotic mass) and beta_S = 10, so that with the BOATS
      defaults Lambda_np exceeds Lambda only in the largest class of the large group, as the
      seed reports (after Eq. 19); not found printed.
    alpha: assimilation efficiency (Eq. 20). CHOSEN: 0.8, the usual assimilation efficiency of
      carnivorous fish (Brett & Groves 1979); the seed cites Bianchi et al. (2021) without a value.
    phi_E: fraction of the carbon loss egested as fecal pellets, 0.2 (seed, after Eq. 24).
    """

    mu_R: float = 0.2 / SECONDS_PER_YEAR   # s-1 g^beta_R, extrinsic (starvation) mortality constant
    beta_R: float = 0.25                   # -, its mass exponent
    mu_S: float = 0.2 / SECONDS_PER_YEAR   # s-1, senescence mortality at m = m_S
    beta_S: float = 10.0                   # -, senescence exponent
    m_S: float = 1.0e5                     # g, mass at senescence
    alpha: float = 0.8                     # -, assimilation efficiency
    phi_E: float = 0.2                     # -, fraction of carbon loss egested as fecal pellets


def nonpredation_mortality(f_m, carcass: CarcassParams, mass):
    """Lambda_np = (mu_R m^-beta_R + mu_S (m/m_S)^beta_S) a_lambda(T) [s-1] (seed 002 Eq. 18)."""
    return (carcass.mu_R * mass ** (-carcass.beta_R)
            + carcass.mu_S * (mass / carcass.m_S) ** carcass.beta_S) * f_m


def carcass_and_fecal_fluxes(biomass, mortality_flux, e_in, params):
    """Carcass and fecal-pellet carbon fluxes out of the euphotic zone [mg C m-2 d-1], (..., 3) each.

    biomass B [mmolC m-2 g-1] (..., 3, 50); mortality_flux Lambda B [mmolC m-2 g-1 s-1];
    e_in xi_I [g s-1]. Carcass: sum_k min(Lambda_np/Lambda, 1) Lambda B dm (Eqs. 16-19);
    fecal: phi_E sum_k (1-alpha)/alpha xi_I (B/m) dm (Eqs. 22-24). Classes above m_inf excluded.
    Lambda_np (Eq. 18) and Lambda (Eqs. 14-15) both scale with a_lambda(T), so the share
    min(Lambda_np/Lambda, 1) and the class weights depend on mass and parameters only: they are
    evaluated once on (3, 50), leaving multiply-adds per cell.
    """
    g = params.grid
    dtype = biomass.dtype
    m = jnp.asarray(g.mass, dtype)
    dm = jnp.asarray(g.dmass, dtype)
    active = jnp.asarray(g.active, dtype)
    c = params.carcass
    contrib = jnp.minimum(nonpredation_mortality(1.0, c, m) / natural_mortality(1.0, params, dtype), 1.0)
    to_mg_day = MG_C_PER_MMOL * SECONDS_PER_DAY
    carcass = class_sum(mortality_flux * (contrib * dm * active)) * to_mg_day
    fecal_weight = c.phi_E * (1.0 - c.alpha) / c.alpha * (dm / m) * active
    fecal = class_sum(e_in * biomass * fecal_weight) * to_mg_day
    return carcass, fecal
