"""The one generic integrator that turns a profile's attenuation into fluxes.

Every export profile (``jaxocean.export.profiles``) answers a single question: its
*optical depth* over a depth segment inside one layer,

    tau(z_a, z_b) = integral_{z_a}^{z_b} kappa(z) dz      (kappa: attenuation per metre, m-1),

evaluated with that layer's environment (temperature, Omega_calcite, ...). Fluxes follow by
F(z) = F(z0) * exp(-sum of tau from the profile's source depth z0 down to z): Eq. 25 of seed 002
(Mariani et al. 2025) applied layer by layer. Above z0 nothing is attenuated (the flux is the
production, e.g. fecal pellets produced above z_eu = 75 m).

Grid convention: ``z_interfaces`` is a 1-D array of nz+1 layer interfaces (m, positive down,
increasing, first one usually 0); fluxes are on interfaces, shape (..., nz+1); environment
fields are on layers, shape (..., nz) (or scalars / anything broadcastable).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.validate import (InputError, check_plausible, input_errors, outside, raise_if,
                                    raise_implausible_in_rows)

ENV_BOUNDS = {"temperature": "temp", "omega_calcite": "omega"}   # env field -> PLAUSIBLE entry


def env_field(env, name: str, who: str):
    """``env[name]``, or a clear error naming the missing environment field and who needs it."""
    if env is None or name not in env:
        have = [] if env is None else sorted(env)
        raise InputError(f"{who} needs environment field '{name}' (on layers); got {have}")
    return jnp.asarray(env[name])


def transit_time(z_a, z_b, w0, w_slope):
    """Time (d) a particle sinking at w(z) = w0 + w_slope*z (m d-1) needs from z_a to z_b (m).

    integral dz / w(z) = ln(w(z_b)/w(z_a)) / w_slope, and (z_b - z_a)/w0 for w_slope = 0
    (written without a branch so that w_slope may be traced and differentiated).
    """
    dz = z_b - z_a
    wa = w0 + w_slope * z_a
    x = w_slope * dz / wa                      # relative speed increase over the segment
    small = jnp.abs(x) < 1e-6
    safe_x = jnp.where(small, 1.0, x)
    ratio = jnp.where(small, 1.0 - x / 2.0 + x * x / 3.0, jnp.log1p(safe_x) / safe_x)
    return dz / wa * ratio                     # = ln(1+x)/x * dz/w(z_a)


def _segments(z_interfaces, z0):
    """Layer segments [a, b] clipped to below the source depth z0 (zero length above it)."""
    z = jnp.asarray(z_interfaces)
    return jnp.maximum(z[:-1], z0), jnp.maximum(z[1:], z0)


def checked_inputs(z_interfaces, env, *, defer: bool = False):
    """The checks of :func:`flux_profile` / :func:`flux_at`, also under jit: the grid is 1-D,
    >= 0 and strictly increasing (``check_grid`` when concrete, else a traced test), every
    environment field has the grid's ``nz`` layers on its last axis (or one), and temperature
    [degC] and Omega_calcite lie in ``core.validate.PLAUSIBLE``. Returns the checked env and,
    with ``defer``, the TRACED bounded fields left for the caller ({PLAUSIBLE name: field}: see
    :func:`flux_profile`) instead of checked here."""
    if isinstance(z_interfaces, jax.core.Tracer):
        z = jnp.asarray(z_interfaces)
        raise_if(jnp.any(jnp.diff(z) <= 0) | (z[0] < 0), "z_interfaces: interfaces must be >= 0 m "
                 "and strictly increasing downward (first one {} m)", z[0])
    else:
        check_grid(z_interfaces)
    nz = jnp.shape(z_interfaces)[0] - 1
    out, deferred = (None if env is None else dict(env)), {}
    for name, v in (env or {}).items():
        if jnp.ndim(v) and jnp.shape(v)[-1] not in (1, nz):
            raise InputError(f"env['{name}']: last axis must be the {nz} layers, got shape {jnp.shape(v)}")
        if name in ENV_BOUNDS:
            if defer and isinstance(v, jax.core.Tracer):
                deferred[ENV_BOUNDS[name]] = v
            else:
                (out[name],) = check_plausible(**{ENV_BOUNDS[name]: v})
    return (out, deferred) if defer else out


@input_errors
def flux_profile(profile, flux_top, z_interfaces, env=None, *, check: bool = True):
    """Flux on every interface, shape (..., nz+1), for a flux ``flux_top`` (...) at ``profile.z0``.

    Any flux unit works (it is carried through); mg C m-2 d-1 in the BOATS chain.
    ``check`` (default): :func:`checked_inputs` (a decreasing depth axis, a temperature in K or
    an environment on the wrong layers raise, also under jit); ``False`` in checked loops.
    Under the caller's jit the plausibility test rides in the profile's own pass: an implausible
    layer's optical depth becomes -inf, so is its column's total, and the first such column goes
    to the host, which raises (``core.validate.raise_implausible_in_rows``). A column that also
    holds a NaN is NaN (documented NaN) and is not reported.
    """
    deferred = {}
    if check:
        env, deferred = checked_inputs(z_interfaces, env, defer=True)
    a, b = _segments(z_interfaces, profile.z0)
    tau = profile.optical_depth(a, b, env)                          # (..., nz)
    riding = {}
    for name, v in deferred.items():
        if jnp.broadcast_shapes(jnp.shape(v), jnp.shape(tau)) == jnp.shape(tau):
            tau, riding[name] = jnp.where(outside(name, v), -jnp.inf, tau), v
        else:       # a field wider than the profile: marked in a pass of its own
            raise_implausible_in_rows(jnp.where(outside(name, v), -jnp.inf, 0.0).sum(axis=-1),
                                      jnp.shape(v), **{name: v})
    cum = jnp.cumsum(tau, axis=-1)
    if riding:
        raise_implausible_in_rows(cum[..., -1], jnp.shape(tau), **riding)
    cum = jnp.concatenate([jnp.zeros_like(cum[..., :1]), cum], axis=-1)
    return jnp.asarray(flux_top)[..., None] * jnp.exp(-cum)


def _gather_layers(env, idx):
    """Environment on the layers holding each query depth (scalars pass through)."""
    if env is None:
        return None
    return {k: (v if jnp.ndim(v) == 0 else jnp.take(jnp.asarray(v), idx, axis=-1)) for k, v in env.items()}


@input_errors
def flux_at(profile, flux_top, z_query, z_interfaces, env=None, *, check: bool = True):
    """Flux at arbitrary depths ``z_query`` (nq,) -> (..., nq); e.g. sediment-trap depths.

    Exact inside a layer (the partial segment uses the same optical depth), differentiable in
    the profile's parameters, the flux and the query depths. Depths below the last interface
    use the last layer's environment; depths above z0 return ``flux_top``. ``check``: as
    :func:`flux_profile`, and ``z_query`` [m, positive down] in ``PLAUSIBLE["depth"]`` (a
    depth given as a negative elevation raises).
    """
    if check:
        env = checked_inputs(z_interfaces, env)
        (z_query,) = check_plausible(depth=z_query)
    z = jnp.asarray(z_interfaces)
    zq = jnp.asarray(z_query)
    a, b = _segments(z, profile.z0)
    tau = profile.optical_depth(a, b, env)
    cum = jnp.concatenate([jnp.zeros_like(tau[..., :1]), jnp.cumsum(tau, axis=-1)], axis=-1)
    idx = jnp.clip(jnp.searchsorted(z, zq, side="right") - 1, 0, z.shape[0] - 2)
    part = profile.optical_depth(jnp.maximum(z[idx], profile.z0), jnp.maximum(zq, profile.z0),
                                 _gather_layers(env, idx))
    return jnp.asarray(flux_top)[..., None] * jnp.exp(-(jnp.take(cum, idx, axis=-1) + part))


@input_errors
def injection(flux, n_wet):
    """Remineralized carbon per layer, Eq. 27 of seed 002: C_inj(k) = F(k) - F(k+1).

    ``flux`` (..., nz+1) from ``flux_profile``; ``n_wet`` (...) integer number of wet layers of
    each column. Whatever reaches the sea floor is remineralized in the last wet layer (no
    burial, seed 002), so sum_k C_inj(k) = F(0) exactly (telescoping) and layers below the floor
    get 0. Units: those of the flux (per m2 of column); divide by layer thickness for per m3.
    ``n_wet`` outside 0..nz raises ``InputError`` (also under jit).
    """
    flux = jnp.asarray(flux)
    nz = flux.shape[-1] - 1
    n_wet = jnp.asarray(n_wet)
    raise_if((n_wet < 0) | (n_wet > nz), "n_wet (wet layers per column): {} is outside 0.." + str(nz), n_wet)
    k = jnp.arange(nz)
    n = n_wet[..., None]
    drop = flux[..., :-1] - flux[..., 1:]
    last = k == n - 1
    return jnp.where(k < n - 1, drop, jnp.where(last, flux[..., :-1], 0.0))


def bottom_index_from_mask(wet):
    """Number of wet layers per column from a wet mask (..., nz) (wet layers contiguous from 0)."""
    wet = jnp.asarray(wet, bool)
    return jnp.sum(jnp.cumprod(wet, axis=-1), axis=-1)


def check_grid(z_interfaces) -> None:
    """Checked entry point for a layer grid: 1-D, finite, strictly increasing, >= 0."""
    z = np.asarray(z_interfaces, dtype=float)
    if z.ndim != 1 or z.size < 2:
        raise InputError(f"z_interfaces: expected a 1-D array of nz+1 >= 2 interfaces, got shape {z.shape}")
    if not np.all(np.isfinite(z)) or np.any(np.diff(z) <= 0) or z[0] < 0:
        raise InputError("z_interfaces: interfaces must be finite, >= 0 m and strictly increasing downward")


def export_injection(profile, flux_top, z_interfaces, env=None, n_wet=None):
    """Checked entry point: validate inputs, then flux profile -> per-layer injection (Eq. 25-27).

    ``flux_top`` (...) >= 0 (e.g. mg C m-2 d-1 per ocean cell), ``n_wet`` (...) wet layers per
    column (default: all, else integers 0..nz; 0 only where ``flux_top`` is 0, or the carbon
    would vanish). ``env['temperature']`` [degC] must be finite
    and plausible (``core.validate.PLAUSIBLE``: a temperature in K raises). Returns
    (flux on interfaces (..., nz+1), injection (..., nz)).
    """
    from jaxocean.core.validate import check_finite, check_nonnegative, check_range

    check_grid(z_interfaces)
    check_nonnegative("flux_top", flux_top)
    nz = len(z_interfaces) - 1
    checked_inputs(z_interfaces, env)
    if env is not None and "temperature" in env:
        check_finite("env['temperature'] (degC)", env["temperature"])
    if n_wet is not None:
        check_range("n_wet (wet layers per column)", n_wet, 0, nz)
        nw = np.broadcast_to(np.asarray(n_wet), np.shape(flux_top))
        if np.any(nw != np.round(nw)):
            raise InputError("n_wet (wet layers per column): expected whole numbers")
        dry = (nw == 0) & (np.asarray(flux_top) > 0)
        if dry.any():
            raise InputError(f"n_wet: 0 wet layers under a positive flux_top at index "
                             f"{tuple(int(i) for i in np.argwhere(dry)[0])}; that carbon would vanish")
    n = jnp.full(jnp.shape(flux_top), nz) if n_wet is None else jnp.asarray(n_wet)
    flux = flux_profile(profile, flux_top, z_interfaces, env, check=False)
    return flux, injection(flux, n)
