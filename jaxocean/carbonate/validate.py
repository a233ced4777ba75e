"""Checked entry point: validate inputs on the host, then solve."""

from __future__ import annotations

import warnings

import numpy as np

from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.system import CarbonateState, solve
from jaxocean.core.precision import require_float64
from jaxocean.core.validate import (check_broadcastable, check_finite, check_plausible, check_range,
                                     input_errors)

K1K2_SAL_RANGE = (19.0, 43.0)  # salinity range of the Lueker et al. (2000) K1, K2 fits


PATM_RANGE = (0.5, 1.5)  # [atm], atmospheric pressure at sea level with a wide margin


@input_errors
def validate_inputs(dic, ta, temp, sal, pressure=0.0, phos=0.0, sil=0.0, patm=1.0) -> None:
    """Raise InputError naming the variable, value, index and unit for NaN/inf, values outside
    the plausibility bounds of ``jaxocean.core.validate.PLAUSIBLE`` (temperature -2.5..40 degC,
    pressure 0..11000 dbar, DIC/TA 50..5000 umol/kg, salinity 0..50, ...), atmospheric pressure
    outside 0.5..1.5 atm, or shapes that do not broadcast; warn when salinity leaves the 19..43
    range of the Lueker et al. (2000) K1/K2."""
    values = dict(dic=dic, ta=ta, temp=temp, sal=sal, pressure=pressure, phos=phos, sil=sil)
    check_broadcastable({**values, "patm": patm})
    for name, value in values.items():
        check_finite(name, value)
    check_plausible(**values)
    check_range("patm", patm, *PATM_RANGE, units="atm")
    s = np.asarray(sal, float)
    if s.size and (s.min() < K1K2_SAL_RANGE[0] or s.max() > K1K2_SAL_RANGE[1]):
        warnings.warn(f"sal: values {s.min():g}..{s.max():g} leave the {K1K2_SAL_RANGE[0]:g}.."
                      f"{K1K2_SAL_RANGE[1]:g} range of the Lueker et al. (2000) K1/K2 fits; "
                      "the constants are extrapolated there", stacklevel=3)


def solve_checked(dic, ta, temp, sal, pressure=0.0, phos=0.0, sil=0.0,
                  options: CarbonateOptions = CarbonateOptions(), patm=1.0) -> CarbonateState:
    """``solve`` after ``validate_inputs`` (NaN refused too); warns if JAX 64-bit mode is off."""
    require_float64("jaxocean.carbonate.solve")
    validate_inputs(dic, ta, temp, sal, pressure, phos, sil, patm)
    return solve(dic, ta, temp, sal, pressure, phos, sil, options=options, patm=patm, check=False)
