"""mocsy-style convenience call of the carbonate system (Orr & Epitalon 2015, GMD 8:485,
``vars``): concentrations per volume or per mass, potential or in-situ temperature, depth or
pressure, in any units (or DataArrays with ``units``), converted at the edge and passed to
:func:`jaxocean.carbonate.model_units.solve_model_units`, which does mocsy's own EOS-80
conversions (Saunders 1981 pressure, Fofonoff & Millard 1983 potential temperature, UNESCO
1981 density) with the mocsy option set by default: for REcoM's call (potential temperature,
depth, mol m-3) the result is mocsy's to <= 2e-10 (tests/carbonate/test_mocsy.py).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.carbonate.model_units import solve_model_units
from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.system import OUTPUT_ATTRS
from jaxocean.core.units import convert, parse_units
from jaxocean.core.validate import InputError
from jaxocean.io.labelled import label_result, to_internal

def _values(x, units: str, name: str):
    """(values, units) of a DataArray (its ``units`` attribute) or of an array in ``units``."""
    if isinstance(x, xr.DataArray):
        if "units" not in x.attrs:
            raise InputError(f"{name}: no 'units' attribute")
        return x.values, x.attrs["units"]
    return np.asarray(x, float), units


def solve_mocsy(dic, ta, temp, sal, *, depth=None, pressure=None, lat=0.0, phos=0.0, sil=0.0,
                conc_units: str = "mol m-3", temp_units: str = "degC", temp_type: str = "potential",
                patm: float = 1.0, options: CarbonateOptions = CarbonateOptions.mocsy()):
    """Carbonate system from model-style inputs (mocsy ``vars`` conventions by default).

    Args:
      dic: dissolved inorganic carbon in ``conc_units`` (default mol m-3, as in ocean models;
        per-mass units such as umol kg-1 also accepted), or a DataArray whose ``units`` say
        which; ``dic``, ``ta``, ``phos`` and ``sil`` must be all per volume or all per mass.
      ta: total alkalinity, as ``dic``.
      temp: ``temp_type`` "potential" (default, model output) or "insitu", in ``temp_units``.
      sal: practical salinity.
      depth: depth [m, positive down]; give exactly one of ``depth`` and ``pressure``.
      pressure: sea pressure [dbar].
      lat: latitude [deg N], for the depth-to-pressure conversion.
      phos: phosphate, as ``dic``.
      sil: silicate, as ``dic``.
      conc_units: units of array (non-DataArray) concentrations.
      temp_units: units of an array temperature.
      temp_type: "potential" or "insitu".
      patm: atmospheric pressure [atm].
      options: default ``CarbonateOptions.mocsy()``.
    Returns a :class:`~jaxocean.carbonate.CarbonateState` (a labelled Dataset when any input
    is a DataArray). Concentrations are returned per kg (umol kg-1), unlike mocsy's optCON='mol/m3'
    call: ``model_units.solve_model_units`` also returns CO2*, HCO3, CO3 in mol m-3 and the density.
    """
    if (depth is None) == (pressure is None):
        raise InputError("solve_mocsy: give exactly one of depth [m] or pressure [dbar]")
    arrays = {k: v for k, v in dict(dic=dic, ta=ta, temp=temp, sal=sal, depth=depth, pressure=pressure,
                                    lat=lat, phos=phos, sil=sil).items() if isinstance(v, xr.DataArray)}
    aligned = dict(zip(arrays, xr.broadcast(*xr.align(*arrays.values(), join="exact")))) if arrays else {}
    get = lambda k, v: aligned[k].assign_attrs(arrays[k].attrs) if k in aligned else v  # noqa: E731
    sal = to_internal(get("sal", sal), "1", "sal") if "sal" in aligned else np.asarray(sal, float)
    lat = np.asarray(get("lat", lat), float)
    if pressure is not None:
        p, pu = _values(get("pressure", pressure), "dbar", "pressure")
        p, z = convert(p, pu, "dbar", name="pressure"), 0.0
    else:
        z, zu = _values(get("depth", depth), "m", "depth")
        p, z = None, convert(z, zu, "m", name="depth")
    t, tu = _values(get("temp", temp), temp_units, "temp")
    t = convert(t, tu, "degC", name="temp")
    conc, volume = {}, set()
    for k, v in dict(dic=dic, ta=ta, phos=phos, sil=sil).items():
        x, u = _values(get(k, v), conc_units, k)
        per_volume = parse_units(u, name=k).dimensionality.get("[length]", 0) == -3
        volume.add(per_volume)
        conc[k] = convert(x, u, "mol m-3" if per_volume else "umol kg-1", name=k)
    if len(volume) > 1:
        raise InputError("solve_mocsy: dic, ta, phos and sil must all be per volume or all per mass")
    state = solve_model_units(conc["dic"], conc["ta"], t, sal, z, lat, conc["phos"], conc["sil"], patm,
                              options, pressure=p, temp_type=temp_type,
                              per_volume=volume.pop()).chemistry
    if not aligned:
        return state
    return label_result(state, next(iter(aligned.values())), OUTPUT_ATTRS)
