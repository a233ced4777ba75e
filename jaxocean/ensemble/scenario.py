"""SYNTHETIC monthly scenario forcing: a base climatology plus prescribed global trends.

No CMIP6/ISIMIP3b ESM output is reachable here, so the ensemble's default forcings are
labelled stand-ins: each named forcing ``"<ESM>:<SSP>"`` applies to the base climatology
(:mod:`jaxocean.ensemble.climatology`) a spatially uniform warming dT(year) [degC] and a
relative NPP change dP(year) [-], piecewise linear between the anchor years 1950, 2014 and
2100 and held constant outside them (years before 1950 use the 1950 value)::

    temp(y, month) = temp_base(month) + dT(y) - dT(epoch)   (floored at -1.9 degC, seawater freezing)
    npp(y, month)  = npp_base(month) * (1 + dP(y))

where ``epoch`` is the year the base temperature represents (``Climatology.temp_epoch``: 2005.5
for the OBSERVED 1991-2020 SST of the default bases, so the synthetic warming is counted from
the observed present; dT(epoch) = 0 for a base without one).

The anchor values are illustrative magnitudes in the range of the CMIP6 multi-model results
of Kwiatkowski et al. (2020, Biogeosciences 17, 3439, Table 2: SST +1.4 degC under SSP1-2.6
and +3.5 degC under SSP5-8.5 by 2080-2099; NPP -0.6 % and -3 %), with IPSL-CM6A-LR warming
more and losing more NPP than GFDL-ESM4 (Tittensor et al. 2021, Nat. Clim. Change 11, 973).
They are NOT model output. Real ESM forcing is read by :mod:`jaxocean.ensemble.isimip`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jaxocean.core.validate import InputError
from jaxocean.ensemble.climatology import Climatology

ANCHOR_YEARS = (1950.0, 2014.0, 2100.0)
FREEZING_DEGC = -1.9

# (dT [degC], dP [-]) at 1950, 2014, 2100, relative to the base climatology.
SYNTHETIC_TRENDS = {
    "GFDL-ESM4:ssp126": ((0.0, 0.5, 1.1), (0.0, -0.01, -0.01)),
    "GFDL-ESM4:ssp585": ((0.0, 0.5, 2.8), (0.0, -0.01, -0.03)),
    "IPSL-CM6A-LR:ssp126": ((0.0, 0.7, 1.6), (0.0, -0.02, -0.03)),
    "IPSL-CM6A-LR:ssp585": ((0.0, 0.7, 4.0), (0.0, -0.02, -0.09)),
}


@dataclass(frozen=True)
class SyntheticScenarios:
    """Monthly forcing for several named synthetic scenarios on one base climatology."""
    base: Climatology
    names: tuple[str, ...]

    def __post_init__(self):
        unknown = [n for n in self.names if n not in SYNTHETIC_TRENDS]
        if unknown:
            raise InputError(f"forcings: unknown synthetic scenario(s) {unknown}; "
                             f"known: {sorted(SYNTHETIC_TRENDS)}")

    @property
    def label(self) -> str:
        return f"SYNTHETIC scenarios (base climatology + prescribed trends) on {self.base.source}"

    def anomalies(self, year: float) -> tuple[np.ndarray, np.ndarray]:
        """(dT [degC], dP [-]) per scenario for ``year``, each shape (n_scenarios,)."""
        dt = [np.interp(year, ANCHOR_YEARS, SYNTHETIC_TRENDS[n][0]) for n in self.names]
        dp = [np.interp(year, ANCHOR_YEARS, SYNTHETIC_TRENDS[n][1]) for n in self.names]
        return np.array(dt), np.array(dp)

    def year(self, year: int) -> tuple[np.ndarray, np.ndarray]:
        """Monthly (npp [mmol C m-2 s-1], temp [degC]) of ``year``, shape (12, n_scenarios, cells)."""
        npp0 = self.base.cells(self.base.npp)[:, None, :]
        temp0 = self.base.cells(self.base.temp)[:, None, :]
        dt, dp = self.anomalies(year)
        if self.base.temp_epoch is not None:
            dt = dt - self.anomalies(self.base.temp_epoch)[0]
        npp = npp0 * (1.0 + dp[None, :, None])
        temp = np.maximum(temp0 + dt[None, :, None], FREEZING_DEGC)
        return npp, temp
