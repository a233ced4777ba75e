"""CO2 factor of gross photosynthesis and calcification ([S25] Eq. 3, Table A1).

f(CO2) = a*HCO3/(b + HCO3) - exp(-c*CO2) - d*[H+], clipped to [0, 3]: zero at low
alkalinity (low HCO3), a plateau at medium and a decline at high alkalinity (low CO2).
Inputs: HCO3 and CO2(aq) in umol kg-1, [H+] = 10^-pH in mol kg-1 (total scale, as in
REcoM's mocsy call). [S25] = Seifert et al. (2025, BG 22, 5897).
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.core.validate import (check_broadcastable, check_nonnegative, check_plausible,
                                    check_range, input_errors)
from jaxocean.recom.params import CO2FactorParams


def co2_factor_unclipped(hco3, co2, h, params: CO2FactorParams):
    """The fitted curve of [S25] Eq. 3 before clipping [-]."""
    return params.a * hco3 / (params.b + hco3) - jnp.exp(-params.c * co2) - params.d * h


@input_errors
def co2_factor(hco3, co2, h, params: CO2FactorParams, *, check: bool = True):
    """CO2 factor [-], [S25] Eq. 3 clipped to [params.f_min, params.f_max] = [0, 3].

    Args:
      hco3: bicarbonate [umol kg-1].
      co2: dissolved CO2(aq) [umol kg-1].
      h: hydrogen-ion concentration 10^-pH [mol kg-1] (total scale).
      params: one of ``CO2FactorParams.diatoms()`` etc. (or a stacked batch under vmap).
      check: test the inputs against ``core.validate.PLAUSIBLE`` (also under jit; e.g. a pH
        passed as ``h`` raises); ``False`` for inputs checked once or straight from the solver.
    """
    if check:
        hco3, co2, h = check_plausible(hco3=hco3, co2=co2, h=h)
    return jnp.clip(co2_factor_unclipped(hco3, co2, h, params), params.f_min, params.f_max)


def co2_factor_from_state(state, params: CO2FactorParams):
    """CO2 factor from a ``jaxocean.carbonate.CarbonateState`` (uses its hco3, co2, h)."""
    return co2_factor(state.hco3, state.co2, state.h, params, check=False)   # solver output


def co2_factor_checked(hco3, co2, h, params: CO2FactorParams):
    """``co2_factor`` after checking the inputs (finite, non-negative, broadcastable).

    Raises ``InputError`` naming the variable. Also rejects [H+] given as pH or in umol kg-1
    (any value above 1e-3 mol kg-1, i.e. pH < 3).
    """
    check_broadcastable({"hco3": hco3, "co2": co2, "h": h})
    check_nonnegative("hco3", hco3, "umol kg-1")
    check_nonnegative("co2", co2, "umol kg-1")
    check_range("h", h, 0.0, 1e-3, "mol kg-1 (10^-pH, not pH)")
    return co2_factor(jnp.asarray(hco3), jnp.asarray(co2), jnp.asarray(h), params, check=False)
