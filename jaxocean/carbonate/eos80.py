"""EOS-80 seawater helpers exactly as mocsy 2.x uses them to go from model to in-situ variables.

Depth -> pressure (Saunders 1981), potential -> in-situ temperature (Fofonoff & Millard 1983
adiabatic lapse rate, Bryden 1973, integrated by Fofonoff's 1977 Runge-Kutta step), and the
in-situ density of UNESCO (1981) (Millero & Poisson 1981 one-atmosphere density with the secant
bulk modulus of Millero et al. 1980), as mocsy's p80.f90, sw_adtg.f90, sw_ptmp.f90 and rho.f90
write them, including p80's single-precision literals.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np


def _f32(x: float) -> float:
    """A Fortran default-kind (single-precision) literal as mocsy's double build sees it."""
    return float(np.float32(x))


def pressure_from_depth(depth_m, lat_deg):
    """Sea pressure [dbar] at depth [m] and latitude [deg], Saunders (1981, JPO 11) eq. 3
    (mocsy p80.f90, whose constants are single-precision literals)."""
    plat = jnp.abs(lat_deg * _f32(3.141592654) / 180.0)
    c1 = _f32(5.92e-3) + jnp.sin(plat) ** 2 * _f32(5.25e-3)
    return ((1.0 - c1) - jnp.sqrt((1.0 - c1) ** 2 - _f32(8.84e-6) * depth_m)) / _f32(4.42e-6)


def adiabatic_lapse_rate(sal, temp68, p_dbar):
    """Adiabatic temperature gradient [degC/dbar], Bryden (1973) as in Fofonoff & Millard (1983,
    UNESCO Tech. Pap. 44) (IPTS-68 temperature)."""
    ds = sal - 35.0
    t = temp68
    return (3.5803e-5 + (8.5258e-6 + (-6.836e-8 + 6.6228e-10 * t) * t) * t
            + (1.8932e-6 - 4.2393e-8 * t) * ds
            + ((1.8741e-8 + (-6.7795e-10 + (8.733e-12 - 5.4481e-14 * t) * t) * t)
               + (-1.1351e-10 + 2.7759e-12 * t) * ds) * p_dbar
            + (-4.6206e-13 + (1.8676e-14 - 2.1687e-16 * t) * t) * p_dbar * p_dbar)


def potential_temperature(sal, temp68, p_dbar, p_ref_dbar):
    """Temperature [degC, IPTS-68] of a parcel moved adiabatically from p_dbar to p_ref_dbar,
    Fofonoff (1977) fourth-order Runge-Kutta step (Fofonoff & Millard 1983; mocsy sw_ptmp)."""
    r2 = jnp.sqrt(2.0)
    dp = p_ref_dbar - p_dbar
    d_th = dp * adiabatic_lapse_rate(sal, temp68, p_dbar)
    th = temp68 + 0.5 * d_th
    q = d_th
    d_th = dp * adiabatic_lapse_rate(sal, th, p_dbar + 0.5 * dp)
    th = th + (1.0 - 1.0 / r2) * (d_th - q)
    q = (2.0 - r2) * d_th + (-2.0 + 3.0 / r2) * q
    d_th = dp * adiabatic_lapse_rate(sal, th, p_dbar + 0.5 * dp)
    th = th + (1.0 + 1.0 / r2) * (d_th - q)
    q = (2.0 + r2) * d_th + (-2.0 - 3.0 / r2) * q
    d_th = dp * adiabatic_lapse_rate(sal, th, p_dbar + dp)
    return th + (d_th - 2.0 * q) / 6.0


def density(sal, temp68, p_bar):
    """In-situ density [kg/m3], UNESCO (1981) EOS-80 (IPTS-68 temperature, sea pressure in bar;
    mocsy rho.f90)."""
    x = temp68
    rho_w = (999.842594 + 6.793952e-2 * x - 9.095290e-3 * x * x + 1.001685e-4 * x**3
             - 1.120083e-6 * x**4 + 6.536332e-9 * x**5)
    a = 8.24493e-1 - 4.0899e-3 * x + 7.6438e-5 * x * x - 8.2467e-7 * x**3 + 5.3875e-9 * x**4
    b = -5.72466e-3 + 1.0227e-4 * x - 1.6546e-6 * x * x
    sq = jnp.sqrt(sal)
    rho0 = rho_w + a * sal + b * sal * sq + 4.8314e-4 * sal**2
    k_w = 19652.21 + 148.4206 * x - 2.327105 * x * x + 1.360477e-2 * x**3 - 5.155288e-5 * x**4
    k0 = (k_w + sal * (54.6746 - 0.603459 * x + 1.09987e-2 * x**2 - 6.1670e-5 * x**3)
          + sal * sq * (7.944e-2 + 1.6483e-2 * x - 5.3009e-4 * x**2))
    k = (k0 + p_bar * (3.239908 + 1.43713e-3 * x + 1.16092e-4 * x**2 - 5.77905e-7 * x**3)
         + p_bar * sal * (2.2838e-3 - 1.0981e-5 * x - 1.6078e-6 * x**2)
         + p_bar * sal * sq * 1.91075e-4
         + p_bar * p_bar * (8.50935e-5 - 6.12293e-6 * x + 5.2787e-8 * x**2)
         + p_bar * p_bar * sal * (-9.9348e-7 + 2.0816e-8 * x + 9.1697e-10 * x**2))
    return rho0 / (1.0 - p_bar / k)
