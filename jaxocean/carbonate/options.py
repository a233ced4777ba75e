"""Choice of published formulations for the carbonate-system constants, and of the code convention.

The default ``CarbonateOptions()`` selects the constants of REcoM's call to mocsy 2.0 (Orr &
Epitalon 2015, GMD 8:485): optK1K2='l' (Lueker et al. 2000), optB='u74' (Uppstrom 1974),
optKf='dg' (Dickson & Riley 1979), optGAS='Pinsitu', total pH scale, evaluated the PyCO2SYS
way; it equals PyCO2SYS 1.8.3 with opt_k_carbonic=10, opt_total_borate=1, opt_k_fluoride=1,
opt_pressured_kCO2=1, opt_gas_constant=2 (R = 83.14472) and mocsy's totals.

``CarbonateOptions.mocsy()`` reproduces mocsy itself (jamesorr/mocsy v2.4.0, ``vars`` with
REcoM's options; ``model_units.solve_model_units`` adds REcoM's optCON='mol/m3', optT='Tpot',
optP='m') to 2e-10 relative on every output (tests/carbonate/test_mocsy.py). Against mocsy the
default misses by 6e-5 in pH, 2e-4 in CO3 and Omega and 4.5% in deep pCO2 and Revelle, through
these code details of mocsy (Orr & Epitalon 2015 and the files named):

1. KSO4 (constants.f90, ``constants``): mocsy writes Dickson's (1990) coefficient 771.54
   without a kind suffix, so it is the single-precision 771.5399780...
2. Gas terms (constants.f90 and varsolver.f90): the total pressure is in atm, P = Patm + sea
   pressure / 1.01325, with R = 82.05736 cm3 atm / (mol K) (CODATA 2006) for the K0 pressure
   term, K0 x exp((1 - P) vCO2 / RT) (Weiss 1974 eq. 5), and the fugacity coefficient
   exp(P (B + 2 (1 - x)^2 delta) / RT) (Weiss 1974 eqs. 6, 9) keeps the mole fraction
   x = 1e-6 fCO2 exp((1 - P) vCO2 / RT) of CO2 (x = 0 in the default).
3. Revelle factor (vars.f90, ``vars_sprac``): a centred difference of pCO2 over DIC +- 0.05
   umol/kg (dx = 0.1 * 1e-6 evaluated in single precision), scaled by DIC / pCO2 where that
   pCO2 is the one at DIC + dx/2 (the last solve of the difference loop), not the exact
   d ln pCO2 / d ln DIC. Its rounding noise is ~1e-11 relative in float64 (1e-2 in float32).
4. [H+] and species (phsolvers.f90 ``equation_at``, varsolver.f90): the TA equation that
   SolveSAPHE solves pairs the free-scale KSO4 with total [H+] in the bisulfate term,
   -TS / (1 + KSO4 / [H+]_T), so its root differs from the Dickson (1981) one (up to 6e-5 in
   pH at 35 degC, S 42, TA < DIC); the species then come from the carbonate alkalinity with the
   free-scale bisulfate term, CO2* = (2 DIC - AC) / (2 + K1/[H+]), HCO3 = K1 CO2*/[H+],
   CO3 = K2 HCO3/[H+], which do not sum exactly to DIC.
Both solvers converge quadratically below 1e-8 in ln [H+], so pH agrees to 5e-15.
"""

from __future__ import annotations

import equinox as eqx

BORATE_CHOICES = ("uppstrom1974", "lee2010")
KF_CHOICES = ("dickson_riley1979", "perez_fraga1987")
GAS_PRESSURE_CHOICES = ("insitu", "surface")
CONVENTION_CHOICES = ("pyco2sys", "mocsy")


class CarbonateOptions(eqx.Module):
    """Static configuration: which formulation each constant uses (a pytree with no leaves).

    borate:       total boron from salinity, "uppstrom1974" | "lee2010".
    kf:           HF dissociation constant, "dickson_riley1979" | "perez_fraga1987".
    gas_pressure: total pressure for K0 and the fugacity factor, "insitu" (atmospheric + sea
                  pressure; mocsy optGAS='Pinsitu', PyCO2SYS opt_pressured_kCO2=1) or
                  "surface" (atmospheric only; mocsy 'Pzero', opt_pressured_kCO2=0).
    convention:   code details of the reference implementation, "pyco2sys" (PyCO2SYS 1.8.3,
                  exact Revelle factor) or "mocsy" (mocsy 2.x, items 1-4 of the module doc).
    """

    borate: str = eqx.field(static=True, default="uppstrom1974")
    kf: str = eqx.field(static=True, default="dickson_riley1979")
    gas_pressure: str = eqx.field(static=True, default="insitu")
    convention: str = eqx.field(static=True, default="pyco2sys")

    def __check_init__(self):
        for name, value, allowed in (("borate", self.borate, BORATE_CHOICES),
                                     ("kf", self.kf, KF_CHOICES),
                                     ("gas_pressure", self.gas_pressure, GAS_PRESSURE_CHOICES),
                                     ("convention", self.convention, CONVENTION_CHOICES)):
            if value not in allowed:
                raise ValueError(f"CarbonateOptions.{name}={value!r}; choose one of {allowed}")

    @classmethod
    def mocsy(cls) -> CarbonateOptions:
        """mocsy 2.x as REcoM calls it: optB='u74', optK1K2='l', optKf='dg', optGAS='Pinsitu',
        total scale, with mocsy's code conventions (module doc items 1-4)."""
        return cls(borate="uppstrom1974", kf="dickson_riley1979", gas_pressure="insitu",
                   convention="mocsy")
