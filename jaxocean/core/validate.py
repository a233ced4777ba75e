"""Checked entry points: clear errors naming the offending variable, value, index and unit.

Two kinds of check:

* host checks (``check_*``) on concrete values at the edges: readers, configuration parsing;
* in-graph plausibility checks (:func:`check_plausible`) that public model entry points run by
  default, also when jitted, vmapped or differentiated: the physical bounds of
  :data:`PLAUSIBLE` (ONE table, per variable and unit) are tested inside the computation and
  a violation raises :class:`InputError` through a host callback that fires only when a value
  is out of range. Entry points take ``check=False`` for inner loops whose inputs were
  checked once. NaN passes the bounds (it is the documented "no value" that models propagate).
"""

from __future__ import annotations

import functools
import logging
import zipfile
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import scipy.io as scipy_io


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


def check_last_axis(name: str, x, n: int, what: str) -> None:
    """Raise unless the last axis of ``x`` has ``n`` entries (``what``: the phrase naming
    them, e.g. "the operator's 212 wet boxes"). A static shape check, so it also holds under
    jit, where JAX would clamp an out-of-range gather silently."""
    got = np.shape(x)
    if got[-1:] != (n,):
        raise InputError(f"{name}: last axis must be {what}, got shape {got}")


def check_broadcastable(names_values: dict) -> tuple[int, ...]:
    """Raise unless all arrays broadcast together; return the broadcast shape."""
    shapes = {k: np.shape(v) for k, v in names_values.items()}
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError as err:
        listing = ", ".join(f"{k}{s}" for k, s in shapes.items())
        raise InputError(f"inputs do not broadcast together: {listing}") from err


def file_errors(what: str):
    """Decorator for readers whose first argument is a file path: a missing file, a truncated
    or corrupt one, or one without the expected variables / columns raises :class:`InputError`
    naming ``what``, the file and (for a missing key) the variable, instead of a raw
    xarray / pandas / scipy / h5py error (the original stays chained as ``__cause__``)."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(path, *args, **kwargs):
            try:
                return fn(path, *args, **kwargs)
            except InputError:
                raise
            except FileNotFoundError:
                raise InputError(f"{what}: {path} does not exist") from None
            except KeyError as err:
                raise InputError(f"{what} {path}: missing variable or column {err}; is it the "
                                 "expected file?") from err
            except (OSError, ValueError, IndexError, EOFError,
                    RuntimeError, zipfile.BadZipFile, scipy_io.matlab.MatReadError) as err:
                raise InputError(f"{what} {path}: cannot be read ({type(err).__name__}: "
                                 f"{str(err).splitlines()[0] if str(err) else ''}); is the file "
                                 "complete and in the expected format?") from err
        return wrapper
    return deco


def check_last_row(path, sep: str = ",", *, window: int = 50) -> None:
    """Raise :class:`InputError` if the last non-empty line of the text table ``path`` has
    fewer ``sep``-separated fields than the widest of the ``window`` lines before it: the mark
    of a file cut short (pandas would keep the row with its missing fields as NaN). A file cut
    inside its last field, or exactly at a line end, cannot be told from a shorter file."""
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 200_000))
        lines = [ln for ln in f.read().decode("latin-1").splitlines() if ln.strip()]
    if len(lines) < 3:          # the header alone: the reader reports the empty table
        return
    sep_count = [ln.count(sep) for ln in lines[-window - 1:]]
    if sep_count[-1] < max(sep_count[:-1]):
        raise InputError(f"{path}: the last line has {sep_count[-1] + 1} of {max(sep_count[:-1]) + 1} "
                         f"fields ({lines[-1][:60]!r}); is the file complete (truncated download?)")


def require_variables(container, names: Iterable[str], what: str = "dataset") -> None:
    """Raise if any of ``names`` is missing from a Dataset / mapping, listing what is there."""
    have = set(getattr(container, "data_vars", container)) | set(getattr(container, "coords", {}))
    missing = [n for n in names if n not in have]
    if missing:
        raise InputError(f"{what}: missing variable(s) {missing}; available: {sorted(have)}")


class Bound(NamedTuple):
    lo: float | None     # smallest plausible value (None: unbounded)
    hi: float | None     # largest plausible value
    units: str           # the unit the library expects
    hint: str = ""       # the likely mistake when the bound is violated


KELVIN = "temperature in Kelvin? subtract 273.15"
MOL_PER_KG = "mol/kg instead of umol/kg? multiply by 1e6"
PLAUSIBLE = {  # variable -> physical plausibility bounds in the library's units
    "temp": Bound(-2.5, 40.0, "degC", KELVIN),                        # seawater, surface to abyss
    "upper-ocean temp": Bound(-5.0, 40.0, "degC", KELVIN),            # BOATS 0-75 m model forcing
    "sal": Bound(0.0, 50.0, "(practical salinity)", "salinity in g/kg or per mil x 1000?"),
    "pressure": Bound(0.0, 11000.0, "dbar", "did you pass Pa? 1 dbar = 1e4 Pa"),
    # DIC, TA: 50 (not 300) keeps the low-alkalinity lab chemistry of the CO2-factor fits
    # (calibrate.models.co2_factor, TA from 100) while still catching mol/kg (~0.002)
    "dic": Bound(50.0, 5000.0, "umol/kg", MOL_PER_KG),
    "ta": Bound(50.0, 5000.0, "umol/kg", MOL_PER_KG),
    "phos": Bound(0.0, 100.0, "umol/kg", "mmol/m3 x 1000?"),
    "sil": Bound(0.0, 1000.0, "umol/kg", "mmol/m3 x 1000?"),
    # HCO3 below 1 umol/kg needs pH < ~4.5 at the lowest DIC allowed (50): mol/kg is ~0.002
    "hco3": Bound(1.0, 5000.0, "umol/kg", MOL_PER_KG),
    "co2": Bound(0.0, 1000.0, "umol/kg"),
    "h": Bound(1e-12, 1e-3, "mol/kg", "pH given instead of [H+]? [H+] = 10**-pH"),   # pH 3..12
    "par": Bound(0.0, 2500.0, "W m-2", "PAR in umol photons m-2 s-1? divide by ~4.57"),
    "npp": Bound(0.0, 0.02, "mmolC m-2 s-1",            # 0.02 = 20.7 g C m-2 d-1
                 "check the NPP units attribute (mg or g C, per day?)"),
    "patm": Bound(0.5, 1.5, "atm", "did you pass Pa or hPa? 1 atm = 101325 Pa"),
    "lat": Bound(-90.0, 90.0, "degrees_north", "lat and lon swapped?"),
    "depth": Bound(0.0, 11000.0, "m (positive down)", "depth given as a negative elevation?"),
    "omega": Bound(0.0, 50.0, "(saturation state)"),
    "chl_c": Bound(0.0, None, "mg Chl (mmol C)-1"),
    "q_nc": Bound(0.0, None, "mol N (mol C)-1"),
    "q_sic": Bound(0.0, None, "mol Si (mol C)-1"),
    "fe": Bound(0.0, None, "umol m-3"),
    "din": Bound(0.0, None, "mmol N m-3"),
}


def _report(names, flags, index, value, shapes):
    """Host side of :func:`check_plausible`: raise for the first flagged variable."""
    flags = [np.ravel(f) for f in flags]
    for name, f, i, v, shape in zip(names, flags, index, value, shapes):
        hit = np.flatnonzero(f)
        if hit.size:
            k = hit[0]
            b = PLAUSIBLE[name]
            idx = np.unravel_index(int(np.ravel(i)[k]), shape) if shape else ()
            lo = "-inf" if b.lo is None else f"{b.lo:g}"
            hi = "inf" if b.hi is None else f"{b.hi:g}"
            raise InputError(f"{name}: value {float(np.ravel(v)[k]):.6g} at index "
                             f"{tuple(int(j) for j in idx)} is outside the plausible range "
                             f"{lo}..{hi} {b.units}" + (f" ({b.hint})" if b.hint else ""))


@functools.partial(jax.jit, static_argnums=0)
def _any_outside(names, *arrays):
    """Whether any value lies outside its bounds (one fused reduction per variable)."""
    return jnp.stack([outside(n, x).any() for n, x in zip(names, arrays)]).any()


def outside(name: str, x):
    """Elementwise: ``x`` lies outside ``PLAUSIBLE[name]`` (NaN is not outside)."""
    b = PLAUSIBLE[name]
    bad = jnp.zeros(jnp.shape(x), bool)
    if b.lo is not None:
        bad = bad | (x < b.lo)
    if b.hi is not None:
        bad = bad | (x > b.hi)
    return bad


def _report_row(names, shape, shapes, flag, k, *rows):
    """Host side of :func:`raise_implausible_in_rows` (leading axes of the arguments, if any,
    are those a ``vmap`` added): raise for the first implausible value of the flagged row."""
    flag, k = np.ravel(flag), np.ravel(k)
    for b in np.flatnonzero(flag)[:1]:
        row_index = np.unravel_index(int(k[b]), shape[:-1]) if len(shape) > 1 else ()
        for name, vshape, row in zip(names, shapes, rows):
            row = np.asarray(row, float).reshape(-1, shape[-1])[b]
            bad = np.flatnonzero(np.asarray(outside(name, row)))
            if bad.size:
                full = tuple(row_index) + (int(bad[0]),)
                own = tuple(i if d != 1 else 0 for i, d in zip(full[len(full) - len(vshape):], vshape))
                _report([name], [np.ones(1, bool)], [np.ravel_multi_index(own, vshape) if vshape else 0],
                        [np.array([row[bad[0]]])], [vshape])


def raise_implausible_in_rows(row_total, shape, **values) -> None:
    """The in-graph form of :func:`check_plausible` for a computation that marks, itself and in
    its own pass, the rows holding an implausible value: ``row_total`` (``shape[:-1]``) is -inf
    exactly there (e.g. a column's optical depth summed over layers that were set to -inf where
    a value is out of range); ``values`` broadcast to ``shape``. One reduction (the argmin of
    the totals) finds the first such row; only then (``lax.cond``) does it travel to the host,
    which raises :class:`InputError` naming the variable, value, index and expected unit.
    Under ``vmap`` the cond becomes a select: the host sees every call and raises only on a
    flagged row."""
    total = jnp.ravel(jax.lax.stop_gradient(jnp.asarray(row_total)))
    k = jnp.argmin(total)
    hit = total[k] == -jnp.inf
    rows = [jax.lax.stop_gradient(jnp.broadcast_to(jnp.asarray(v), shape).reshape(-1, shape[-1])[k])
            for v in values.values()]
    callback = functools.partial(_report_row, tuple(values), tuple(shape), tuple(np.shape(v) for v in values.values()))
    jax.lax.cond(hit, lambda: jax.debug.callback(callback, hit, k, *rows), lambda: None)


def _report_zero(names, shapes, flags, index, value):
    """Host callback of :func:`check_plausible`: raise, else a zero per batch element."""
    _report(names, flags, index, value, shapes)
    return np.zeros(np.broadcast_shapes(*(np.shape(f) for f in flags)), np.float32)


def _located(names, arrays, xp):
    """Per variable: whether any value is out of range, the first such index and value."""
    bad = [xp.asarray(outside(n, xp.asarray(x))) for n, x in zip(names, arrays)]
    bad = [f.ravel() for f in bad]
    index = [xp.argmax(f) if f.size else xp.zeros((), xp.int32) for f in bad]
    value = [xp.asarray(x).ravel()[i] if f.size else xp.zeros((), float)
             for x, f, i in zip(arrays, bad, index)]
    return [f.any() for f in bad], index, value


def check_plausible(**values) -> tuple:
    """Raise :class:`InputError` if a value (inf included, NaN not) lies outside
    ``PLAUSIBLE[name]``; return the values in keyword order (traced ones tied to the check:
    use the returned arrays).

    The message names the variable, the first offending value and its index, the expected
    unit and the likely mistake. Concrete arrays: one small jitted reduction per call
    (on the arrays' device), the offending value located on the host only on failure.
    Traced arrays (inside jit / vmap / grad): the same reduction inside the computation and
    a ``lax.cond`` whose ``pure_callback`` raises only when something is out of range; its
    zero result is added to the returned values so the check cannot be dropped.
    """
    names = tuple(values)
    # arrays and Python numbers pass as given (a float stays a compile-time constant of the
    # caller's jit); lists and numeric strings become float arrays, other strings raise
    arrays = tuple(x if isinstance(x, (jax.Array, np.ndarray, np.generic, int, float)) else _values(n, x)
                   for n, x in values.items())
    shapes = [np.shape(x) for x in arrays]
    if not any(isinstance(v, jax.core.Tracer) for v in arrays):
        flag = _any_outside(names, *arrays)
        if not isinstance(flag, jax.core.Tracer):   # not inside someone else's trace
            if bool(flag):
                _report(names, *_located(names, [np.asarray(x, float) for x in arrays], np), shapes)
            return arrays
    arrays = tuple(jnp.asarray(x) for x in arrays)
    plain = tuple(jax.lax.stop_gradient(x) for x in arrays)   # no derivative through the check
    callback = functools.partial(_report_zero, names, shapes)
    zero = jax.lax.cond(
        _any_outside(names, *plain),
        lambda: jax.pure_callback(callback, jax.ShapeDtypeStruct((), jnp.float32),
                                  *_located(names, plain, jnp), vmap_method="expand_dims"),
        lambda: jnp.zeros((), jnp.float32))
    return tuple(x + zero.astype(x.dtype) for x in arrays)


def _raise_first(message, pred, *values):
    pred = np.ravel(pred)
    hit = np.flatnonzero(pred)
    if hit.size:
        k = hit[0]
        picked = [np.ravel(v)[k] if np.size(v) == pred.size else np.ravel(v)[0] for v in values]
        raise InputError(message.format(*picked))


def raise_if(pred, message: str, *values) -> None:
    """Raise ``InputError(message.format(*values))`` where ``pred`` holds, also under jit / vmap
    (``values`` of the first point where it holds; the callback runs only then)."""
    pred = jnp.asarray(pred)
    callback = functools.partial(_raise_first, message)
    jax.lax.cond(pred.any(), lambda: jax.debug.callback(callback, pred, *values), lambda: None)


class _QuietInputErrors(logging.Filter):
    """Drop JAX's "debug.callback failed" / "pure_callback failed" traceback log when the failure is our InputError
    (the error itself still reaches the caller)."""

    def filter(self, record):
        return not (record.exc_info and isinstance(record.exc_info[1], InputError))


for _logger in ("jax._src.debugging", "jax._src.callback"):   # debug.callback, pure_callback
    logging.getLogger(_logger).addFilter(_QuietInputErrors())


def input_errors(fn):
    """Decorator for public entry points: an :class:`InputError` raised by a check inside the
    compiled computation (it reaches Python as a ``JaxRuntimeError``) is re-raised as the
    ``InputError`` itself, with its one-line message."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except jax.errors.JaxRuntimeError as err:
            text = str(err)
            marker = "InputError: "
            if marker not in text:
                raise
            raise InputError(text.split(marker)[-1].splitlines()[0]) from None
    return wrapper
