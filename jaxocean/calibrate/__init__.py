"""Gradient-based calibration of jaxocean models.

Data flow: a parameter Module -> ``FreeParameters.select(module, free=(...))`` (which
fields vary, with positivity / bound transforms) -> ``Problem(forward, data, free, obs,
prior)`` (pure forward model, Gaussian or log-normal misfit, optional Gaussian priors) ->
``fit`` (one jitted ``lax.while_loop``: L-BFGS or Adam, early stopping, history) or
``fit_restarts`` (vmapped over random initial guesses) -> ``laplace`` (Hessian at the
optimum: standard errors, correlations, identifiability) -> ``results.summarize`` /
``results.write`` (JSON + netCDF) and ``plots``.

Model adapters live in ``jaxocean.calibrate.models``: ``traps`` (export profiles vs
sediment-trap fluxes), ``co2_factor`` (REcoM CO2 response vs rate observations with the
carbonate solver inside the loss) and ``boats`` (BOATS parameters vs catch targets).
"""

from jaxocean.calibrate.fit import FitResult, Restarts, fit, fit_restarts
from jaxocean.calibrate.laplace import Laplace, identifiability, laplace
from jaxocean.calibrate.loss import Observations, Prior, Problem
from jaxocean.calibrate.params import FreeParameters
from jaxocean.calibrate.transforms import Bounded, Identity, Log, Softplus

__all__ = ["Bounded", "FitResult", "FreeParameters", "Identity", "Laplace", "Log", "Observations",
           "Prior", "Problem", "Restarts", "Softplus", "fit", "fit_restarts", "identifiability",
           "laplace"]
