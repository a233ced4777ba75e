"""Coccolithophore calcification ([S25] Eq. 2, Appendix C; Krumhardt et al. 2017).

Calc = PS_cocco * C_cocco * (PIC:POC)_ref * f(T)_calc * f(N)_calc * f(CO2)_calc
[mmol C m-3 d-1], with PS_cocco the coccolithophore gross photosynthesis [d-1] (which in
REcoM already holds the coccolithophore CO2 factor) and C_cocco their carbon [mmol C m-3].
[S25] = Seifert et al. (2025, BG 22, 5897); [S22c] = REcoM code, doi:10.5281/zenodo.7457987.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.core.validate import check_plausible, input_errors
from jaxocean.recom.params import CalcificationParams


def calcification_temperature_limitation(temp, params: CalcificationParams):
    """f(T)_calc = max(floor, 0.104 T - 0.108) below 10.6 degC, else 1 [-] ([S25] Eq. C1)."""
    cold = params.t_slope * temp + params.t_intercept
    return jnp.maximum(params.floor, jnp.where(temp < params.t_threshold, cold, 1.0))


def calcification_nutrient_limitation(din, params: CalcificationParams):
    """f(N)_calc = max(floor, x DIN/(DIN + k) + y), x = -0.31, y = 1.31 [-] ([S25] Eq. C2).

    DIN and k in mmol N m-3; 1.31 at DIN = 0 (25 % higher PIC:POC when N-limited), -> 1 at high DIN.
    """
    return jnp.maximum(params.floor, params.n_x * din / (din + params.k_din) + params.n_y)


@input_errors
def calcification_rate(ps_cocco, c_cocco, temp, din, f_co2_calc, params: CalcificationParams, *,
                       check: bool = True):
    """Calcification [mmol C m-3 d-1] ([S25] Eq. 2); ``f_co2_calc`` from CO2FactorParams.calcification().

    ``check``: temperature [degC] and DIN [mmol N m-3] against ``core.validate.PLAUSIBLE``
    (temperature in K or a negative DIN raise, also under jit); ``False`` in checked loops.
    """
    if check:
        temp, din = check_plausible(temp=temp, din=din)
    return (ps_cocco * c_cocco * params.pic_poc_ref
            * calcification_temperature_limitation(temp, params)
            * calcification_nutrient_limitation(din, params) * f_co2_calc)


def calcification_rate_control(ps_small, c_small, params: CalcificationParams):
    """NO-CSE calcification: 2 % of small-phytoplankton gross photosynthesis, PIC:POC = 1
    [mmol C m-3 d-1] ([S25] Sect. 2.2; calc_prod_ratio in [S22c])."""
    return params.control_share * params.pic_poc_ref * ps_small * c_small
