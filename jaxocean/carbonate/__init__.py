"""Marine carbonate-system solver: (DIC, TA, T, S, P, nutrients) -> pH, species, pCO2, Omega, Revelle.

Constants as REcoM's mocsy 2.0 call (Lueker et al. 2000 K1/K2, total pH scale), a
SolveSAPHE-style bracketed Newton iteration for [H+] (Munhoven 2013) with implicit
differentiation. See ``solve`` and ``solve_checked``; ``CarbonateOptions.mocsy()`` reproduces
mocsy's own code, ``model_units.solve_model_units`` REcoM's call in model units.
"""

from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.system import CarbonateState, solve
from jaxocean.carbonate.validate import solve_checked, validate_inputs
from jaxocean.core.validate import InputError

__all__ = ["CarbonateOptions", "CarbonateState", "InputError", "solve", "solve_checked", "validate_inputs"]
