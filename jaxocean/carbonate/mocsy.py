"""mocsy-style convenience call of the carbonate system (Orr & Epitalon 2015, GMD 8:485,
``vars``): concentrations per volume or per mass, potential or in-situ temperature, depth or
pressure, converted on the host with TEOS-10 (``gsw``), then :func:`jaxocean.carbonate.solve`.

Conversions (IOC et al. 2010, TEOS-10 manual): pressure from depth and latitude
(``gsw.p_from_z``; mocsy uses Saunders 1981, within 0.1 dbar to 1000 m), Absolute Salinity from
practical salinity (``gsw.SA_from_SP``), in-situ from potential temperature
(``gsw.CT_from_pt`` then ``gsw.t_from_CT``), in-situ density (``gsw.rho_t_exact``) to turn
mol m-3 into mol kg-1. This is an edge (NumPy); ``solve`` itself stays a pure JAX function.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.carbonate.options import CarbonateOptions
from jaxocean.carbonate.system import OUTPUT_ATTRS, solve
from jaxocean.core.units import convert, parse_units
from jaxocean.core.validate import InputError
from jaxocean.io.labelled import label_result, to_internal

TEMP_TYPES = ("insitu", "potential")


def _values(x, units: str, name: str):
    """(values, units) of a DataArray (its ``units`` attribute) or of an array in ``units``."""
    if isinstance(x, xr.DataArray):
        if "units" not in x.attrs:
            raise InputError(f"{name}: no 'units' attribute")
        return x.values, x.attrs["units"]
    return np.asarray(x, float), units


def _per_kg(x, units, rho, name):
    """Concentration in umol kg-1 from per-volume (via in-situ density ``rho``) or per-mass units."""
    per_volume = parse_units(units, name=name).dimensionality.get("[length]", 0) == -3
    if per_volume:
        return convert(x, units, "mol m-3", name=name) / rho * 1e6
    return convert(x, units, "umol kg-1", name=name)


def solve_mocsy(dic, ta, temp, sal, *, depth=None, pressure=None, lat=0.0, lon=0.0, phos=0.0,
                sil=0.0, conc_units: str = "mol m-3", temp_units: str = "degC",
                temp_type: str = "potential", options: CarbonateOptions = CarbonateOptions()):
    """Carbonate system from model-style inputs (mocsy ``vars`` conventions by default).

    Args:
      dic, ta, phos, sil: in ``conc_units`` (default mol m-3, as in ocean models; umol kg-1
        etc. also accepted), or DataArrays whose ``units`` attribute says which.
      temp: ``temp_type`` "potential" (default, model output) or "insitu", in ``temp_units``.
      sal: practical salinity.
      depth [m, positive down] or pressure [dbar]: exactly one.
      lat, lon: degrees (pressure from depth, Absolute Salinity).
    Returns a :class:`~jaxocean.carbonate.CarbonateState` (a labelled Dataset when any input
    is a DataArray). Concentration outputs are per kg (umol kg-1) as in mocsy.
    """
    import gsw

    if (depth is None) == (pressure is None):
        raise InputError("solve_mocsy: give exactly one of depth [m] or pressure [dbar]")
    if temp_type not in TEMP_TYPES:
        raise InputError(f"temp_type: {temp_type!r} is not one of {TEMP_TYPES}")
    arrays = {k: v for k, v in dict(dic=dic, ta=ta, temp=temp, sal=sal, depth=depth, pressure=pressure,
                                    lat=lat, phos=phos, sil=sil).items() if isinstance(v, xr.DataArray)}
    aligned = dict(zip(arrays, xr.broadcast(*xr.align(*arrays.values(), join="exact")))) if arrays else {}
    get = lambda k, v: aligned[k].assign_attrs(arrays[k].attrs) if k in aligned else v  # noqa: E731
    sal = to_internal(get("sal", sal), "1", "sal") if "sal" in aligned else np.asarray(sal, float)
    lat = np.asarray(get("lat", lat), float)
    if pressure is not None:
        p, pu = _values(get("pressure", pressure), "dbar", "pressure")
        p = convert(p, pu, "dbar", name="pressure")
    else:
        z, zu = _values(get("depth", depth), "m", "depth")
        p = gsw.p_from_z(-convert(z, zu, "m", name="depth"), lat)
    t, tu = _values(get("temp", temp), temp_units, "temp")
    t = convert(t, tu, "degC", name="temp")
    sa = gsw.SA_from_SP(sal, p, lon, lat)
    if temp_type == "potential":
        t = gsw.t_from_CT(sa, gsw.CT_from_pt(sa, t), p)
    rho = gsw.rho_t_exact(sa, t, p)
    conc = {k: _per_kg(*_values(get(k, v), conc_units, k), rho, k)
            for k, v in dict(dic=dic, ta=ta, phos=phos, sil=sil).items()}
    state = solve(conc["dic"], conc["ta"], t, sal, p, conc["phos"], conc["sil"], options=options)
    if not aligned:
        return state
    return label_result(state, next(iter(aligned.values())), OUTPUT_ATTRS)
