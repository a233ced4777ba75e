"""The marine CO2 system from (DIC, TA): speciation, pCO2/fCO2, saturation states, buffers."""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.carbonate.alkalinity import SPECIATION
from jaxocean.carbonate.constants import calcium, equilibrium_constants, seawater_totals
from jaxocean.carbonate.gas import fugacity_factor, total_pressure
from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.pressure import ZERO_CELSIUS
from jaxocean.carbonate.solver import hydrogen_ion
from jaxocean.core.validate import check_broadcastable, check_plausible, input_errors

UMOL = 1e-6  # mol per umol
# mocsy's Revelle step in DIC [mol/kg]: ``dx = 0.1 * 1e-6`` in vars.f90, a product of two
# default-kind (single-precision) literals.
MOCSY_REVELLE_DX = float(np.float32(0.1) * np.float32(1e-6))


class CarbonateState(eqx.Module):
    """Solved carbonate system (all arrays of the broadcast input shape)."""

    ph: jax.Array  # pH on the total scale [-]
    h: jax.Array  # [H+] on the total scale [mol/kg]
    co2: jax.Array  # CO2* = CO2(aq) + H2CO3 [umol/kg]
    hco3: jax.Array  # [umol/kg]
    co3: jax.Array  # [umol/kg]
    pco2: jax.Array  # [uatm]
    fco2: jax.Array  # [uatm]
    omega_calcite: jax.Array  # [-]
    omega_aragonite: jax.Array  # [-]
    revelle: jax.Array  # (d ln pCO2 / d ln DIC) at constant TA [-] (mocsy: its finite difference)
    gamma_dic: jax.Array  # DIC / Revelle = (d ln CO2* / d DIC)^-1 (Egleston et al. 2010) [umol/kg]


# units of solve's inputs, and units / long names / CF standard names of its outputs, for the
# xarray edge (jaxocean.io.labelled)
INPUT_UNITS = {"dic": "umol kg-1", "ta": "umol kg-1", "temp": "degC", "sal": "1", "pressure": "dbar",
               "phos": "umol kg-1", "sil": "umol kg-1"}
OUTPUT_ATTRS = {
    "ph": ("1", "pH on the total scale", "sea_water_ph_reported_on_total_scale"),
    "h": ("mol kg-1", "hydrogen ion concentration (total scale)"),
    "co2": ("umol kg-1", "CO2* = CO2(aq) + H2CO3"),
    "hco3": ("umol kg-1", "bicarbonate ion"),
    "co3": ("umol kg-1", "carbonate ion"),
    "pco2": ("uatm", "partial pressure of CO2", "partial_pressure_of_carbon_dioxide_in_sea_water"),
    "fco2": ("uatm", "fugacity of CO2"),
    "omega_calcite": ("1", "calcite saturation state"),
    "omega_aragonite": ("1", "aragonite saturation state"),
    "revelle": ("1", "Revelle factor d ln pCO2 / d ln DIC at constant TA"),
    "gamma_dic": ("umol kg-1", "DIC / Revelle factor (Egleston et al. 2010)"),
}


@input_errors
def solve(dic, ta, temp, sal, pressure=0.0, phos=0.0, sil=0.0,
          options: CarbonateOptions = CarbonateOptions(), patm=1.0, check: bool = True) -> CarbonateState:
    """Solve the carbonate system from DIC and total alkalinity.

    dic, ta, phos, sil in umol/kg; temp in-situ temperature in degC; sal practical salinity;
    pressure sea pressure in dbar; patm atmospheric pressure in atm (it enters K0 and the
    fugacity coefficient). All broadcast together; the result has their promoted float dtype
    (float64 is the designed precision; float32 inputs give float32 results, tested to meet
    the pH and species tolerances on the PyCO2SYS reference table). Jit-, vmap- and
    grad-able: the [H+] root is differentiated implicitly. Points without a unique root
    (negative totals, non-finite input) return NaN; Revelle and gamma_dic are NaN where
    DIC = 0. ``options=CarbonateOptions.mocsy()`` reproduces mocsy's ``vars``.

    ``check=True`` (default) tests every input against the plausibility bounds of
    ``jaxocean.core.validate.PLAUSIBLE`` inside the computation (also under jit/vmap/grad) and
    raises ``InputError`` naming the variable, value, index and unit (temperature in K,
    pressure in Pa, DIC/TA in mol/kg, patm in Pa, +-inf) or the shapes that do not broadcast;
    NaN passes and gives NaN. The DIC and TA lower bound is 50 umol/kg, not seawater's ~300,
    so that the low-alkalinity lab chemistry of the CO2-factor fits passes. ``check=False`` skips
    the test (inner loops whose inputs were checked once); then out-of-range points, including
    +-inf, return NaN or whatever the fits give.
    """
    if check:
        dic, ta, temp, sal, pressure, phos, sil, patm = check_plausible(
            dic=dic, ta=ta, temp=temp, sal=sal, pressure=pressure, phos=phos, sil=sil, patm=patm)
        check_broadcastable(dict(dic=dic, ta=ta, temp=temp, sal=sal, pressure=pressure, phos=phos,
                                 sil=sil, patm=patm))
    return _solve(dic, ta, temp, sal, pressure, phos, sil, options, patm)


@eqx.filter_jit
def _solve(dic, ta, temp, sal, pressure, phos, sil, options: CarbonateOptions, patm) -> CarbonateState:
    """The unchecked kernel of :func:`solve`."""
    args = [jnp.asarray(a) for a in (dic, ta, temp, sal, pressure, phos, sil, patm)]
    dtype = jnp.promote_types(jnp.result_type(*args), jnp.float32)  # float32 inputs stay float32
    dic, ta, temp, sal, pressure, phos, sil, patm = jnp.broadcast_arrays(*(a.astype(dtype) for a in args))
    totals = seawater_totals(dic * UMOL, sal, phos * UMOL, sil * UMOL, options)
    k = equilibrium_constants(temp, sal, pressure, totals, options, patm)
    temp_k = temp + ZERO_CELSIUS
    p_total = total_pressure(patm, pressure / 10.0, options.gas_pressure)  # [atm]

    def species(dic_mol):
        """CO2* and (fCO2, pCO2, h, HCO3, CO3) at DIC = dic_mol [mol/kg]."""
        tot = totals._replace(dic=dic_mol)
        h = hydrogen_ion(ta * UMOL, tot, k)
        co2, hco3, co3 = SPECIATION[options.convention](h, ta * UMOL, tot, k)
        fco2 = co2 / k.k0 / UMOL  # Weiss (1974): [CO2*] = K0 fCO2
        pco2 = fco2 / fugacity_factor(temp_k, p_total, fco2, options.convention)
        return co2, (fco2, pco2, h, hco3, co3)

    if options.convention == "mocsy":
        co2, (fco2, pco2, h, hco3, co3) = species(totals.dic)
        dic_lo = totals.dic - MOCSY_REVELLE_DX / 2.0
        dic_hi = totals.dic + MOCSY_REVELLE_DX / 2.0
        pco2_lo, pco2_hi = species(dic_lo)[1][1], species(dic_hi)[1][1]
        revelle = (pco2_hi - pco2_lo) / (dic_hi - dic_lo) * totals.dic / pco2_hi  # vars.f90
    else:
        # Revelle factor d ln pCO2 / d ln DIC at constant TA (Revelle & Suess 1957), by
        # forward-mode AD through the implicit [H+] root. With x_CO2 << 1 in the fugacity
        # coefficient pCO2 is proportional to CO2* at fixed T, S, P: d ln pCO2 = d ln CO2*.
        co2, dco2, (fco2, pco2, h, hco3, co3) = jax.jvp(
            species, (totals.dic,), (jnp.ones_like(dic),), has_aux=True)
        revelle = dco2 * totals.dic / co2
    ca = calcium(sal)
    return CarbonateState(
        ph=-jnp.log10(h), h=h, co2=co2 / UMOL, hco3=hco3 / UMOL, co3=co3 / UMOL,
        pco2=pco2, fco2=fco2,
        omega_calcite=ca * co3 / k.ksp_calcite, omega_aragonite=ca * co3 / k.ksp_aragonite,
        revelle=revelle, gamma_dic=dic / revelle)
