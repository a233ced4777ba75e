"""BOATS state, forcing and diagnostics pytrees, and the "PP" initial condition.

Layout: any leading cell shape (a flat ocean-cell axis in global runs, nothing in 0-D),
then (3 groups, 50 classes) for the spectrum and (3,) for effort. Internal units:
biomass spectral density B [mmolC m-2 g-1], effort [W m-2], NPP [mmolC m-2 s-1], T [degC].
"""

from __future__ import annotations

import equinox as eqx
import jax.numpy as jnp

from jaxocean.boats.mortality import mortality_constant
from jaxocean.boats.phytoplankton import arrhenius, phytoplankton_mass


class BoatsState(eqx.Module):
    """Model state: a plain pytree, safe to carry across chunks and vmap over members.

    biomass: B [mmolC m-2 g-1], (..., 3, 50), exactly 0 in classes above m_inf.
    effort: fishing effort E [W m-2], (..., 3).
    step: number of steps taken so far (int32 scalar); indexes catchability / price series
      and the effort freeze.
    """

    biomass: jnp.ndarray
    effort: jnp.ndarray
    step: jnp.ndarray


class BoatsForcing(eqx.Module):
    """Forcing of one step (or, with a leading time axis, a sequence), per cell.

    npp: vertically integrated net primary production [mmolC m-2 s-1], (...,).
    temp: 0-75 m mean temperature [degC], (...,).
    """

    npp: jnp.ndarray
    temp: jnp.ndarray


class BoatsDiagnostics(eqx.Module):
    """Per-step diagnostics, per cell and group (..., 3).

    biomass: group biomass after the step [g wet m-2];
    harvest: catch rate during the step [g wet m-2 s-1];
    effort: effort after the step [W m-2]; revenue, cost [$ m-2 s-1];
    carcass_flux, fecal_flux: carbon leaving the euphotic zone (75 m) as sinking carcasses and
    fecal pellets [mg C m-2 d-1], computed from the state at the start of the step.
    harvest_by_class: only from ``step(..., by_class=True)``, else None: the catch rate per
    class, H_k dm_k [g wet m-2 s-1], (..., 3, 50) (sums to ``harvest`` over the classes).
    """

    biomass: jnp.ndarray
    harvest: jnp.ndarray
    effort: jnp.ndarray
    revenue: jnp.ndarray
    cost: jnp.ndarray
    carcass_flux: jnp.ndarray
    fecal_flux: jnp.ndarray
    harvest_by_class: jnp.ndarray | None = None


def pp_spectrum(forcing_mean: BoatsForcing, params, scale=1.0):
    """Analytic primary-production-regime spectrum B_0 [mmolC m-2 g-1], (..., 3, 50).

    B_0 = (1/3)(1 - tau) NPP / (mu_0 m_phy^tau m_inf^(h+b-1)) m^(tau+h-1), with
    mu_0 = (e^zeta1/3)(A00/spery) a_A(T) (the code uses E_A here, not E_m; SCHEME.md "Initial
    condition"), from the annual-mean NPP and temperature, times ``scale``.
    """
    g = params.grid
    npp = jnp.asarray(forcing_mean.npp)[..., None, None]
    temp = jnp.asarray(forcing_mean.temp)[..., None, None]
    dtype = npp.dtype if jnp.issubdtype(npp.dtype, jnp.floating) else jnp.result_type(float)
    m = jnp.asarray(g.mass, dtype)
    minf = jnp.asarray(g.minf_col, dtype)
    tau = params.tro_sca
    m_phy = phytoplankton_mass(npp, temp, params)
    mu0 = mortality_constant(arrhenius(temp, params.E_activation_A, params), params)
    b0 = (params.npp_fraction * (1.0 - tau) * npp / (mu0 * m_phy ** tau * minf ** (params.h_allo + params.b_allo - 1.0))
          * m ** (tau + params.h_allo - 1.0))
    return scale * b0 * jnp.asarray(g.active, dtype)


def initial_state(forcing_mean: BoatsForcing, params, *, scale=1.0, effort=None) -> BoatsState:
    """"PP" initial state (SCHEME.md): analytic spectrum from the annual-mean forcing, effort 0.

    ``forcing_mean`` holds per-cell annual means (npp [mmolC m-2 s-1], temp [degC]) of any
    leading shape; ``scale`` multiplies the spectrum (the GMD validation suite's init_scale).
    """
    biomass = pp_spectrum(forcing_mean, params, scale)
    if effort is None:
        effort = jnp.zeros(biomass.shape[:-1], biomass.dtype)
    return BoatsState(biomass=biomass, effort=jnp.asarray(effort, biomass.dtype),
                      step=jnp.asarray(0, jnp.int32))
