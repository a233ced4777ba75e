"""Observations, priors and the calibration problem (forward model + data + misfit).

Misfit (negative log-likelihood up to a constant), for normalised residuals ``r``:

* Gaussian in flux space:   r = (model - obs) / sigma
* log-normal in flux space: r = (ln model - ln obs) / sigma_ln,  sigma_ln = sqrt(ln(1 + (sigma/obs)^2))
  when a relative error is given (the log-normal with that coefficient of variation).

``loss = 0.5 sum r^2 + 0.5 sum ((theta - prior_mean) / prior_sd)^2`` with Gaussian priors on
chosen physical parameters (Tarantola 2005, Eq. 3.46 for the Gaussian case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import equinox as eqx
import jax.numpy as jnp
import numpy as np

from jaxocean.calibrate.params import FreeParameters, get_field
from jaxocean.core.validate import InputError, check_finite, check_range
from jaxocean.io.labelled import plain


class Observations(eqx.Module):
    """Observed values with 1-sigma uncertainties; with ``log_space`` sigma is in ln units."""

    values: Any
    sigma: Any
    log_space: bool = eqx.field(static=True, default=False)  # True: log-normal misfit

    @classmethod
    def gaussian(cls, values, sigma, name: str = "observations") -> "Observations":
        values = check_finite(name, plain(values))
        sigma = np.broadcast_to(check_range(f"{name} sigma", sigma, lo=0.0), values.shape)
        if np.any(sigma == 0):
            raise InputError(f"{name} sigma: uncertainties must be > 0")
        return cls(jnp.asarray(values), jnp.asarray(sigma, float), False)

    @classmethod
    def lognormal(cls, values, sigma_ln=None, *, rel_error=None, name: str = "observations"
                   ) -> "Observations":
        """Log-normal errors from ``sigma_ln`` (ln units) or from a relative error sigma/obs."""
        values = check_finite(name, plain(values))
        if np.any(values <= 0):
            raise InputError(f"{name}: log-normal misfit needs values > 0; "
                             f"{int(np.sum(values <= 0))} are <= 0")
        if (sigma_ln is None) == (rel_error is None):
            raise InputError(f"{name}: give exactly one of sigma_ln or rel_error")
        if rel_error is not None:
            rel = check_range(f"{name} rel_error", rel_error, lo=0.0)
            sigma_ln = np.sqrt(np.log1p(rel ** 2))
        sigma_ln = np.broadcast_to(check_range(f"{name} sigma_ln", sigma_ln, lo=0.0), values.shape)
        if np.any(sigma_ln == 0):
            raise InputError(f"{name} sigma: uncertainties must be > 0")
        return cls(jnp.asarray(values), jnp.asarray(sigma_ln, float), True)

    @property
    def n(self) -> int:
        return int(np.size(self.values))

    def residuals(self, predicted):
        """Normalised residuals ``r`` (dimensionless), the same shape as ``values``."""
        if self.log_space:
            return (jnp.log(predicted) - jnp.log(self.values)) / self.sigma
        return (predicted - self.values) / self.sigma


class Prior(eqx.Module):
    """Independent Gaussian priors on physical values of some free parameters."""

    mean: Any
    sd: Any
    names: tuple[str, ...] = eqx.field(static=True)

    @classmethod
    def gaussian(cls, **mean_sd) -> "Prior":
        """``Prior.gaussian(q10=(2.0, 0.5), b=(0.86, 0.2))``."""
        names = tuple(mean_sd)
        mean = np.array([mean_sd[n][0] for n in names], float)
        sd = check_range("prior sd", [mean_sd[n][1] for n in names], lo=0.0)
        if np.any(sd == 0):
            raise InputError("prior sd: must be > 0")
        return cls(jnp.asarray(mean), jnp.asarray(sd), names)


class Problem(eqx.Module):
    """A calibration problem: ``forward(params, data) -> predictions`` matched to ``obs``.

    ``forward`` must be a pure, differentiable function of the full parameter Module; only
    ``free`` fields vary. Every field is a pytree, so a Problem jits and vmaps (e.g. over
    replicate observation sets).
    """

    forward: Callable = eqx.field(static=True)
    data: Any = eqx.field(converter=plain)         # xarray inputs become arrays (jit-able)
    free: FreeParameters
    obs: Observations
    prior: Prior | None = None

    def __check_init__(self):
        if self.prior is not None:
            missing = [n for n in self.prior.names if n not in self.free.names]
            if missing:
                raise InputError(f"prior given for parameters that are not free: {missing}")
            shaped = [n for n in self.prior.names if self.free.shapes[self.free.names.index(n)] != ()]
            if shaped:
                raise InputError(f"priors apply to scalar parameters only; {shaped} are arrays")

    def predict(self, u):
        return self.forward(self.free.to_params(u), self.data)

    def misfit(self, u):
        """Data term ``0.5 sum r^2``; the forward model must give one value per observation
        (shapes are static, so this holds under jit too: no silent broadcasting)."""
        predicted = self.predict(u)
        if jnp.shape(predicted) != jnp.shape(self.obs.values):
            raise InputError(f"forward: predicted shape {jnp.shape(predicted)} does not match the "
                             f"observations' shape {jnp.shape(self.obs.values)}")
        r = self.obs.residuals(predicted)
        return 0.5 * jnp.sum(r ** 2)

    def prior_term(self, u):
        if self.prior is None:
            return jnp.zeros(())
        params = self.free.to_params(u)
        theta = jnp.stack([jnp.asarray(get_field(params, n), float) for n in self.prior.names])
        return 0.5 * jnp.sum(((theta - self.prior.mean) / self.prior.sd) ** 2)

    def loss(self, u):
        return self.misfit(u) + self.prior_term(u)
