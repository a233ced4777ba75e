"""Unit conversion at the library's edges (readers, writers, configuration, xarray inputs).

Parsing and conversion use a maintained units library: pint with cf_xarray's CF/UDUNITS
registry, which reads the spellings of the products jaxocean reads and writes, e.g.
``mol m-2 s-1``, ``mmol/m^2/s``, ``mg m-2 d-1``, ``umol kg-1``, ``µmol/kg``, ``K``, ``degC``,
``°C``, ``Mt``, ``Gt yr-1``, ``%``. Two conventions are added here:

- carbon-labelled symbols (``molC``, ``gC``, ``mgC``, ...) mean the plain amount or mass;
- a year is 365.25 days unless ``days_per_year`` says otherwise (BOATS' 360-day year is
  explicit: ``days_per_year=360``).

Amount of substance and mass convert into each other only when a molar mass is given
(``MOLAR_MASS_C`` for carbon).
"""

from __future__ import annotations

import re

import numpy as np
import pint
from cf_xarray.units import units as registry

from jaxocean.core.grid import DAYS_PER_YEAR
from jaxocean.core.validate import InputError

MOLAR_MASS_C = 12.011  # g mol-1, carbon (IUPAC)

_DIMENSIONLESS = {"1", "", "-", "none", "dimensionless", "PSU", "psu"}  # practical salinity is unitless
_CARBON = re.compile(r"(?<![A-Za-z])([munpkMGTPµ]?)(mol|g)C(?![A-Za-z])")
_ALIASES = {"degrees_C": "degC", "degree_C": "degC"}


def parse_units(units: str, *, name: str = "value") -> pint.Unit:
    """The pint unit of a CF unit string; :class:`InputError` naming ``name`` if unknown."""
    text = str(units).strip()
    if text in _DIMENSIONLESS:
        return registry.dimensionless
    text = _ALIASES.get(text, _CARBON.sub(r"\1\2", text))
    try:
        return registry.Unit(text)
    except (pint.errors.UndefinedUnitError, AssertionError, ValueError, TypeError) as err:
        raise InputError(f"{name}: unknown unit {units!r} ({err})") from None


def _year_power(unit: pint.Unit) -> int:
    """Power of the calendar-dependent units (year and month = year / 12) in ``unit``; a
    ``common_year`` is always 365 d and is not rescaled."""
    return int(sum(p for u, p in unit._units.items() if u in ("year", "julian_year", "month")))


def convert(values, from_units: str, to_units: str, *, name: str = "value",
            molar_mass: float | None = None, days_per_year: float = DAYS_PER_YEAR):
    """Convert ``values`` from ``from_units`` to ``to_units``; raise naming ``name`` if impossible.

    ``molar_mass`` (g mol-1) allows mol <-> g conversions (e.g. ``MOLAR_MASS_C``);
    ``days_per_year`` is the length of ``yr`` / ``year`` / ``a`` in both unit strings, and a
    ``month`` is a twelfth of it (360: the BOATS model year of 30-day months).
    """
    v = np.asarray(values, dtype=float)
    if str(from_units).strip() == str(to_units).strip():
        return v
    fu, tu = parse_units(from_units, name=name), parse_units(to_units, name=name)
    year = days_per_year / DAYS_PER_YEAR         # the registry's "year" is Julian
    q = registry.Quantity(v * year ** _year_power(fu), fu)
    shift = q.dimensionality.get("[substance]", 0) - tu.dimensionality.get("[substance]", 0)
    if molar_mass is not None and shift and q.dimensionality != tu.dimensionality:
        q = q * registry.Quantity(molar_mass, "g/mol") ** shift
    try:
        out = q.to(tu).magnitude
    except pint.errors.DimensionalityError:
        raise InputError(f"{name}: units {from_units!r} are not convertible to {to_units!r}") from None
    except pint.errors.OffsetUnitCalculusError:
        raise InputError(f"{name}: cannot convert {from_units!r} to {to_units!r}") from None
    return np.asarray(out, float) / year ** _year_power(tu)
