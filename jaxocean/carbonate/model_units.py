"""The carbonate system in ocean-model units, as REcoM calls mocsy.

REcoM (recom_carbonate_chemistry, and gasx.f90 flxco2 at the surface) calls mocsy's
``vars_sprac`` with optCON='mol/m3', optT='Tpot', optP='m': potential temperature, depth in m
with latitude, and concentrations per m3. mocsy's vars.f90 then computes the pressure from
depth (Saunders 1981), the in-situ temperature (Fofonoff & Millard 1983), the in-situ density
(UNESCO 1981) that converts mol/m3 to mol/kg, solves in mol/kg, and returns CO2*, HCO3, CO3 in
mol/m3 again. ``solve_model_units`` does the same around ``solve`` (Orr & Epitalon 2015,
GMD 8:485, sec. 2.2).
"""

from __future__ import annotations

import equinox as eqx
import jax
import numpy as np

from jaxocean.carbonate import eos80
from jaxocean.carbonate.gas import fugacity_factor, total_pressure
from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.pressure import ZERO_CELSIUS
from jaxocean.carbonate.system import CarbonateState, solve
from jaxocean.core.validate import InputError, check_plausible

MOCSY_VARS_ITS90 = float(np.float32(0.99975))  # vars.f90: ``0.99975*tempis68``, a default-kind literal


class ModelUnitsState(eqx.Module):
    """``solve_model_units`` result: the chemistry in mol/kg units plus the conversions."""

    chemistry: CarbonateState  # as ``solve`` returns it (umol/kg, uatm, ...)
    co2: jax.Array  # CO2* [mol/m3]
    hco3: jax.Array  # [mol/m3]
    co3: jax.Array  # [mol/m3]
    rho: jax.Array  # in-situ density [kg/m3]
    pressure: jax.Array  # sea pressure [dbar]
    temp_insitu: jax.Array  # in-situ temperature [degC, ITS-90]


def solve_model_units(dic, ta, theta, sal, depth, lat, phos=0.0, sil=0.0, patm=1.0,
                      options: CarbonateOptions = CarbonateOptions.mocsy(), *, pressure=None,
                      temp_type: str = "potential", per_volume: bool = True) -> ModelUnitsState:
    """mocsy ``vars`` with optCON='mol/m3', optT='Tpot', optP='m' (REcoM's call) by default.

    dic, ta, phos, sil in mol/m3 (``per_volume=False``: umol/kg, mocsy's optCON='mol/kg');
    theta potential temperature [degC] (``temp_type="insitu"``: in-situ temperature, optT='Tinsitu');
    sal practical salinity; depth [m, positive down] and lat [deg N] (or ``pressure`` [dbar],
    optP='db', which then replaces depth); patm [atm]. Jit-, vmap- and grad-able like ``solve``.
    """
    if pressure is None:
        depth, lat = check_plausible(depth=depth, lat=lat)   # before depth -> pressure
    p_dbar = eos80.pressure_from_depth(depth, lat) if pressure is None else pressure
    theta68 = (theta - 0.0002) / 0.99975  # ITS-90 -> IPTS-68 (Dickson et al. 2007 ch. 5)
    if temp_type == "potential":
        temp68 = eos80.potential_temperature(sal, theta68, 0.0 * p_dbar, p_dbar)
    elif temp_type == "insitu":
        temp68 = theta68
    else:
        raise InputError(f"temp_type: {temp_type!r} is not one of ('potential', 'insitu')")
    # IPTS-68 -> ITS-90: constants.f90 with a double-precision 0.99975 (the constants), vars.f90
    # with a single-precision one (its reported in-situ T and the fugacity coefficient's T).
    temp = 0.99975 * temp68 + 0.0002
    temp_vars = MOCSY_VARS_ITS90 * temp68 + 0.0002
    rho = eos80.density(sal, temp68, p_dbar / 10.0)
    per_kg = 1e6 / rho if per_volume else 1.0  # mol/m3 -> umol/kg
    s = solve(dic * per_kg, ta * per_kg, temp, sal, p_dbar, phos * per_kg, sil * per_kg,
              options=options, patm=patm)
    p_total = total_pressure(patm, p_dbar / 10.0, options.gas_pressure)
    pco2 = s.fco2 / fugacity_factor(temp_vars + ZERO_CELSIUS, p_total, s.fco2, options.convention)
    to_m3 = rho * 1e-6  # umol/kg -> mol/m3
    return ModelUnitsState(chemistry=eqx.tree_at(lambda c: c.pco2, s, pco2), co2=s.co2 * to_m3,
                           hco3=s.hco3 * to_m3, co3=s.co3 * to_m3, rho=rho, pressure=p_dbar,
                           temp_insitu=temp_vars)
