"""All equilibrium constants at in-situ temperature, salinity and pressure, on the total scale.

Procedure of CO2SYS (Lewis & Wallace 1998) and mocsy 2.0: constants published on the total
scale are moved to the seawater (SWS) scale with the 1-atm KSO4 and KF, all are corrected
for pressure on the SWS scale (Millero 1995), then moved to the total scale with the
pressure-corrected KSO4 and KF. KSO4 and KF stay on the free scale.
"""

from __future__ import annotations

from typing import NamedTuple

from jaxocean.carbonate import gas
from jaxocean.carbonate.constants import calcium_carbonate, carbonic, minor_acids, scale_acids
from jaxocean.carbonate.pressure import ZERO_CELSIUS, pressure_factor


class EquilibriumConstants(NamedTuple):
    """In-situ constants [mol/kg-sw, total scale unless noted]."""

    k0: object  # CO2 solubility at the total pressure of CarbonateOptions.gas_pressure [mol/kg/atm]
    k1: object
    k2: object
    kb: object
    kw: object  # [mol2/kg2]
    kp1: object
    kp2: object
    kp3: object
    ksi: object
    kso4: object  # free scale
    kf: object  # free scale
    ksp_calcite: object  # [mol2/kg2]
    ksp_aragonite: object  # [mol2/kg2]
    free_to_total: object  # [H+]_total / [H+]_free = 1 + TS/KSO4 [-]
    kso4_alkalinity: object  # KSO4 that the TA equation pairs with free [H+] (options.py item 4)


# KSO4 in the TA equation's bisulfate term -TS / (1 + KSO4 / [H+]_free): the free-scale KSO4
# (Dickson 1981), or mocsy's pairing of free KSO4 with total [H+] (phsolvers.f90 equation_at),
# which is KSO4 / (1 + TS/KSO4) against free [H+].
KSO4_IN_ALKALINITY = {"pyco2sys": lambda kso4, ts: kso4, "mocsy": lambda kso4, ts: kso4 / (1.0 + ts / kso4)}


def sws_to_total(kso4, kf, sulfate, fluoride):
    """[H+]_total / [H+]_SWS = (1 + TS/KSO4) / (1 + TS/KSO4 + TF/KF) (Dickson 1984)."""
    free_to_total = 1.0 + sulfate / kso4
    return free_to_total / (free_to_total + fluoride / kf)


def equilibrium_constants(temp_c, sal, p_dbar, totals, options, patm=1.0) -> EquilibriumConstants:
    """Constants for temperature [degC], practical salinity, sea pressure [dbar] and
    atmospheric pressure ``patm`` [atm] (which enters K0 only)."""
    temp_k = temp_c + ZERO_CELSIUS
    p_bar = p_dbar / 10.0
    ts, tf = totals.sulfate, totals.fluoride

    def at_pressure(name, k_1atm):
        return k_1atm * pressure_factor(name, temp_c, p_bar)

    kso4_0 = scale_acids.ksulfate_dickson1990(temp_k, sal, scale_acids.KSULFATE_771[options.convention])
    kf_0 = scale_acids.KFLUORIDE[options.kf](temp_k, sal)
    kso4, kf = at_pressure("kso4", kso4_0), at_pressure("kf", kf_0)
    total_from_sws_0 = sws_to_total(kso4_0, kf_0, ts, tf)
    total_from_sws = sws_to_total(kso4, kf, ts, tf)

    def total_scale(name, k_sws_1atm):
        return at_pressure(name, k_sws_1atm) * total_from_sws

    k1_t, k2_t = carbonic.k1k2_lueker2000(temp_k, sal)
    kp1, kp2, kp3 = minor_acids.kphosphate_millero1995(temp_k, sal)
    p_total = gas.total_pressure(patm, p_bar, options.gas_pressure)  # [atm]
    k0 = carbonic.k0_weiss1974(temp_k, sal) * gas.k0_pressure_factor(temp_k, p_total, options.convention)
    return EquilibriumConstants(
        k0=k0,
        k1=total_scale("k1", k1_t / total_from_sws_0),
        k2=total_scale("k2", k2_t / total_from_sws_0),
        kb=total_scale("kb", minor_acids.kborate_dickson1990(temp_k, sal) / total_from_sws_0),
        kw=total_scale("kw", minor_acids.kwater_millero1995(temp_k, sal)),
        kp1=total_scale("kp1", kp1),
        kp2=total_scale("kp2", kp2),
        kp3=total_scale("kp3", kp3),
        ksi=total_scale("ksi", minor_acids.ksilicate_millero1995(temp_k, sal)),
        kso4=kso4,
        kf=kf,
        ksp_calcite=at_pressure("ksp_calcite", calcium_carbonate.ksp_mucci1983("calcite", temp_k, sal)),
        ksp_aragonite=at_pressure("ksp_aragonite", calcium_carbonate.ksp_mucci1983("aragonite", temp_k, sal)),
        free_to_total=1.0 + ts / kso4,
        kso4_alkalinity=KSO4_IN_ALKALINITY[options.convention](kso4, ts),
    )
