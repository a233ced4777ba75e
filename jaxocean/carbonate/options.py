"""Choice of published formulations for the carbonate-system constants.

The defaults reproduce the call REcoM makes to mocsy 2.0 (Orr & Epitalon 2015):
optK1K2='l' (Lueker et al. 2000), optB='u74' (Uppstrom 1974), optKf='dg' (Dickson & Riley
1979), optGAS='Pinsitu' (K0 and the fugacity factor at in-situ total pressure), total pH
scale. The same choices in PyCO2SYS 1.8.3 are opt_k_carbonic=10, opt_total_borate=1,
opt_k_fluoride=1, opt_pressured_kCO2=1, opt_gas_constant=2 (R = 83.14472).
"""

from __future__ import annotations

import equinox as eqx

BORATE_CHOICES = ("uppstrom1974", "lee2010")
KF_CHOICES = ("dickson_riley1979", "perez_fraga1987")
GAS_PRESSURE_CHOICES = ("insitu", "surface")


class CarbonateOptions(eqx.Module):
    """Static configuration: which formulation each constant uses (a pytree with no leaves).

    borate:       total boron from salinity, "uppstrom1974" | "lee2010".
    kf:           HF dissociation constant, "dickson_riley1979" | "perez_fraga1987".
    gas_pressure: total pressure for K0 and the fugacity factor, "insitu" (1 atm + sea
                  pressure; mocsy optGAS='Pinsitu', PyCO2SYS opt_pressured_kCO2=1) or
                  "surface" (1 atm; opt_pressured_kCO2=0).
    """

    borate: str = eqx.field(static=True, default="uppstrom1974")
    kf: str = eqx.field(static=True, default="dickson_riley1979")
    gas_pressure: str = eqx.field(static=True, default="insitu")

    def __check_init__(self):
        for name, value, allowed in (("borate", self.borate, BORATE_CHOICES),
                                     ("kf", self.kf, KF_CHOICES),
                                     ("gas_pressure", self.gas_pressure, GAS_PRESSURE_CHOICES)):
            if value not in allowed:
                raise ValueError(f"CarbonateOptions.{name}={value!r}; choose one of {allowed}")
