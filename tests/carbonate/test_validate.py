"""solve_checked: clear InputError naming the variable, before any compute."""

from __future__ import annotations

import numpy as np
import pytest

from jaxocean.carbonate import InputError, solve, solve_checked

GOOD = dict(dic=2000.0, ta=2300.0, temp=10.0, sal=35.0, pressure=100.0, phos=1.0, sil=10.0)


@pytest.mark.parametrize("name, value, match", [
    ("dic", np.nan, "non-finite"), ("ta", -1.0, "outside"), ("phos", -0.1, "outside"),
    ("sil", np.inf, "non-finite"), ("sal", 55.0, "outside"), ("sal", -1.0, "outside"),
    ("temp", -3.0, "outside"), ("temp", 46.0, "outside"), ("pressure", -10.0, "outside"),
])
def test_bad_input_names_variable(name, value, match):
    args = dict(GOOD, **{name: np.array([GOOD[name], value])})
    with pytest.raises(InputError, match=rf"^{name}: .*{match}"):
        solve_checked(**args)


def test_shapes_must_broadcast():
    with pytest.raises(InputError, match="broadcast"):
        solve_checked(np.ones(3) * 2000.0, np.ones(4) * 2300.0, 10.0, 35.0)


def test_checked_equals_kernel():
    assert float(solve_checked(**GOOD).ph) == float(solve(**GOOD).ph)
