"""REcoM phytoplankton terms with carbonate-system effects (Seifert et al. 2025, BG 22, 5897).

Pure, jit/vmap/grad-able functions of (inputs, params); parameters are equinox modules in
``jaxocean.recom.params`` with the published defaults and named sets as classmethods.
Modules: ``co2_factor`` (Eq. 3), ``photosynthesis`` (Eqs. 1, B1-B5), ``calcification``
(Eqs. 2, C1-C2), ``dissolution`` (calcite dissolution rates), ``sinking`` (detritus sinking
speeds), ``oae`` (Eqs. 4-5).
"""

from jaxocean.recom.calcification import (calcification_nutrient_limitation, calcification_rate,
                                          calcification_rate_control,
                                          calcification_temperature_limitation)
from jaxocean.io.labelled import labelled
from jaxocean.recom import co2_factor as _co2
from jaxocean.recom.co2_factor import co2_factor_from_state, co2_factor_unclipped
from jaxocean.recom.dissolution import calcite_dissolution_rate, calcite_dissolution_rate_depth
from jaxocean.recom.oae import biological_pco2_drawdown, oae_efficiency
from jaxocean.recom.params import (CO2_FACTOR_SETS, TINY, ArrheniusTemperature, CalcificationParams,
                                   CO2FactorParams, CoccoTemperature, DissolutionParams,
                                   NutrientLimitationParams, PhytoplanktonParams, SinkingParams,
                                   stack_params)
from jaxocean.recom.photosynthesis import (gross_photosynthesis, iron_limitation, light_limitation,
                                           nutrient_limitation, quota_limitation,
                                           temperature_arrhenius, temperature_cocco,
                                           temperature_dependence)
from jaxocean.recom.sinking import detritus_sinking_speed, fast_detritus_sinking_speed

# xarray edge: DataArrays with units in, a labelled DataArray out (jaxocean.io.labelled)
_CO2_INPUTS = {"hco3": "umol kg-1", "co2": "umol kg-1", "h": "mol kg-1"}
_CO2_OUTPUT = ("co2_factor", "1", "CO2 factor of photosynthesis and calcification (Seifert et al. 2025 Eq. 3)")
co2_factor = labelled(_CO2_INPUTS, _CO2_OUTPUT)(_co2.co2_factor)
co2_factor_checked = labelled(_CO2_INPUTS, _CO2_OUTPUT)(_co2.co2_factor_checked)

__all__ = [
    "CO2_FACTOR_SETS", "TINY", "ArrheniusTemperature", "CalcificationParams", "CO2FactorParams",
    "CoccoTemperature", "DissolutionParams", "NutrientLimitationParams", "PhytoplanktonParams",
    "SinkingParams", "stack_params",
    "co2_factor", "co2_factor_checked", "co2_factor_from_state", "co2_factor_unclipped",
    "temperature_arrhenius", "temperature_cocco", "temperature_dependence", "quota_limitation",
    "iron_limitation", "nutrient_limitation", "light_limitation", "gross_photosynthesis",
    "calcification_temperature_limitation", "calcification_nutrient_limitation",
    "calcification_rate", "calcification_rate_control",
    "calcite_dissolution_rate", "calcite_dissolution_rate_depth",
    "detritus_sinking_speed", "fast_detritus_sinking_speed",
    "oae_efficiency", "biological_pco2_drawdown",
]
