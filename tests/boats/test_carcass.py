"""Carcass and fecal-pellet fluxes (seed 002 Eqs. 13-24) against direct NumPy evaluation."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from jaxocean.boats import BoatsForcing, BoatsParams, CarcassParams, initial_state, step, tendencies
from jaxocean.boats.carcass import carcass_and_fecal_fluxes, nonpredation_mortality

FORCING = BoatsForcing(npp=jnp.array([2e-4, 1.5e-3]), temp=jnp.array([4.0, 22.0]))


def _numpy_fluxes(p, biomass, mortality, e_in, f_m):
    g, c = p.grid, p.carcass
    m, dm, act = g.mass, g.dmass, g.active
    lam_np = (c.mu_R * m ** -c.beta_R + c.mu_S * (m / c.m_S) ** c.beta_S) * f_m
    contrib = np.minimum(lam_np / mortality, 1.0)
    carcass = (contrib * mortality * biomass * dm * act).sum(-1) * 12.0 * 86400.0
    fecal = c.phi_E * ((1 - c.alpha) / c.alpha * e_in * biomass / m * dm * act).sum(-1) * 12.0 * 86400.0
    return carcass, fecal


def test_fluxes_match_numpy():
    p = BoatsParams.published_set(9459)
    s = initial_state(FORCING, p)
    t = tendencies(s.biomass, FORCING, p)
    got = carcass_and_fecal_fluxes(s.biomass, t["mortality_flux"], t["e_in"], p)
    ref = _numpy_fluxes(p, *(np.asarray(x) for x in (s.biomass, t["mortality"], t["e_in"], t["f_m"])))
    for a, b in zip(got, ref):
        np.testing.assert_allclose(np.asarray(a), b, rtol=1e-13)
    _, diag = step(s, FORCING, p, 30 * 86400.0)
    np.testing.assert_allclose(np.asarray(diag.carcass_flux), ref[0], rtol=1e-13)


def test_contribution_capped_and_limits():
    p = BoatsParams()
    s = initial_state(FORCING, p)
    t = tendencies(s.biomass, FORCING, p)
    total_natural = np.asarray((t["mortality"] * s.biomass * p.grid.dmass * p.grid.active).sum(-1)) * 12 * 86400
    carcass, fecal = carcass_and_fecal_fluxes(s.biomass, t["mortality_flux"], t["e_in"], p)
    assert np.all(np.asarray(carcass) > 0) and np.all(np.asarray(carcass) <= total_natural)
    # the cap: with a huge senescence term every death is a carcass (Delta_contrib = 1)
    p_all = BoatsParams(carcass=CarcassParams(mu_S=1.0, m_S=1.0, beta_S=1.0))
    carcass_all, _ = carcass_and_fecal_fluxes(s.biomass, t["mortality_flux"], t["e_in"], p_all)
    np.testing.assert_allclose(np.asarray(carcass_all), total_natural, rtol=1e-13)
    # alpha = 1: no carbon loss, no pellets; phi_E scales pellets linearly
    _, none = carcass_and_fecal_fluxes(s.biomass, t["mortality_flux"], t["e_in"], BoatsParams(carcass=CarcassParams(alpha=1.0)))
    assert np.all(np.asarray(none) == 0.0)
    _, half = carcass_and_fecal_fluxes(s.biomass, t["mortality_flux"], t["e_in"], BoatsParams(carcass=CarcassParams(phi_E=0.1)))
    np.testing.assert_allclose(np.asarray(half), 0.5 * np.asarray(fecal), rtol=1e-14)


def test_largest_class_only_exceeds_predation_share_with_defaults():
    """CHOSEN defaults reproduce the seed's remark: Lambda_np > Lambda only in class 50 of group 3."""
    p = BoatsParams()
    t = tendencies(initial_state(FORCING, p).biomass, FORCING, p)
    ratio = np.asarray(nonpredation_mortality(t["f_m"], p.carcass, p.grid.mass) / t["mortality"])
    over = (ratio > 1.0) & (p.grid.active > 0)
    assert over[:, 2, 49].all() and over.sum() == 2
