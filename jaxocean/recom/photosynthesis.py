"""Gross photosynthesis of REcoM phytoplankton ([S25] Eq. 1 = B1, B2-B5).

PS = f(T) * f(PAR) * f(N) * f(CO2)  [d-1], with f(T) carrying the maximum rate PSmax and
f(PAR) = 1 - exp(-alpha * qChl:C * PAR / (f(T) f(N))) (Geider et al. 1998 photoacclimation).
Inputs: temperature [degC], PAR [W m-2], Chl:C [mg Chl mmol C-1], N:C and Si:C quotas
[mol mol-1], dissolved iron [umol m-3]. [S25] = Seifert et al. (2025, BG 22, 5897);
[S22c] = REcoM code of Seifert & Hauck (2022), doi:10.5281/zenodo.7457987.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.core.validate import InputError, check_plausible, input_errors
from jaxocean.recom.params import (TINY, ArrheniusTemperature, CoccoTemperature,
                                   NutrientLimitationParams, PhytoplanktonParams)

KELVIN = 273.15  # [K] C2K in REcoM


@input_errors
def temperature_arrhenius(temp, params: ArrheniusTemperature, *, check: bool = True):
    """f(T) = PSmax * exp(-Ae (1/T_K - 1/T_ref)) [d-1] ([S25] Eq. B2); PSmax at 15 degC.

    ``temp`` in degC, checked against ``core.validate.PLAUSIBLE`` unless ``check=False``.
    """
    if check:
        (temp,) = check_plausible(temp=temp)
    return params.ps_max * jnp.exp(-params.ae * (1.0 / (temp + KELVIN) - 1.0 / params.t_ref))


def temperature_cocco(temp, params: CoccoTemperature):
    """f(T) = PSmax * max(0.1419 T^0.8151, floor) [d-1] ([S25] Eq. B3; floor at T <= 0 degC).

    ``jnp.where`` with a safe base keeps the value and all gradients finite at T <= 0.
    """
    warm = temp > 0.0
    t_safe = jnp.where(warm, temp, 1.0)
    power = jnp.where(warm, params.coef * t_safe ** params.exponent, params.floor)
    return params.ps_max * jnp.maximum(power, params.floor)


def temperature_dependence(temp, params: ArrheniusTemperature | CoccoTemperature):
    """f(T) [d-1] of the group: Arrhenius (Eq. B2) or the coccolithophore power law (Eq. B3)."""
    if isinstance(params, CoccoTemperature):
        return temperature_cocco(temp, params)
    return temperature_arrhenius(temp, params, check=False)


def quota_limitation(q, q_min, slope):
    """REcoM quota limiter 1 - exp(-slope (|dq| - dq)^2), dq = q_min - q [-] ([S22c] recom_limiter).

    Zero when the quota q is at or below q_min, tending to 1 as q grows above it.
    """
    dq = q_min - q
    return 1.0 - jnp.exp(-slope * (jnp.abs(dq) - dq) ** 2)


def iron_limitation(fe, fe_half_sat):
    """Michaelis-Menten iron limitation Fe / (k_Fe + Fe) [-] ([S25] App. B; [S22c])."""
    return fe / (fe_half_sat + fe)


def nutrient_limitation(q_nc, fe, params: NutrientLimitationParams, q_sic=None):
    """f(N) = min(l(DIN), l(DFe)) [-], plus l(DSi) for diatoms ([S25] Eq. B4).

    Args:
      q_nc: intracellular N:C [mol N mol C-1].
      fe: dissolved iron [umol m-3].
      params: group parameters; ``params.si_limited`` marks diatoms.
      q_sic: intracellular Si:C [mol Si mol C-1]; required for diatoms, ignored otherwise.
    """
    lim = jnp.minimum(quota_limitation(q_nc, params.nc_min, params.n_min_slope),
                      iron_limitation(fe, params.fe_half_sat))
    if params.si_limited:
        if q_sic is None:
            raise InputError("q_sic: diatoms are Si-limited; pass q_sic (Si:C quota, mol Si mol C-1)")
        lim = jnp.minimum(lim, quota_limitation(q_sic, params.sic_min, params.si_min_slope))
    return lim


@input_errors
def light_limitation(par, chl_c, p_max, alpha, *, check: bool = True):
    """f(PAR) = 1 - exp(-alpha qChl:C PAR / P_max) [-] ([S25] Eq. B5), P_max = f(T) f(N) [d-1].

    As in REcoM, f(PAR) = 0 where P_max < tiny (no photosynthesis); the division uses a
    safe denominator there so gradients stay finite. ``check``: PAR [W m-2] and Chl:C
    against ``core.validate.PLAUSIBLE`` (negative values raise, also under jit).
    """
    if check:
        par, chl_c = check_plausible(par=par, chl_c=chl_c)
    active = p_max >= TINY
    p_safe = jnp.where(active, p_max, 1.0)
    return jnp.where(active, 1.0 - jnp.exp(-alpha * chl_c * par / p_safe), 0.0)


@input_errors
def gross_photosynthesis(temp, par, chl_c, q_nc, fe, params: PhytoplanktonParams, *,
                         f_co2=1.0, q_sic=None, check: bool = True):
    """C-specific gross photosynthesis PS = f(T) f(PAR) f(N) f(CO2) [d-1] ([S25] Eq. 1 / B1).

    Pass ``f_co2=co2_factor(...)`` for the CSE model version; the default 1 is NO-CSE.
    ``check`` tests temperature [degC], PAR [W m-2] and the non-negative Chl:C, quotas and
    iron against ``core.validate.PLAUSIBLE`` (also under jit: negative PAR or temperature in
    K raise); ``False`` in checked inner loops.
    """
    if check:
        temp, par, chl_c, q_nc, fe = check_plausible(temp=temp, par=par, chl_c=chl_c, q_nc=q_nc, fe=fe)
        if q_sic is not None:
            (q_sic,) = check_plausible(q_sic=q_sic)
    p_max = temperature_dependence(temp, params.temperature) * nutrient_limitation(
        q_nc, fe, params.nutrients, q_sic)
    return p_max * light_limitation(par, chl_c, p_max, params.alpha, check=False) * f_co2
