"""Pressure corrections of equilibrium constants, Millero (1995, GCA 59) eqs. 90-92.

ln(K_P / K_0) = (-dV + 0.5 dk P) P / (R T) with dV = a0 + a1 t + a2 t^2 [cm3/mol] and
dk = (b0 + b1 t) / 1000 [cm3/mol/bar], t in degC, P the sea pressure in bar. Coefficients
are Millero (1995) Table 9 with the typos corrected as in CO2SYS (Lewis & Wallace 1998) and
mocsy 2.0; KSi uses the boric-acid values (Millero 1995 gives none); calcite is Ingle (1975)
as quoted by Millero (1995), aragonite adds 2.8 cm3/mol to dV.
"""

from __future__ import annotations

import jax.numpy as jnp

GAS_CONSTANT = 83.14472  # R [cm3 bar / (mol K)], DOE (2007) as in mocsy 2.0
ATM_IN_BAR = 1.01325
ZERO_CELSIUS = 273.15  # [K]

#             a0,      a1,      a2,        b0,     b1
MILLERO1995 = {
    "k1": (-25.50, 0.1271, 0.0, -3.08, 0.0877),
    "k2": (-15.82, -0.0219, 0.0, 1.13, -0.1475),
    "kb": (-29.48, 0.1622, -0.002608, -2.84, 0.0),
    "kw": (-20.02, 0.1119, -0.001409, -5.13, 0.0794),
    "kso4": (-18.03, 0.0466, 0.000316, -4.53, 0.09),
    "kf": (-9.78, -0.0090, -0.000942, -3.91, 0.054),
    "kp1": (-14.51, 0.1211, -0.000321, -2.67, 0.0427),
    "kp2": (-23.12, 0.1758, -0.002647, -5.15, 0.09),
    "kp3": (-26.57, 0.2020, -0.003042, -4.08, 0.0714),
    "ksi": (-29.48, 0.1622, -0.002608, -2.84, 0.0),
    "ksp_calcite": (-48.76, 0.5304, 0.0, -11.76, 0.3692),
    "ksp_aragonite": (-45.96, 0.5304, 0.0, -11.76, 0.3692),
}


def pressure_factor(name: str, temp_c, p_bar):
    """K(P) / K(0) for constant ``name`` (a key of MILLERO1995), Millero (1995) eq. 90."""
    a0, a1, a2, b0, b1 = MILLERO1995[name]
    dv = a0 + a1 * temp_c + a2 * temp_c * temp_c
    dk = (b0 + b1 * temp_c) / 1000.0
    return jnp.exp((-dv + 0.5 * dk * p_bar) * p_bar / (GAS_CONSTANT * (temp_c + ZERO_CELSIUS)))

