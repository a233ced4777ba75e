"""Checked entry point: validate inputs on the host, then solve."""

from __future__ import annotations

from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.system import CarbonateState, solve
from jaxocean.core.precision import require_float64
from jaxocean.core.validate import check_broadcastable, check_nonnegative, check_range

TEMP_RANGE = (-2.0, 45.0)  # [degC], range of the Lueker et al. (2000) / Millero (1995) fits, widened
SAL_RANGE = (0.0, 50.0)  # practical salinity


PATM_RANGE = (0.5, 1.5)  # [atm], atmospheric pressure at sea level with a wide margin


def validate_inputs(dic, ta, temp, sal, pressure=0.0, phos=0.0, sil=0.0, patm=1.0) -> None:
    """Raise InputError naming the variable for NaN/inf, negative concentrations or pressure,
    salinity outside 0..50, temperature outside -2..45 degC, atmospheric pressure outside
    0.5..1.5 atm, or shapes that do not broadcast."""
    check_broadcastable(dict(dic=dic, ta=ta, temp=temp, sal=sal, pressure=pressure, phos=phos, sil=sil,
                             patm=patm))
    for name, value in (("dic", dic), ("ta", ta), ("phos", phos), ("sil", sil)):
        check_nonnegative(name, value, units="umol/kg")
    check_nonnegative("pressure", pressure, units="dbar")
    check_range("temp", temp, *TEMP_RANGE, units="degC")
    check_range("sal", sal, *SAL_RANGE)
    check_range("patm", patm, *PATM_RANGE, units="atm")


def solve_checked(dic, ta, temp, sal, pressure=0.0, phos=0.0, sil=0.0,
                  options: CarbonateOptions = CarbonateOptions(), patm=1.0) -> CarbonateState:
    """``solve`` after ``validate_inputs``; warns if JAX 64-bit mode is off."""
    require_float64("jaxocean.carbonate.solve")
    validate_inputs(dic, ta, temp, sal, pressure, phos, sil, patm)
    return solve(dic, ta, temp, sal, pressure, phos, sil, options=options, patm=patm)
