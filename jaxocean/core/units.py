"""Unit conversion at the library's edges (readers, writers, configuration).

Understands the CF/UDUNITS spellings found in the products jaxocean reads, e.g.
``mol m-2 s-1``, ``mmol m-2 d-1``, ``mg m-2 d-1``, ``g m-2 yr-1``, ``umol kg-1``, ``K``,
``degC``, ``degree_Celsius``. Amount-of-substance and mass convert into each other only
when a molar mass is given (``MOLAR_MASS_C`` for carbon). A year is 365.25 days unless
``days_per_year`` says otherwise (BOATS uses a 360-day year).
"""

from __future__ import annotations

import re

import numpy as np

from jaxocean.core.validate import InputError

MOLAR_MASS_C = 12.011  # g mol-1, carbon (IUPAC)

_PREFIX = {"": 1.0, "k": 1e3, "m": 1e-3, "u": 1e-6, "µ": 1e-6, "n": 1e-9, "p": 1e-12,
           "T": 1e12, "P": 1e15, "G": 1e9, "M": 1e6}
# base symbol -> (dimension, factor to SI-ish base: mol, g, m, s, kg-of-seawater)
_BASE = {
    "mol": ("amount", 1.0), "molC": ("amount", 1.0), "g": ("mass", 1.0), "gC": ("mass", 1.0),
    "m": ("length", 1.0), "meter": ("length", 1.0), "meters": ("length", 1.0), "s": ("time", 1.0), "sec": ("time", 1.0), "d": ("time", 86400.0),
    "day": ("time", 86400.0), "h": ("time", 3600.0), "hr": ("time", 3600.0),
    "yr": ("time", None), "year": ("time", None), "a": ("time", None),
    "L": ("volume", 1e-3), "l": ("volume", 1e-3), "W": ("power", 1.0), "atm": ("pressure", 1.0),
    "dbar": ("dbar", 1.0),
}
_TEMPERATURE = {"K": 0.0, "kelvin": 0.0, "degC": -273.15, "degree_Celsius": -273.15,
                "degrees_Celsius": -273.15, "deg_C": -273.15, "celsius": -273.15, "C": -273.15,
                "degree_C": -273.15, "degrees_C": -273.15}
_DIMENSIONLESS = {"1", "", "-", "none", "dimensionless", "PSU", "psu"}  # practical salinity is unitless


def _parse(units: str, days_per_year: float) -> tuple[float, dict[str, int]]:
    """Return (factor, {dimension: power}) of a product of powered symbols."""
    factor, dims = 1.0, {}
    text = units.replace("**", "^").replace("·", " ").replace("*", " ").replace(".", " ")
    # "a/b^2" and "a/b2" mean "a b-2"
    text = re.sub(r"/\s*([A-Za-zµ_]+)\^?(\d+)?", lambda m: f" {m.group(1)}-{m.group(2) or 1}", text)
    for tok in text.split():
        m = re.fullmatch(r"([A-Za-zµ_]+)\^?([-+]?\d+)?", tok)
        if not m:
            raise InputError(f"cannot parse unit token {tok!r} in {units!r}")
        sym, power = m.group(1), int(m.group(2) or 1)
        for pre in sorted(_PREFIX, key=len, reverse=True):
            base = sym[len(pre):] if sym.startswith(pre) else None
            if base in _BASE:
                dim, f = _BASE[base]
                if f is None:
                    f = days_per_year * 86400.0
                factor *= (_PREFIX[pre] * f) ** power
                dims[dim] = dims.get(dim, 0) + power
                break
        else:
            raise InputError(f"unknown unit {sym!r} in {units!r}")
    return factor, {k: v for k, v in dims.items() if v}


def convert(values, from_units: str, to_units: str, *, name: str = "value",
            molar_mass: float | None = None, days_per_year: float = 365.25):
    """Convert ``values`` from ``from_units`` to ``to_units``; raise naming ``name`` if impossible.

    ``molar_mass`` (g mol-1) allows mol <-> g conversions (e.g. ``MOLAR_MASS_C``).
    """
    fu, tu = from_units.strip(), to_units.strip()
    v = np.asarray(values, dtype=float)
    if fu == tu:
        return v
    if fu in _TEMPERATURE or tu in _TEMPERATURE:
        if fu not in _TEMPERATURE or tu not in _TEMPERATURE:
            raise InputError(f"{name}: cannot convert {from_units!r} to {to_units!r}")
        return v - _TEMPERATURE[fu] + _TEMPERATURE[tu]
    if fu in _DIMENSIONLESS and tu in _DIMENSIONLESS:
        return v
    ff, fd = _parse(fu, days_per_year)
    tf, td = _parse(tu, days_per_year)
    if fd != td and molar_mass is not None:
        # amount <-> mass: 1 mol = molar_mass g
        shift = fd.get("amount", 0) - td.get("amount", 0)
        fd2 = dict(fd)
        if shift:
            fd2["mass"] = fd2.get("mass", 0) + shift
            fd2["amount"] = fd2.get("amount", 0) - shift
            fd2 = {k: p for k, p in fd2.items() if p}
            ff *= molar_mass ** shift
        fd = fd2
    if fd != td:
        raise InputError(f"{name}: units {from_units!r} are not convertible to {to_units!r}")
    return v * (ff / tf)
