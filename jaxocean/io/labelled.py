"""xarray at the edges, JAX inside: ONE adapter for every public entry point.

``labelled(inputs, outputs)`` wraps a pure JAX function so that it also takes xarray
DataArrays: each DataArray argument named in ``inputs`` must carry a CF ``units`` attribute,
which is converted (:func:`jaxocean.core.units.convert`, pint with cf_xarray's CF registry) to
the function's internal unit; missing, unknown or incompatible units raise
:class:`~jaxocean.core.validate.InputError` naming the argument. The DataArrays are aligned and
broadcast (xarray rules), the function runs on plain arrays, and the result comes back
labelled: an array as a DataArray, a NamedTuple or ``equinox.Module`` of arrays as a Dataset,
on the inputs' dims and coords, with ``units``, ``long_name`` and (where one exists)
``standard_name``. NumPy and JAX inputs pass straight through (jit, vmap and grad see the
undecorated function).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect

import numpy as np
import xarray as xr

from jaxocean.core.grid import DAYS_PER_YEAR
from jaxocean.core.units import convert
from jaxocean.core.validate import InputError


def to_internal(da: xr.DataArray, units: str, name: str, *, molar_mass: float | None = None,
                days_per_year: float = DAYS_PER_YEAR) -> np.ndarray:
    """The values of ``da`` in ``units``, from its ``units`` attribute (required)."""
    label = name if da.name in (None, name) else f"{name} ({da.name})"
    if "units" not in da.attrs:
        raise InputError(f"{label}: no 'units' attribute; expected units convertible to {units!r}")
    return convert(da.values, da.attrs["units"], units, name=label, molar_mass=molar_mass,
                   days_per_year=days_per_year)


def plain(tree):
    """``tree`` with xarray leaves as arrays: a DataArray -> its values, a Dataset -> a dict of
    its data variables' values (for pytrees that jit, e.g. a calibration problem's data)."""
    import jax

    def leaf(x):
        if isinstance(x, xr.Dataset):
            return {k: np.asarray(v.values) for k, v in x.data_vars.items()}
        return np.asarray(x.values) if isinstance(x, xr.DataArray) else x
    return jax.tree_util.tree_map(leaf, tree, is_leaf=lambda x: isinstance(x, (xr.DataArray, xr.Dataset)))


def _fields(result):
    if isinstance(result, tuple) and hasattr(result, "_fields"):
        return dict(zip(result._fields, result))
    if dataclasses.is_dataclass(result):
        return {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    return None


def _attrs(spec) -> dict:
    units, long_name, *std = spec
    return {"units": units, "long_name": long_name} | ({"standard_name": std[0]} if std else {})


def _label_array(x, template: xr.DataArray, name: str, spec, extra_dims=None) -> xr.DataArray:
    x = np.asarray(x)
    extra = x.ndim - template.ndim
    if extra < 0 or x.shape[:template.ndim] != template.shape:
        raise InputError(f"{name}: result shape {x.shape} does not extend the inputs' {template.shape}")
    extra_dims = dict(extra_dims or {})
    named = list(extra_dims)[-extra:] if extra else []        # the LAST result axes are named
    names = [f"{name}_dim{i}" for i in range(extra - len(named))] + named
    coords = dict(template.coords)
    for d in named:
        c = extra_dims[d]
        coords |= c if isinstance(c, dict) else ({} if c is None else {d: c})
    return xr.DataArray(x, dims=template.dims + tuple(names), coords=coords, name=name,
                        attrs=_attrs(spec) if spec else {})


def label_result(result, template: xr.DataArray, outputs, extra_dims=None):
    """``result`` (array, NamedTuple or Module of arrays) on the dims and coords of ``template``,
    trailing result axes named by ``extra_dims`` ({dim: coordinate values, a dict of
    coordinates {name: (dims, values)}, or None}; per field {field: {dim: ...}} for a
    NamedTuple / Module result)."""
    template = xr.DataArray(np.empty(template.shape, bool), dims=template.dims, coords=template.coords)
    fields = _fields(result)
    if fields is None:
        name, *spec = outputs
        return _label_array(result, template, name, spec, extra_dims)
    return xr.Dataset({k: _label_array(v, template, k, outputs.get(k), (extra_dims or {}).get(k))
                       for k, v in fields.items() if v is not None})


def labelled(inputs: dict[str, str | None], outputs, *, molar_mass: float | None = None,
             extra_dims: dict | None = None, core_dims: dict[str, int] | None = None):
    """Decorator: ``inputs`` maps argument names to internal units (``None``: any units, carried
    through); ``outputs`` is, for a single-array result, ``(name, units, long_name[,
    standard_name])``, and for a NamedTuple / Module result ``{field: (units, long_name[,
    standard_name])}``; units ``"=arg"`` copy the units of argument ``arg``. ``extra_dims``
    names trailing result axes ({dim: argument holding its coordinate, a callable of the bound
    arguments returning the coordinate or a dict of coordinates, or None}; for a NamedTuple /
    Module result, per field: {field: {dim: ...}}).

    ``core_dims`` ({argument: n}) is for functions that consume the last n axes of an input
    (e.g. a grid or a box axis): such inputs are aligned but not broadcast against each other,
    and the result keeps the leading dims of the first DataArray input, then ``extra_dims``."""
    def wrap(fn):
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def edge(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            arrays = {k: v for k, v in bound.arguments.items()
                      if k in inputs and isinstance(v, xr.DataArray)}
            if not arrays:
                return fn(*args, **kwargs)
            try:
                aligned = xr.align(*arrays.values(), join="exact")
                aligned = aligned if core_dims else xr.broadcast(*aligned)
            except ValueError as err:
                raise InputError(f"{', '.join(arrays)}: coordinates do not align ({err})") from None
            for (k, da), al in zip(arrays.items(), aligned):
                bound.arguments[k] = (al.values if inputs[k] is None else
                                      to_internal(al.assign_attrs(da.attrs), inputs[k], k,
                                                  molar_mass=molar_mass))
            units_of = lambda u: arrays[u[1:]].attrs.get("units", "1") if u.startswith("=") else u  # noqa: E731
            outs = ((outputs[0], units_of(outputs[1]), *outputs[2:]) if isinstance(outputs, tuple)
                    else {k: (units_of(v[0]), *v[1:]) for k, v in outputs.items()})

            def coords(spec):
                return {d: (a(bound.arguments) if callable(a) else
                            None if a is None else np.asarray(plain(bound.arguments[a])))
                        for d, a in spec.items()}
            dims = ({k: coords(v) for k, v in (extra_dims or {}).items()} if isinstance(outputs, dict)
                    else coords(extra_dims or {}))
            template = aligned[0]
            consumed = (core_dims or {}).get(next(iter(arrays)), 0)
            if consumed:
                if template.ndim < consumed:
                    raise InputError(f"{next(iter(arrays))}: expected at least {consumed} dimensions, "
                                     f"got {template.dims}")
                template = template.isel({d: 0 for d in template.dims[-consumed:]}, drop=True)
            return label_result(fn(*bound.args, **bound.kwargs), template, outs, dims)
        edge.__wrapped__ = fn
        return edge
    return wrap
