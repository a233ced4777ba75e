"""Choose free parameters by name from a parameter Module; hold the rest fixed.

``FreeParameters.select(template, free=("q10", "w_sink"))`` maps between a flat
unconstrained vector ``u`` (what the optimiser, the restarts and the Hessian see) and full
parameter Modules (what the forward model sees). Names may be dotted to reach nested
Modules ("poc.k1"); a named field may be a scalar or an array (each element is free).
"""

from __future__ import annotations

import math
from typing import Any

import equinox as eqx
import jax.numpy as jnp
import numpy as np

from jaxocean.calibrate.transforms import Identity, Log, Transform, by_name, derivative
from jaxocean.core.validate import InputError


def get_field(obj, name: str):
    """The (possibly nested, dotted) field ``name`` of a parameter Module."""
    for part in name.split("."):
        if not hasattr(obj, part):
            fields = sorted(k for k in getattr(obj, "__dataclass_fields__", {}))
            raise InputError(f"free parameter {name!r}: {type(obj).__name__} has no field {part!r}; "
                             f"fields: {fields}")
        obj = getattr(obj, part)
    return obj


class FreeParameters(eqx.Module):
    """The free subset of a parameter Module and the transform of each free field."""

    template: Any                       # the full parameter Module; fixed fields keep these values
    transforms: tuple[Transform, ...]   # one per free name
    names: tuple[str, ...] = eqx.field(static=True)
    shapes: tuple[tuple[int, ...], ...] = eqx.field(static=True)

    @classmethod
    def select(cls, template, free, transforms: dict | None = None) -> "FreeParameters":
        """Free the fields ``free`` of ``template``.

        ``transforms`` maps a name to a Transform or to "log" / "softplus" / "identity" /
        ("bounded", lo, hi). Unlisted names get ``Log`` when their template value is
        positive (rates, speeds, Q10, Martin b), else ``Identity``.
        """
        free = (free,) if isinstance(free, str) else tuple(free)
        if not free:
            raise InputError("free: choose at least one parameter name")
        if len(set(free)) != len(free):
            raise InputError(f"free: duplicated names in {free}")
        transforms = dict(transforms or {})
        unknown = set(transforms) - set(free)
        if unknown:
            raise InputError(f"transforms given for parameters that are not free: {sorted(unknown)}")
        shapes, chosen = [], []
        for name in free:
            value = np.asarray(get_field(template, name), dtype=float)
            if not np.all(np.isfinite(value)):
                raise InputError(f"free parameter {name!r}: template value is not finite")
            shapes.append(value.shape)
            t = transforms.get(name)
            if t is None:
                t = Log() if np.all(value > 0) else Identity()
            elif isinstance(t, str):
                t = by_name(t)
            elif isinstance(t, tuple):
                t = by_name(*t)
            chosen.append(t)
        return cls(template, tuple(chosen), free, tuple(shapes))

    @property
    def size(self) -> int:
        return sum(math.prod(s) for s in self.shapes)

    @property
    def labels(self) -> list[str]:
        """One label per element of ``u``: "name" or "name[i,j]" for array fields."""
        out = []
        for name, shape in zip(self.names, self.shapes):
            if shape == ():
                out.append(name)
            else:
                out += [f"{name}[{','.join(map(str, idx))}]" for idx in np.ndindex(*shape)]
        return out

    def _split(self, vec):
        parts, i = [], 0
        for shape in self.shapes:
            n = math.prod(shape)
            parts.append(vec[i:i + n].reshape(shape))
            i += n
        return parts

    def physical(self, u):
        """Flat physical values ``theta`` from the unconstrained vector ``u``."""
        return jnp.concatenate([t.forward(p).ravel() for t, p in zip(self.transforms, self._split(u))])

    def jacobian_diag(self, u):
        """``d theta / d u`` elementwise (the transforms act elementwise)."""
        return jnp.concatenate([derivative(t, p).ravel() for t, p in zip(self.transforms, self._split(u))])

    def unconstrained(self, theta):
        """Inverse of ``physical``: ``u`` from flat physical values."""
        theta = jnp.asarray(theta, float)
        return jnp.concatenate([t.inverse(p).ravel() for t, p in zip(self.transforms, self._split(theta))])

    def to_params(self, u):
        """The full parameter Module with the free fields set from ``u``."""
        values = [t.forward(p) for t, p in zip(self.transforms, self._split(u))]
        return eqx.tree_at(lambda m: [get_field(m, n) for n in self.names], self.template, values,
                           is_leaf=lambda x: x is None)

    def initial(self, params=None):
        """``u`` at the free values of ``params`` (default: the template)."""
        params = self.template if params is None else params
        theta = jnp.concatenate([jnp.ravel(jnp.asarray(get_field(params, n), float)) for n in self.names])
        return self.unconstrained(theta)
