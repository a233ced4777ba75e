"""Recruitment into mass class 1 (Carozza et al. 2016 Sect. 2.5; SCHEME.md "Recruitment").

Beverton-Holt (harmonic) combination of a primary-production-limited recruitment R_P and the
egg-based recruitment R_rep. B = 0 is a fixed point, so runs need a non-zero initial state.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.boats.constants import EGG_THRESHOLD
from jaxocean.boats.mass_sum import class_sum


def recruitment_flux(biomass, e_in, phi_rep, npp, m_phy, params, eps):
    """Inflow to class 1 [mmolC m-2 g-1 s-1], (..., 3); also returns (R_P, R_rep, N_eggs).

    R_P = (1/3)(NPP/m_phy)(m_bc/m_phy)^(tau-1) m_bc / dm_1;
    N_eggs = (frac_fem/m_egg) sum_k phi_k xi_I,k B_k dm_k/m_k / dm_1 (0 below 0.001/spery);
    R_rep = m_bc egg_surv N_eggs;
    F_in,1 = R_P R_rep/(R_P + R_rep + eps) ("0d") or R_P (R_rep + eps)/(R_P + R_rep + eps) ("global").
    npp and m_phy are shaped (..., 1, 1).
    """
    g = params.grid
    dtype = biomass.dtype
    m = jnp.asarray(g.mass, dtype)
    dm = jnp.asarray(g.dmass, dtype)
    m_bc = g.mass_boundary
    dm1 = dm[..., 0]
    r_p = (params.npp_fraction * (npp / m_phy) * (m_bc / m_phy) ** (params.tro_sca - 1.0) * m_bc)[..., 0] / dm1
    eggs = (params.frac_fem / params.m_egg) * class_sum(phi_rep * e_in * biomass * dm / m) / dm1
    eggs = jnp.where(eggs < EGG_THRESHOLD, 0.0, eggs)
    r_rep = m_bc * params.egg_surv * eggs
    if params.variant == "0d":
        flux = r_p * r_rep / (r_p + r_rep + eps)
    else:
        flux = r_p * (r_rep + eps) / (r_p + r_rep + eps)
    return flux, r_p, r_rep, eggs
