"""Export and transfer efficiencies: flux ratios used by the PIC/POC analyses.

Export efficiency (pe-ratio): export flux at the base of the euphotic zone over production
(Henson et al. 2012, GBC, PEeff). Transfer efficiency: flux at a deep horizon over flux at a
shallow one (Henson et al. 2012, Teff = F(2000 m)/F(100 m)). Undefined ratios (non-positive
denominator) are NaN rather than inf, so map averages can skip them.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.export.attenuation import flux_at


def _ratio(num, den):
    num, den = jnp.asarray(num), jnp.asarray(den)
    ok = den > 0
    return jnp.where(ok, num / jnp.where(ok, den, 1.0), jnp.nan)


def export_efficiency(export_flux, production):
    """Export flux over production (same units): the pe-ratio."""
    return _ratio(export_flux, production)


def transfer_efficiency(flux_deep, flux_shallow):
    """Flux at a deep horizon over flux at a shallow one (e.g. 2000 m over 100 m)."""
    return _ratio(flux_deep, flux_shallow)


def profile_transfer_efficiency(profile, z_shallow, z_deep, z_interfaces, env=None):
    """Transfer efficiency F(z_deep)/F(z_shallow) implied by an export profile."""
    f = flux_at(profile, 1.0, jnp.stack([jnp.asarray(z_shallow, float), jnp.asarray(z_deep, float)]),
                z_interfaces, env)
    return transfer_efficiency(f[..., 1], f[..., 0])
