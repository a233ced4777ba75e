"""Marine carbonate-system solver: (DIC, TA, T, S, P, nutrients) -> pH, species, pCO2, Omega, Revelle.

Constants as REcoM's mocsy 2.0 call (Lueker et al. 2000 K1/K2, total pH scale), a
SolveSAPHE-style bracketed Newton iteration for [H+] (Munhoven 2013) with implicit
differentiation. See ``solve`` and ``solve_checked`` (NumPy, JAX or xarray DataArrays with
``units``: converted, and the result returned as a labelled Dataset), and ``solve_mocsy``
(mol m-3 or umol kg-1, potential or in-situ temperature, depth or pressure).
``CarbonateOptions.mocsy()`` reproduces mocsy's own code, ``model_units.solve_model_units``
REcoM's call in model units.
"""

from jaxocean.carbonate import system, validate
from jaxocean.carbonate.mocsy import solve_mocsy
from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.system import CarbonateState
from jaxocean.carbonate.validate import validate_inputs
from jaxocean.core.validate import InputError
from jaxocean.io.labelled import labelled

# the package's public entry points also take xarray DataArrays with units (jaxocean.io.labelled)
solve = labelled(system.INPUT_UNITS, system.OUTPUT_ATTRS)(system.solve)
solve_checked = labelled(system.INPUT_UNITS, system.OUTPUT_ATTRS)(validate.solve_checked)

__all__ = ["CarbonateOptions", "CarbonateState", "InputError", "solve", "solve_checked", "solve_mocsy",
           "validate_inputs"]
