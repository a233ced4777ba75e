"""Phytoplankton size and temperature factors driving BOATS (Carozza et al. 2016 Sect. 2.2-2.3).

Large-phytoplankton fraction after Dunne et al. (2005), the representative phytoplankton
mass m_phy (seed 002, after Eq. 6) and the van 't Hoff-Arrhenius factors a_A(T), a_lambda(T).
All functions take forcing shaped (...,) and return (...,).
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.boats.constants import SECONDS_PER_DAY


def npp_volumetric(npp, params):
    """npp_ed = NPP 86400 / z_eu [mmolC m-3 d-1] from NPP [mmolC m-2 s-1] (z_eu = 75 m)."""
    return npp * SECONDS_PER_DAY / params.euphotic_depth


def large_fraction(npp_ed, temp_c, params):
    """phi_L = s/(1+s), s = (-1 + sqrt(1 + 4 npp_ed / (P* e^{kappa T})))/2 (Dunne et al. 2005)."""
    s = 0.5 * (-1.0 + jnp.sqrt(1.0 + 4.0 * npp_ed / (params.Prod_star * jnp.exp(params.kappa_eppley * temp_c))))
    return s / (1.0 + s)


def phytoplankton_mass(npp, temp_c, params):
    """m_phy = m_L^phi_L m_S^(1 - phi_L) [g] (Carozza 2016 Eq. 9; seed 002 after Eq. 6)."""
    phi = large_fraction(npp_volumetric(npp, params), temp_c, params)
    return params.mc_phy_l ** phi * params.mc_phy_s ** (1.0 - phi)


def arrhenius(temp_c, activation_ev, params):
    """a(T) = exp[-(E_a/k_B)(1/T_K - 1/T_ref)] [-] (seed 002 Eqs. 4 and 15)."""
    return jnp.exp(-(activation_ev / params.k_Boltzmann) * (1.0 / (temp_c + 273.15) - 1.0 / params.temp_ref_A))
