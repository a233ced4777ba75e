"""Export-flux profiles: parameter pytrees that answer ``optical_depth(z_a, z_b, env)``.

Each profile is an ``equinox.Module`` of parameters (published defaults as field defaults,
any field may be a traced array) with a source depth ``z0`` (m) and one method returning the
attenuation integral over a depth segment of one layer (see ``attenuation.py``, which owns the
single integration routine). Environment fields (dict, per layer): ``temperature`` (degC) and
``omega_calcite`` (-).

Sinking-and-remineralization profiles share kappa(z) = rate(layer env) / w(z): rate in d-1,
w(z) = w0 + w_slope*z in m d-1 (``transit_time``). The Martin curve has its own exact integral.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.validate import InputError
from jaxocean.export.attenuation import env_field, transit_time
from jaxocean.recom.dissolution import calcite_dissolution_rate
from jaxocean.recom.params import ArrheniusTemperature, DissolutionParams, SinkingParams
from jaxocean.recom.photosynthesis import temperature_arrhenius

_SINKING = SinkingParams()          # REcoM detritus speeds (jaxocean.recom, one source of truth)
_ARRHENIUS = ArrheniusTemperature()  # REcoM Arrhenius slope and reference temperature


def q10_rate(k_ref, q10, temperature, t_ref):
    """k(T) = k_ref * Q10**((T - T_ref)/10): seed 002 Eq. 26."""
    return k_ref * q10 ** ((temperature - t_ref) / 10.0)


class ExponentialQ10(eqx.Module):
    """Exponential flux attenuation with Q10-temperature-dependent remineralization.

    F(z+dz) = F(z) exp(-k_remin(T)/W_sink dz)  (seed 002, Eq. 25, Mariani et al. 2025),
    k_remin = k1 Q10^((T - T1)/10)             (seed 002, Eq. 26), T = layer temperature (degC).

    Defaults: Q10 = 2 (seed 002); W_sink = 787 m d-1 for fish fecal pellets (Saba & Steinberg
    2012, Sci. Rep. 2:716, mean measured sinking rate) and 1150 m d-1 for carcasses (seed 002);
    production above z_eu = 75 m (seed 002). k1 = 0.12 d-1 at T1 = 15 degC: the mean
    carbon-specific respiration rate of sinking aggregates measured at 15 degC by Iversen & Ploug
    (2013, Biogeosciences 10:4073, 0.12 +- 0.03 d-1). The seed's own reference list (its refs
    12 and 75) is not in the seed text, so its exact k1/T1 could not be checked; treat k1 and
    T1 as calibration targets (jaxocean.calibrate).
    """

    k1: float = 0.12        # remineralization rate at T1 [d-1]
    t1: float = 15.0        # reference temperature [degC]
    q10: float = 2.0        # temperature coefficient [-]
    w_sink: float = 787.0   # sinking speed [m d-1]
    z0: float = 75.0        # production depth z_eu [m]

    @classmethod
    def fecal_pellets(cls, **kw) -> "ExponentialQ10":
        """Fish fecal pellets, W_sink = 787 m d-1 (seed 002; Saba & Steinberg 2012)."""
        return cls(w_sink=787.0, **kw)

    @classmethod
    def carcasses(cls, **kw) -> "ExponentialQ10":
        """Fish carcasses, W_sink = 1150 m d-1 (seed 002)."""
        return cls(w_sink=1150.0, **kw)

    def optical_depth(self, z_a, z_b, env):
        k = q10_rate(self.k1, self.q10, env_field(env, "temperature", "ExponentialQ10"), self.t1)
        return k * transit_time(z_a, z_b, self.w_sink, 0.0)


class MartinCurve(eqx.Module):
    """F(z) = F(z0) (z/z0)^-b (Martin et al. 1987, Deep-Sea Res. 34:267; b = 0.858, z0 = 100 m).

    kappa(z) = b/z, so tau(z_a, z_b) = b ln(z_b/z_a) exactly. No environment needed.
    """

    b: float = 0.858        # attenuation exponent [-]
    z0: float = 100.0       # reference depth [m]

    def __check_init__(self):
        """A concrete b < 0 (flux growing with depth) or z0 <= 0 raises; traced values pass."""
        for name, v, ok in (("b", self.b, lambda x: x >= 0), ("z0", self.z0, lambda x: x > 0)):
            concrete = isinstance(v, (int, float, np.ndarray, jax.Array)) and not isinstance(v, jax.core.Tracer)
            if concrete and not np.all(ok(np.asarray(v))):
                raise InputError(f"MartinCurve.{name}: {v} must be {'>= 0' if name == 'b' else '> 0 m'}")

    def optical_depth(self, z_a, z_b, env=None):
        return self.b * jnp.log(z_b / z_a)


class DetritusREcoM(eqx.Module):
    """REcoM detritus: sinking speed w(z) = w0 + w_slope*|z| with first-order remineralization.

    Slow detritus w = 20 + 0.0288 |z| m d-1, fast detritus 200 m d-1 (defaults from
    ``jaxocean.recom.params.SinkingParams``; Seifert et al. 2025 Appendix A). Detritus carbon
    degradation degDetC = 0.165 d-1 at T_ref (a recalled REcoM-2 value, not checked against the
    REcoM code here) times the REcoM Arrhenius factor exp(-Ae (1/T - 1/T_ref)) of Seifert et al.
    2025 Eq. B2, Ae = 4500 K, T_ref = 288.15 K (defaults of
    ``jaxocean.recom.params.ArrheniusTemperature``), via ``jaxocean.recom.temperature_arrhenius``.
    kappa = rate(T)/w(z), integrated exactly. Without ``temperature`` in env: the reference rate.
    """

    remin: float = 0.165                  # detritus C degradation rate at t_ref [d-1]
    w0: float = _SINKING.w_surface        # sinking speed at the surface [m d-1] (20)
    w_slope: float = _SINKING.w_slope     # sinking-speed increase with depth [d-1] (0.0288)
    arrhenius_ae: float = _ARRHENIUS.ae   # Arrhenius slope Ae [K] (4500)
    t_ref: float = _ARRHENIUS.t_ref       # reference temperature [K] (288.15)
    z0: float = 100.0                     # export depth [m]

    @classmethod
    def slow(cls, **kw) -> "DetritusREcoM":
        """Small detritus, 20 + 0.0288 |z| m d-1."""
        return cls(w0=_SINKING.w_surface, w_slope=_SINKING.w_slope, **kw)

    @classmethod
    def fast(cls, **kw) -> "DetritusREcoM":
        """Second (large) detritus class, 200 m d-1 constant."""
        return cls(w0=_SINKING.w_fast, w_slope=0.0, **kw)

    def rate(self, env):
        """Degradation rate [d-1]: the REcoM Arrhenius law (jaxocean.recom), or remin if no T."""
        if env is None or "temperature" not in env:
            return jnp.asarray(self.remin)                 # isothermal: the reference rate
        law = ArrheniusTemperature(ps_max=self.remin, ae=self.arrhenius_ae, t_ref=self.t_ref)
        return temperature_arrhenius(env_field(env, "temperature", "DetritusREcoM"), law, check=False)

    def optical_depth(self, z_a, z_b, env):
        return self.rate(env) * transit_time(z_a, z_b, self.w0, self.w_slope)


class CalciteDissolution(eqx.Module):
    """PIC (calcite) flux attenuation by dissolution below saturation, REcoM formulation.

    Dissolution rate k_diss max(0, 1 - Omega_calcite) d-1 with k_diss = 0.197 d-1 (REcoM
    calcite dissolution term, ``jaxocean.recom.calcite_dissolution_rate``; Seifert et al. 2025),
    particles sinking with the REcoM detritus speed w0 + w_slope*|z| m d-1
    (``jaxocean.recom.params.SinkingParams``). Needs ``omega_calcite`` on layers.
    """

    k_diss: float = DissolutionParams().rate_omega   # dissolution rate constant [d-1] (0.197)
    w0: float = _SINKING.w_surface                   # sinking speed at the surface [m d-1]
    w_slope: float = _SINKING.w_slope                # sinking-speed increase with depth [d-1]
    z0: float = 100.0                                # export depth [m]

    def optical_depth(self, z_a, z_b, env):
        omega = env_field(env, "omega_calcite", "CalciteDissolution")
        rate = calcite_dissolution_rate(omega, DissolutionParams(rate_omega=self.k_diss), check=False)
        return rate * transit_time(z_a, z_b, self.w0, self.w_slope)
