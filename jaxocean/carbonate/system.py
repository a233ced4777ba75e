"""The marine CO2 system from (DIC, TA): speciation, pCO2/fCO2, saturation states, buffers."""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp

from jaxocean.carbonate.alkalinity import carbonate_fractions
from jaxocean.carbonate.constants import calcium, equilibrium_constants, seawater_totals
from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.solver import hydrogen_ion
from jaxocean.core.validate import check_plausible, input_errors

UMOL = 1e-6  # mol per umol


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
    revelle: jax.Array  # (d ln pCO2 / d ln DIC) at constant TA [-]
    gamma_dic: jax.Array  # DIC / Revelle = (d ln CO2* / d DIC)^-1 (Egleston et al. 2010) [umol/kg]


@input_errors
def solve(dic, ta, temp, sal, pressure=0.0, phos=0.0, sil=0.0,
          options: CarbonateOptions = CarbonateOptions(), check: bool = True) -> CarbonateState:
    """Solve the carbonate system from DIC and total alkalinity.

    dic, ta, phos, sil in umol/kg; temp in degC; sal practical salinity; pressure sea pressure
    in dbar. All broadcast together; the result has their promoted float dtype (float64 is
    the designed precision; float32 inputs give float32 results, tested to meet the pH and
    species tolerances on the PyCO2SYS reference table). Jit-, vmap- and grad-able: the
    [H+] root is differentiated implicitly. Points without a unique root (negative totals,
    non-finite input) return NaN; Revelle and gamma_dic are NaN where DIC = 0.

    ``check=True`` (default) tests every input against the plausibility bounds of
    ``jaxocean.core.validate.PLAUSIBLE`` inside the computation (also under jit/vmap/grad) and
    raises ``InputError`` naming the variable, value, index and unit (temperature in K,
    pressure in Pa, DIC/TA in mol/kg, +-inf); NaN passes and gives NaN. ``check=False`` skips
    the test (inner loops whose inputs were checked once); then out-of-range points, including
    +-inf, return NaN or whatever the fits give.
    """
    if check:
        dic, ta, temp, sal, pressure, phos, sil = check_plausible(
            dic=dic, ta=ta, temp=temp, sal=sal, pressure=pressure, phos=phos, sil=sil)
    return _solve(dic, ta, temp, sal, pressure, phos, sil, options)


@eqx.filter_jit
def _solve(dic, ta, temp, sal, pressure, phos, sil, options: CarbonateOptions) -> CarbonateState:
    """The unchecked kernel of :func:`solve`."""
    args = [jnp.asarray(a) for a in (dic, ta, temp, sal, pressure, phos, sil)]
    dtype = jnp.promote_types(jnp.result_type(*args), jnp.float32)  # float32 inputs stay float32
    dic, ta, temp, sal, pressure, phos, sil = jnp.broadcast_arrays(*(a.astype(dtype) for a in args))
    totals = seawater_totals(dic * UMOL, sal, phos * UMOL, sil * UMOL, options)
    k = equilibrium_constants(temp, sal, pressure, totals, options)

    def co2_of_dic(dic_mol):
        h = hydrogen_ion(ta * UMOL, totals._replace(dic=dic_mol), k)
        fractions = carbonate_fractions(h, k)
        return dic_mol * fractions[0], (h, fractions)

    # Revelle factor d ln pCO2 / d ln DIC at constant TA (Revelle & Suess 1957), by
    # forward-mode AD through the implicit [H+] root. pCO2 is proportional to CO2* at fixed
    # T, S, P, so d ln pCO2 = d ln CO2*.
    co2, dco2, (h, (_, f_hco3, f_co3)) = jax.jvp(co2_of_dic, (totals.dic,), (jnp.ones_like(dic),),
                                                 has_aux=True)
    revelle = dco2 * totals.dic / co2
    fco2 = co2 / k.k0 / UMOL  # Weiss (1974): [CO2*] = K0 fCO2
    co3 = totals.dic * f_co3
    ca = calcium(sal)
    return CarbonateState(
        ph=-jnp.log10(h), h=h, co2=co2 / UMOL, hco3=totals.dic * f_hco3 / UMOL, co3=co3 / UMOL,
        pco2=fco2 / k.fugacity_factor, fco2=fco2,
        omega_calcite=ca * co3 / k.ksp_calcite, omega_aragonite=ca * co3 / k.ksp_aragonite,
        revelle=revelle, gamma_dic=dic / revelle)
