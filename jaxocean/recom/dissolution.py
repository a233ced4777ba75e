"""Dissolution rate of detrital calcite [d-1] ([S25] Sect. 2.2; [S22c] recom_sms).

CSE: rate = 0.197 * max(0, 1 - Omega_calcite)^1 (after Aumont et al. 2015, PISCES).
NO-CSE control ("scales only with depth"): rate = 0.005714 * w_slow(z) / 20 m d-1, the
constant 20/3500 d-1 scaled by the slow-detritus sinking speed at that depth.
[S25] = Seifert et al. (2025, BG 22, 5897); [S22c] = REcoM code, doi:10.5281/zenodo.7457987.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.core.validate import check_plausible, input_errors
from jaxocean.recom.params import DissolutionParams, SinkingParams
from jaxocean.recom.sinking import detritus_sinking_speed


@input_errors
def calcite_dissolution_rate(omega_calcite, params: DissolutionParams, *, check: bool = True):
    """Carbonate-system dissolution rate 0.197 max(0, 1 - Omega_c)^n [d-1] (calc_diss, OmegaC_diss).

    ``check``: Omega_calcite against ``core.validate.PLAUSIBLE["omega"]`` (0..50; a negative
    saturation state raises, also under jit); NaN passes and gives NaN.
    """
    if check:
        (omega_calcite,) = check_plausible(omega=omega_calcite)
    under = 1.0 - omega_calcite
    undersat = under > 0.0
    base = jnp.where(undersat, under, 1.0)  # safe base: finite d/d(exponent) at Omega >= 1
    return params.rate_omega * jnp.where(undersat, base ** params.exponent, 0.0)


def calcite_dissolution_rate_depth(z, params: DissolutionParams, sinking: SinkingParams = SinkingParams()):
    """Depth-only control rate 0.005714 * (20 + 0.0288|z|) / 20 [d-1] ([S22c], NO-CSE); z in m."""
    return params.rate_depth * detritus_sinking_speed(z, sinking) / params.speed_ref
