import numpy as np
import pytest

from jaxocean.core.validate import (InputError, check_finite, check_nonnegative, check_range,
                                    check_shape, require_variables)


def test_finite_names_variable_and_index():
    x = np.ones((3, 4)); x[1, 2] = np.nan
    with pytest.raises(InputError, match=r"dic: 1 non-finite value.*\(1, 2\)"):
        check_finite("dic", x)
    check_finite("dic", x, allow_nan_mask=np.isnan(x))  # masked NaN (land) allowed


def test_range_and_negative():
    with pytest.raises(InputError, match="salinity: maximum 51 psu is above the allowed 50"):
        check_range("salinity", [35, 51], 0, 50, "psu")
    with pytest.raises(InputError, match="phosphate: minimum -0.1"):
        check_nonnegative("phosphate", [0.5, -0.1])
    assert check_range("t", [1.0, 2.0], 0, 3).tolist() == [1.0, 2.0]


def test_shape_and_missing_variables():
    with pytest.raises(InputError, match=r"npp: expected shape \(12, any\), got \(11, 5\)"):
        check_shape("npp", np.zeros((11, 5)), (12, None))
    with pytest.raises(InputError, match=r"missing variable\(s\) \['intpp'\]"):
        require_variables({"tos": 1}, ["intpp", "tos"], what="forcing")
