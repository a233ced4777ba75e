"""The PyCO2SYS 1.8.3 call equivalent to a CarbonateOptions, for cross-checks (no import of PyCO2SYS).

Usage: ``pyco2.sys(par1=ta, par1_type=1, par2=dic, par2_type=2, temperature=..., salinity=sal,
pressure=..., total_phosphate=..., total_silicate=..., **pyco2sys_arguments(sal, options))``.
"""

from __future__ import annotations

import numpy as np

from jaxocean.carbonate.constants import totals as _totals
from jaxocean.carbonate.options import CarbonateOptions

_TOTAL_BORATE = {"uppstrom1974": 1, "lee2010": 2}
_K_FLUORIDE = {"dickson_riley1979": 1, "perez_fraga1987": 2}
_PRESSURED_KCO2 = {"insitu": 1, "surface": 0}


def pyco2sys_arguments(sal, options: CarbonateOptions = CarbonateOptions()) -> dict:
    """Keyword arguments of ``PyCO2SYS.sys`` that select the same constants and totals [umol/kg].

    Only for convention "pyco2sys". The totals are passed explicitly because mocsy's chlorinity-ratio expressions differ from
    PyCO2SYS's built-in ones in the 5th-6th digit.
    """
    if options.convention != "pyco2sys":
        raise ValueError(f"PyCO2SYS has no equivalent of CarbonateOptions.convention={options.convention!r}")
    sal = np.asarray(sal, dtype=float)
    umol = 1e6
    return dict(
        opt_pH_scale=1, opt_k_carbonic=10, opt_k_bisulfate=1, opt_gas_constant=2,
        opt_k_fluoride=_K_FLUORIDE[options.kf], opt_total_borate=_TOTAL_BORATE[options.borate],
        opt_pressured_kCO2=_PRESSURED_KCO2[options.gas_pressure],
        total_borate=umol * _totals.BORATE[options.borate](sal),
        total_sulfate=umol * _totals.sulfate(sal),
        total_fluoride=umol * _totals.fluoride(sal),
        total_calcium=umol * _totals.calcium(sal),
    )
