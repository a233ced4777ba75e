"""REcoM parameter sets (equinox modules) with the published defaults.

Sources, cited per field:
  [S25]  Seifert et al. (2025, Biogeosciences 22, 5897), the OAE seed paper: Eqs. 1-5,
         Appendix A (Table A1), B (Eqs. B1-B5) and C (Eqs. C1-C2).
  [S22c] Seifert & Hauck (2022), REcoM code and namelist, doi:10.5281/zenodo.7457987
         (github.com/mseifert93/Seifert_et_al_2022_REcoM_code); [S25] states that its
         model code is the same. Values below marked [S22c] are the namelist values used
         in those runs (they override some module defaults in the code).

Units are internal REcoM units: concentrations in mmol m-3 (nutrients), umol m-3 (iron),
umol kg-1 (carbonate species), rates in d-1, temperature in degC, PAR in W m-2.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp

TINY = 2.23e-16  # REcoM's `tiny` [S22c]; [S25] prints 2.33e-16 after Eq. B3 (typo)

CO2_FACTOR_SETS = ("diatoms", "small_phytoplankton", "coccolithophores", "calcification")


def stack_params(param_sets):
    """Stack same-type parameter modules along a new leading axis (for ``jax.vmap``)."""
    return jax.tree.map(lambda *xs: jnp.stack([jnp.asarray(x) for x in xs]), *param_sets)


class CO2FactorParams(eqx.Module):
    """CO2 factor f(CO2) = a*HCO3/(b + HCO3) - exp(-c*CO2) - d*[H+] ([S25] Eq. 3, Table A1).

    Table A1 labels b in mol kg-1 and c, d in kg mol-1, but the fits (and REcoM) take HCO3
    and CO2 in umol kg-1 and [H+] = 10^-pH in mol kg-1: b [umol kg-1], c [kg umol-1],
    d [kg mol-1]. Small phytoplankton c = 0.2255: Table A1 prints 0.255, but the REcoM
    code [S22c] (``exp(-2.255e-01 * CO2)``) uses 0.2255, which is what we take.
    The factor is clipped to [f_min, f_max] = [0, 3] ([S25] Sect. 2.2).
    """

    a: float = 1.040     # [-]
    b: float = 28.90     # [umol kg-1]
    c: float = 0.8778    # [kg umol-1]
    d: float = 2.640e6   # [kg mol-1]
    f_min: float = 0.0   # [-] lower clip
    f_max: float = 3.0   # [-] upper clip (max. 3-fold increase)

    @classmethod
    def diatoms(cls) -> "CO2FactorParams":
        return cls(a=1.040, b=28.90, c=0.8778, d=2.640e6)

    @classmethod
    def small_phytoplankton(cls) -> "CO2FactorParams":
        return cls(a=1.162, b=48.88, c=0.2255, d=1.023e7)  # c: REcoM code, not Table A1's 0.255

    @classmethod
    def coccolithophores(cls) -> "CO2FactorParams":
        return cls(a=1.109, b=37.67, c=0.3912, d=9.450e6)

    @classmethod
    def calcification(cls) -> "CO2FactorParams":
        return cls(a=1.102, b=42.38, c=0.7079, d=1.343e7)

    @classmethod
    def stacked(cls) -> "CO2FactorParams":
        """All four published sets stacked in the order of ``CO2_FACTOR_SETS``."""
        return stack_params([getattr(cls, name)() for name in CO2_FACTOR_SETS])


class ArrheniusTemperature(eqx.Module):
    """f(T) = PSmax * exp(-Ae * (1/T_K - 1/T_ref)) for diatoms and small phytoplankton ([S25] Eq. B2)."""

    ps_max: float = 3.5        # [d-1] max. C-specific photosynthesis at T_ref (P_cm_d) [S25, S22c]
    ae: float = 4500.0         # [K] Arrhenius slope (Ae) [S25, S22c]
    t_ref: float = 288.15      # [K] reference temperature, 15 degC (recom_Tref) [S25, S22c]

    @classmethod
    def diatoms(cls) -> "ArrheniusTemperature":
        return cls(ps_max=3.5)

    @classmethod
    def small_phytoplankton(cls) -> "ArrheniusTemperature":
        return cls(ps_max=3.0)


class CoccoTemperature(eqx.Module):
    """f(T) = PSmax * max(coef * T^exponent, floor); floor for T <= 0 degC ([S25] Eq. B3, Fielding 2013)."""

    ps_max: float = 2.8        # [d-1] scaling factor (P_cm_c) [S25, S22c]
    coef: float = 0.1419       # [degC^-exponent] [S25]
    exponent: float = 0.8151   # [-] [S25]
    floor: float = TINY        # [-] value at T <= 0 degC [S22c]

    @classmethod
    def coccolithophores(cls) -> "CoccoTemperature":
        return cls()


class NutrientLimitationParams(eqx.Module):
    """Quota (N, Si) and Michaelis-Menten (Fe) limitation of photosynthesis ([S25] Eq. B4).

    ``si_limited`` (static) marks diatoms, whose minimum also contains the Si quota term.
    """

    nc_min: float = 0.05        # [mol N mol C-1] minimum N:C quota (NCmin*) [S22c]
    n_min_slope: float = 50.0   # [-] NMinSlope [S22c]
    fe_half_sat: float = 0.04   # [umol Fe m-3] k_Fe* [S22c]
    sic_min: float = 0.04       # [mol Si mol C-1] minimum Si:C quota (SiCmin) [S22c]
    si_min_slope: float = 1000.0  # [-] SiMinSlope [S22c]
    si_limited: bool = eqx.field(static=True, default=False)

    @classmethod
    def diatoms(cls) -> "NutrientLimitationParams":
        return cls(nc_min=0.05, fe_half_sat=0.12, si_limited=True)

    @classmethod
    def small_phytoplankton(cls) -> "NutrientLimitationParams":
        return cls(nc_min=0.05, fe_half_sat=0.04)

    @classmethod
    def coccolithophores(cls) -> "NutrientLimitationParams":
        return cls(nc_min=0.04, fe_half_sat=0.09)


class PhytoplanktonParams(eqx.Module):
    """Gross-photosynthesis parameters of one phytoplankton group ([S25] Eqs. 1, B1-B5)."""

    temperature: ArrheniusTemperature | CoccoTemperature = eqx.field(
        default_factory=ArrheniusTemperature.diatoms)
    alpha: float = 0.19   # [mmol C m2 (mg Chl)-1 W-1 d-1] max. light harvesting efficiency (alfa*) [S22c]
    nutrients: NutrientLimitationParams = eqx.field(default_factory=NutrientLimitationParams.diatoms)
    co2: CO2FactorParams = eqx.field(default_factory=CO2FactorParams.diatoms)

    @classmethod
    def diatoms(cls) -> "PhytoplanktonParams":
        return cls(ArrheniusTemperature.diatoms(), 0.19, NutrientLimitationParams.diatoms(),
                   CO2FactorParams.diatoms())

    @classmethod
    def small_phytoplankton(cls) -> "PhytoplanktonParams":
        return cls(ArrheniusTemperature.small_phytoplankton(), 0.14,
                   NutrientLimitationParams.small_phytoplankton(),
                   CO2FactorParams.small_phytoplankton())

    @classmethod
    def coccolithophores(cls) -> "PhytoplanktonParams":
        return cls(CoccoTemperature.coccolithophores(), 0.10,
                   NutrientLimitationParams.coccolithophores(), CO2FactorParams.coccolithophores())


class CalcificationParams(eqx.Module):
    """Coccolithophore calcification ([S25] Eq. 2, C1, C2; Krumhardt et al. 2017)."""

    pic_poc_ref: float = 1.0     # [mol C mol C-1] reference PIC:POC [S25]
    t_threshold: float = 10.6    # [degC] below it calcification falls linearly (Eq. C1)
    t_slope: float = 0.104       # [degC-1] (Eq. C1)
    t_intercept: float = -0.108  # [-] (Eq. C1)
    n_x: float = -0.31           # [-] (Eq. C2)
    n_y: float = 1.31            # [-] (Eq. C2)
    k_din: float = 0.9           # [mmol N m-3] DIN half-saturation of coccolithophores (k_din_c) [S22c]
    floor: float = TINY          # [-] lower bound of both limitation terms [S22c]
    control_share: float = 0.02  # [-] NO-CSE: calcifying share of small phytoplankton (calc_prod_ratio) [S25, S22c]


class DissolutionParams(eqx.Module):
    """Calcite dissolution of detrital CaCO3 ([S22c] recom_sms; [S25] Sect. 2.2)."""

    rate_omega: float = 0.197      # [d-1] calc_diss_omegac, after Aumont et al. (2015) [S22c]
    exponent: float = 1.0          # [-] calc_diss_exp [S22c]
    rate_depth: float = 0.005714   # [d-1] calc_diss_rate = 20/3500, NO-CSE control [S22c]
    speed_ref: float = 20.0        # [m d-1] sinking speed the control rate is scaled by [S22c]


class SinkingParams(eqx.Module):
    """Detritus sinking speeds ([S25] Appendix A; [S22c] VDet, Vdet_a, VDet_zoo2)."""

    w_surface: float = 20.0   # [m d-1] slow detritus at the surface (VDet)
    w_slope: float = 0.0288   # [d-1] increase with depth (Vdet_a)
    w_fast: float = 200.0     # [m d-1] fast-sinking detritus (VDet_zoo2)
