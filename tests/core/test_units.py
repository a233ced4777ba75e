import numpy as np
import pytest

from jaxocean.core.units import MOLAR_MASS_C, convert
from jaxocean.core.validate import InputError


@pytest.mark.parametrize("src,dst,value,expected", [
    ("mol m-2 s-1", "mmol m-2 s-1", 1.0, 1000.0),
    ("mmol m-2 s-1", "mg m-2 d-1", 1.0, 86400 * MOLAR_MASS_C),
    ("g m-2 yr-1", "mg m-2 d-1", 365.25, 1000.0),
    ("K", "degC", 273.15, 0.0),
    ("degC", "K", 20.0, 293.15),
    ("umol kg-1", "mmol kg-1", 2.0, 0.002),
    ("mg m^-2 d^-1", "g m-2 d-1", 5.0, 0.005),
    ("mmol/m^2/s", "mmol m-2 s-1", 2.0, 2.0),   # CESM spelling
    ("mol/m2/s", "mmol m-2 s-1", 1.0, 1000.0),
    ("Pg yr-1", "g d-1", 365.25, 1e15),
])
def test_conversions(src, dst, value, expected):
    assert np.isclose(convert(value, src, dst, molar_mass=MOLAR_MASS_C), expected, rtol=1e-12)


def test_360_day_year():
    assert np.isclose(convert(360.0, "g yr-1", "g d-1", days_per_year=360.0), 1.0)


def test_incompatible_names_variable():
    with pytest.raises(InputError, match="intpp: units 'mol m-2 s-1' are not convertible to 'degC'|intpp: cannot convert"):
        convert(1.0, "mol m-2 s-1", "degC", name="intpp")
    with pytest.raises(InputError, match="npp: units 'mol m-2 s-1' are not convertible"):
        convert(1.0, "mol m-2 s-1", "mg m-2 d-1", name="npp")  # no molar mass given


@pytest.mark.parametrize("src,dst,value,expected", [
    ("Mt", "g", 1.0, 1e12),                       # the project's own output units
    ("Gt yr-1", "Mt d-1", 365.25, 1000.0),
    ("%", "1", 50.0, 0.5),
    ("°C", "K", 20.0, 293.15),
    ("degree_Celsius", "degC", 3.0, 3.0),
    ("umolC kg-1", "mmol kg-1", 2.0, 0.002),
    ("g m-2 yr-1", "g m-2 d-1", 360.0, 1.0),      # with days_per_year=360 below
])
def test_output_units_and_library_parser(src, dst, value, expected):
    dpy = 360.0 if "yr" in src and "d-1" in dst and "g m-2" in src else 365.25
    assert np.isclose(convert(value, src, dst, days_per_year=dpy), expected, rtol=1e-12)


def test_unknown_unit_names_variable():
    with pytest.raises(InputError, match=r"npp: unknown unit 'bananas'"):
        convert(1.0, "bananas", "m", name="npp")


def test_calendar_year_and_month_follow_days_per_year():
    np.testing.assert_allclose(convert(1.0, "month-1", "d-1", days_per_year=360.0), 1.0 / 30.0, rtol=1e-12)
    np.testing.assert_allclose(convert(1.0, "yr", "d", days_per_year=360.0), 360.0, rtol=1e-12)
    np.testing.assert_allclose(convert(1.0, "common_year", "d", days_per_year=360.0), 365.0, rtol=1e-12)
    np.testing.assert_allclose(convert(1.0, "month", "d"), 365.25 / 12.0, rtol=1e-12)
