"""One BOATS time step (forward Euler, upwind in mass), as the BOATS-1.0 code (SCHEME.md Sect. 2).

B* = max(0, B + dt (F_in - F_out + G - Lambda B)) then, with fishing, the open-access harvest
and effort update (fishing.py) in the original operator order. Pure, jit/vmap/grad-safe.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.boats.carcass import carcass_and_fecal_fluxes
from jaxocean.boats.constants import MMOLC_TO_WET_G
from jaxocean.boats.fishing import harvest_and_effort
from jaxocean.boats.growth import growth_constant, npp_limited_input, reproduction_fraction, von_bertalanffy_input
from jaxocean.boats.mass_sum import class_sum
from jaxocean.boats.mortality import natural_mortality
from jaxocean.boats.phytoplankton import arrhenius, phytoplankton_mass
from jaxocean.boats.recruitment import recruitment_flux
from jaxocean.boats.state import BoatsDiagnostics, BoatsForcing, BoatsState


def regulariser(params, dtype):
    """epsilon of the MATLAB code (1e-50), floored at the dtype's smallest normal number."""
    return jnp.maximum(jnp.asarray(params.epsln, dtype), jnp.finfo(dtype).tiny)


def tendencies(biomass, forcing: BoatsForcing, params):
    """Ecological rates for a state: dB/dt without fishing and the intermediate terms.

    Returns a dict with e_p, e_vb, e_in [g s-1], gamma [g s-1], flux_in, flux_out,
    growth_source, mortality_flux, dbdt [mmolC m-2 g-1 s-1] (all (..., 3, 50)), mortality [s-1],
    recruitment terms (..., 3) and f_m (..., 1, 1).
    """
    g = params.grid
    dtype = biomass.dtype
    eps = regulariser(params, dtype)
    inv_dm = jnp.asarray(1.0 / g.dmass, dtype)
    inv_m = jnp.asarray(1.0 / g.mass, dtype)
    active = jnp.asarray(g.active, dtype)
    npp = jnp.asarray(forcing.npp, dtype)[..., None, None]
    temp = jnp.asarray(forcing.temp, dtype)[..., None, None]
    m_phy = phytoplankton_mass(npp, temp, params)
    f_a = arrhenius(temp, params.E_activation_A, params)
    f_m = arrhenius(temp, params.E_activation_m, params)
    e_p = npp_limited_input(biomass, npp, m_phy, params, eps)                  # seed Eqs. 5-6
    e_vb = von_bertalanffy_input(growth_constant(f_a, params), params, dtype)  # seed Eq. 4
    e_in = jnp.minimum(e_p, e_vb)                                               # seed Eq. 3
    phi = reproduction_fraction(params, dtype)                                  # seed Eqs. 9-10
    gamma = (1.0 - phi) * e_in                                                  # seed Eq. 8
    b_adv = biomass + eps if params.variant == "global" else biomass
    flux_out = gamma * b_adv * inv_dm                # upwind outflow, McKendrick-von Foerster
    growth_source = gamma * b_adv * inv_m            # +gamma f / m term of seed Eq. 1
    rec, r_p, r_rep, eggs = recruitment_flux(biomass, e_in, phi, npp, m_phy, params, eps)
    flux_in = jnp.concatenate([rec[..., None], (gamma * biomass)[..., :-1] * inv_dm[..., 1:]], axis=-1)
    mortality = natural_mortality(f_m, params, dtype)                          # seed Eqs. 14-15
    mortality_flux = mortality * biomass
    dbdt = (flux_in - flux_out + growth_source - mortality_flux) * active
    return dict(e_p=e_p, e_vb=e_vb, e_in=e_in, gamma=gamma, flux_in=flux_in, flux_out=flux_out,
                growth_source=growth_source, mortality=mortality, mortality_flux=mortality_flux,
                dbdt=dbdt, recruitment_p=r_p, recruitment_rep=r_rep, eggs=eggs, f_m=f_m, eps=eps)


def step(state: BoatsState, forcing: BoatsForcing, params, dt, *, by_class: bool = False):
    """Advance ``state`` by ``dt`` seconds under ``forcing``; returns (new_state, diagnostics).

    ``params`` is a ``BoatsParams``; fishing acts only where ``params.fishing.enabled`` is 1.
    ``by_class`` (static) adds the catch per mass class (``diag.harvest_by_class``).
    """
    g = params.grid
    biomass = state.biomass
    dtype = biomass.dtype
    dm = jnp.asarray(g.dmass, dtype)
    t = tendencies(biomass, forcing, params)
    b_star = jnp.maximum(biomass + dt * t["dbdt"], 0.0)
    harvest, effort, revenue, cost, catch = harvest_and_effort(
        b_star, state.effort, state.step, params.fishing, g, dt, t["eps"])
    left = b_star - dt * harvest
    # max(left, 0) as a select of two full-size operands: XLA then stores the new state once
    # and the biomass sum reads it, instead of recomputing the whole step in that sum
    new_biomass = jnp.where(left < 0.0, 0.0, left)
    carcass, fecal = carcass_and_fecal_fluxes(biomass, t["mortality_flux"], t["e_in"], params)
    diag = BoatsDiagnostics(
        biomass=class_sum(new_biomass * dm) * MMOLC_TO_WET_G,
        harvest=catch * MMOLC_TO_WET_G,
        effort=effort, revenue=revenue, cost=cost, carcass_flux=carcass, fecal_flux=fecal,
        harvest_by_class=harvest * dm * MMOLC_TO_WET_G if by_class else None)
    return BoatsState(biomass=new_biomass, effort=effort, step=state.step + 1), diag
