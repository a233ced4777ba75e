"""Individual growth and reproduction (seed 002 Eqs. 2-11; Carozza et al. 2016 Eqs. 5-13).

Energy available xi_I = min(xi_P, xi_VB) (Eq. 3); the fraction phi allocated to reproduction
(Eqs. 9-10) and the somatic growth gamma = (1 - phi) xi_I (Eq. 8). Rates in g s-1 per individual.
Shapes: biomass (..., 3, 50); forcing (...,) expanded by the caller to (..., 1, 1).
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.boats.constants import SECONDS_PER_YEAR


def growth_constant(f_a, params):
    """A = (A00 / spery) a_A(T) [g^(1-b) s-1] (seed 002 after Eq. 4)."""
    return params.A00 / SECONDS_PER_YEAR * f_a


def npp_limited_input(biomass, npp, m_phy, params, eps):
    """xi_P = (1/3) (NPP/m_phy) (m/m_phy)^(tau-1) m / (B + eps) [g s-1] (seed 002 Eqs. 5-6).

    Evaluated as [(1/3) NPP m_phy^-tau] m^tau / (B + eps): one power per cell and one per
    class instead of one per cell and class (the global run's hot spot).
    """
    m = jnp.asarray(params.grid.mass, biomass.dtype)
    tau = params.tro_sca
    per_cell = params.npp_fraction * npp * m_phy ** (-tau)
    return per_cell * m ** tau / (biomass + eps)


def von_bertalanffy_input(a_growth, params, dtype):
    """xi_VB = A m^b - A eta_a m_inf^(b-1) m [g s-1] (seed 002 Eq. 4), (..., 3, 50)."""
    g = params.grid
    m = jnp.asarray(g.mass, dtype)
    minf = jnp.asarray(g.minf_col, dtype)
    b = params.b_allo
    return a_growth * m ** b - a_growth * params.eff_a * minf ** (b - 1.0) * m


def sigmoid_mass(x, x50, slope):
    """sigma(x; x50, u) = [1 + (x/x50)^(-u)]^-1 (MATLAB sigmoid_And_mass)."""
    return 1.0 / (1.0 + (x / x50) ** (-slope))


def reproduction_fraction(params, dtype):
    """phi = sigma(m; rep_pos m_alpha, rep_slope) (1 - eta_a) / ((m/m_inf)^(b-1) - eta_a), (3, 50).

    Seed 002 Eqs. 9-10 with xi_VB from Eq. 4 (phi(m_inf) = 1). Zero on classes above m_inf,
    where the denominator is evaluated at a safe mass so that gradients stay finite.
    """
    g = params.grid
    active = jnp.asarray(g.active, dtype)
    m = jnp.where(active > 0, jnp.asarray(g.mass, dtype), 0.5 * jnp.asarray(g.minf_col, dtype))
    minf = jnp.asarray(g.minf_col, dtype)
    malpha = jnp.asarray(g.malpha_col, dtype)
    sig = sigmoid_mass(m, params.rep_pos * malpha, params.rep_slope)
    phi = sig * (1.0 - params.eff_a) / ((m / minf) ** (params.b_allo - 1.0) - params.eff_a)
    return phi * active
