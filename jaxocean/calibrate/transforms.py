"""Parameter transforms: unconstrained optimiser space <-> physical parameter space.

The optimiser, the restarts and the Laplace approximation all work on an unconstrained
vector ``u``; each free parameter has a transform ``theta = forward(u)`` that enforces its
physical constraint (positivity, box bounds). Transforms act elementwise, so their
Jacobian is diagonal and ``derivative`` gives it for the delta method.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp


class Identity(eqx.Module):
    """No constraint: ``theta = u``."""

    def forward(self, u):
        return u

    def inverse(self, theta):
        return jnp.asarray(theta, float)


class Log(eqx.Module):
    """Positivity through ``theta = exp(u)``; relative steps, good for rates spanning decades."""

    def forward(self, u):
        return jnp.exp(u)

    def inverse(self, theta):
        return jnp.log(jnp.asarray(theta, float))


class Softplus(eqx.Module):
    """Positivity through ``theta = log(1 + exp(u))``; nearly linear for large values."""

    def forward(self, u):
        return jax.nn.softplus(u)

    def inverse(self, theta):
        theta = jnp.asarray(theta, float)
        return theta + jnp.log(-jnp.expm1(-theta))  # exact inverse of softplus, stable for large theta


class Bounded(eqx.Module):
    """Box bounds ``lo < theta < hi`` through a logistic map ``theta = lo + (hi - lo) sigmoid(u)``."""

    lo: float
    hi: float

    def forward(self, u):
        return self.lo + (self.hi - self.lo) * jax.nn.sigmoid(u)

    def inverse(self, theta):
        p = (jnp.asarray(theta, float) - self.lo) / (self.hi - self.lo)
        return jnp.log(p) - jnp.log1p(-p)


Transform = Identity | Log | Softplus | Bounded


def derivative(transform: Transform, u):
    """Elementwise ``d theta / d u`` at ``u`` (the diagonal of the transform's Jacobian)."""
    u = jnp.asarray(u, float)
    return jax.vmap(jax.grad(lambda x: transform.forward(x)))(u.ravel()).reshape(u.shape)


def by_name(name: str, lo: float | None = None, hi: float | None = None) -> Transform:
    """Build a transform from a short name: "identity", "log", "softplus" or "bounded"."""
    table = {"identity": Identity, "log": Log, "softplus": Softplus}
    if name == "bounded":
        if lo is None or hi is None or not hi > lo:
            raise ValueError(f"bounded transform needs lo < hi, got lo={lo}, hi={hi}")
        return Bounded(float(lo), float(hi))
    if name not in table:
        raise ValueError(f"unknown transform {name!r}; choose from {sorted(table) + ['bounded']}")
    return table[name]()
