"""Checked entry points: clear errors naming the offending variable, raised before any compute.

These run on concrete (host) values at the edges of the library: readers, model entry
points and configuration parsing. Jitted kernels never call them; they return NaN where a
result does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


class InputError(ValueError):
    """Bad input to a jaxocean model or reader. The message names the variable."""


def _values(name: str, x) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise InputError(f"{name}: expected numbers, got {type(x).__name__}") from err


def check_finite(name: str, x, *, allow_nan_mask=None) -> np.ndarray:
    """Raise if ``x`` holds NaN or inf (outside ``allow_nan_mask`` where given, e.g. land)."""
    v = _values(name, x)
    bad = ~np.isfinite(v)
    if allow_nan_mask is not None:
        bad &= ~np.broadcast_to(np.asarray(allow_nan_mask, bool), v.shape)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0]) if v.ndim else ()
        raise InputError(f"{name}: {int(bad.sum())} non-finite value(s) (NaN or inf), first at index {idx}")
    return v


def check_range(name: str, x, lo: float | None = None, hi: float | None = None, units: str = "",
                *, ignore_nan: bool = False) -> np.ndarray:
    """Raise if ``x`` is non-finite or falls outside [lo, hi] (in ``units``)."""
    v = _values(name, x)
    finite = np.isfinite(v)
    if not ignore_nan:
        check_finite(name, v)
    vals = v[finite]
    u = f" {units}" if units else ""
    if lo is not None and vals.size and vals.min() < lo:
        raise InputError(f"{name}: minimum {vals.min():.6g}{u} is below the allowed {lo:g}{u}")
    if hi is not None and vals.size and vals.max() > hi:
        raise InputError(f"{name}: maximum {vals.max():.6g}{u} is above the allowed {hi:g}{u}")
    return v


def check_nonnegative(name: str, x, units: str = "", *, ignore_nan: bool = False) -> np.ndarray:
    """Raise if ``x`` has a negative (or non-finite) value: concentrations, fluxes, biomass."""
    return check_range(name, x, lo=0.0, units=units, ignore_nan=ignore_nan)


def check_shape(name: str, x, shape: Sequence[int | None]) -> None:
    """Raise unless ``x`` has ``len(shape)`` axes with the given sizes (None = any size)."""
    got = np.shape(x)
    if len(got) != len(shape) or any(s is not None and s != g for s, g in zip(shape, got)):
        want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
        raise InputError(f"{name}: expected shape {want}, got {got}")


def check_broadcastable(names_values: dict) -> tuple[int, ...]:
    """Raise unless all arrays broadcast together; return the broadcast shape."""
    shapes = {k: np.shape(v) for k, v in names_values.items()}
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError as err:
        listing = ", ".join(f"{k}{s}" for k, s in shapes.items())
        raise InputError(f"inputs do not broadcast together: {listing}") from err


def require_variables(container, names: Iterable[str], what: str = "dataset") -> None:
    """Raise if any of ``names`` is missing from a Dataset / mapping, listing what is there."""
    have = set(getattr(container, "data_vars", container)) | set(getattr(container, "coords", {}))
    missing = [n for n in names if n not in have]
    if missing:
        raise InputError(f"{what}: missing variable(s) {missing}; available: {sorted(have)}")
