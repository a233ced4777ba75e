"""Detritus sinking speeds [m d-1] ([S25] Appendix A; [S22c] VDet, Vdet_a, VDet_zoo2).

Slow detritus sinks at 20 m d-1 at the surface, increasing linearly with depth
(20 + 0.0288 |z|); fast detritus (macrozooplankton fecal pellets) at a constant 200 m d-1.
[S25] = Seifert et al. (2025, BG 22, 5897); [S22c] = REcoM code, doi:10.5281/zenodo.7457987.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.recom.params import SinkingParams


def detritus_sinking_speed(z, params: SinkingParams):
    """Slow-detritus sinking speed w0 + a |z| [m d-1]; z is depth in m (either sign)."""
    return params.w_surface + params.w_slope * jnp.abs(z)


def fast_detritus_sinking_speed(z, params: SinkingParams):
    """Fast-detritus sinking speed, constant 200 m d-1, broadcast to the shape of z."""
    return jnp.zeros(jnp.shape(z)) + params.w_fast
