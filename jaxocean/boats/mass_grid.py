"""BOATS mass grid: 3 species groups x 50 log-spaced mass classes (Carozza et al. 2016, Sect. 2.1).

Class bounds m_b,i = m_0 (m_e/m_0)^((i-1)/n), i = 1..n+1; class mass = geometric mean of its
bounds; group asymptotic masses m_inf = 0.01 L_inf^3 with L_inf = [30, 90] / 0.95 cm and 100 kg;
maturity mass m_alpha = eta_alpha m_inf. Classes above m_inf do not exist: their biomass is
held at exactly 0 (the MATLAB code stores NaN) and every tendency is masked there.

The grid is structural (it fixes array shapes), so it is a hashable, static configuration
object, not a pytree of traced values; its arrays are float64 NumPy constants that callers
cast to the state dtype.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

import numpy as np

N_CLASSES = 50
MINF_DEFAULT = (0.01 * (30.0 / 0.95) ** 3, 0.01 * (90.0 / 0.95) ** 3, 1.0e5)  # g (Carozza 2016 Table 1)


@dataclasses.dataclass(frozen=True)
class MassGrid:
    """The BOATS grid; defaults 10 g .. 100 kg in 50 classes (SCHEME.md Sect. 2).

    Arrays (float64, broadcasting against (..., 3, 50)): ``mass`` m_k [g] (1, 50);
    ``dmass`` class widths [g] (1, 50); ``bounds`` (51,) [g]; ``minf_col`` m_inf [g] (3, 1);
    ``malpha_col`` maturity mass [g] (3, 1); ``active`` 1.0 where m_k <= m_inf (3, 50);
    ``mass_boundary`` dummy class below class 1, m_1^2 / m_2 [g].
    """

    mass_min: float = 10.0          # g, lower bound of class 1
    mass_max: float = 1.0e5         # g, upper bound of class n
    n_classes: int = N_CLASSES
    minf: tuple = MINF_DEFAULT      # g, asymptotic mass per group
    eta_alpha: float = 0.25         # maturity mass / asymptotic mass [-]

    @cached_property
    def bounds(self) -> np.ndarray:
        n = self.n_classes
        return self.mass_min * (self.mass_max / self.mass_min) ** (np.arange(n + 1) / n)

    @cached_property
    def mass(self) -> np.ndarray:
        b = self.bounds
        return np.sqrt(b[:-1] * b[1:])[None, :]

    @cached_property
    def dmass(self) -> np.ndarray:
        return np.diff(self.bounds)[None, :]

    @cached_property
    def minf_col(self) -> np.ndarray:
        return np.asarray(self.minf, dtype=np.float64)[:, None]

    @cached_property
    def malpha_col(self) -> np.ndarray:
        return self.eta_alpha * self.minf_col

    @cached_property
    def active(self) -> np.ndarray:
        return (self.mass <= self.minf_col).astype(np.float64)

    @cached_property
    def mass_boundary(self) -> float:
        m = self.mass[0]
        return float(m[0] ** 2 / m[1])

    @property
    def n_active(self) -> np.ndarray:
        """Number of existing classes per group (19, 37, 50 for the defaults)."""
        return self.active.sum(axis=-1).astype(int)
