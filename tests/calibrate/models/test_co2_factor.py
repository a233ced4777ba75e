"""CO2-factor fit: noise-free twin recovery of (a, b, c, d) through the carbonate solver,
and the lab-table reader's checks."""

import numpy as np
import pytest

from jaxocean.calibrate import FreeParameters, Observations, Problem, fit
from jaxocean.calibrate.models.co2_factor import (RateParams, chemistry_design, predict,
                                                  read_rate_table)
from jaxocean.core.validate import InputError
from jaxocean.recom import CO2FactorParams

TRUE = CO2FactorParams.calcification()


def test_noise_free_twin_recovers_all_four_coefficients():
    chem = chemistry_design(60, seed=0)
    y = np.asarray(predict(RateParams(TRUE), chem))
    start = RateParams(CO2FactorParams.diatoms())
    prob = Problem(predict, chem, FreeParameters.select(start, ("co2.a", "co2.b", "co2.c", "co2.d")),
                   Observations.gaussian(y, 0.02))
    res = fit(prob, max_steps=300)
    np.testing.assert_allclose(np.asarray(res.theta), [TRUE.a, TRUE.b, TRUE.c, TRUE.d], rtol=1e-2)
    assert float(res.loss) < 1e-10


def test_read_rate_table(tmp_path):
    p = tmp_path / "lab.csv"
    p.write_text("T,S,DIC,TA,rate,rate_sd\n15,35,2000,2300,0.9,0.05\n20,34,2100,2600,1.1,0.05\n")
    chem, rate, sd = read_rate_table(p)
    np.testing.assert_allclose(np.asarray(chem.dic), [2000, 2100])
    np.testing.assert_allclose(rate, [0.9, 1.1])
    np.testing.assert_allclose(sd, [0.05, 0.05])


def test_read_rate_table_errors(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("T,S,DIC,rate\n15,35,2000,0.9\n")
    with pytest.raises(InputError, match=r"missing column\(s\) \['TA'\]"):
        read_rate_table(p)
    p.write_text("T,S,DIC,TA,rate\n15,35,-20,2300,0.9\n")
    with pytest.raises(InputError, match="dic"):
        read_rate_table(p)
    p.write_text("T,S,DIC,TA,rate\n15,35,2000,2300,abc\n")
    with pytest.raises(InputError, match="rate"):
        read_rate_table(p)
    with pytest.raises(InputError, match="does not exist"):
        read_rate_table(tmp_path / "nope.csv")
