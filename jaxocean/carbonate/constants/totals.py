"""Total concentrations of conservative seawater solutes from practical salinity [mol/kg].

Each is a ratio to chlorinity (Cl = S / 1.80655, Cox et al. 1967) divided by the molar mass,
written exactly as mocsy 2.0 (Orr & Epitalon 2015, constants.f90) writes them.
"""

from __future__ import annotations

from typing import NamedTuple

CHLORINITY_PER_SALINITY = 1.0 / 1.80655  # Cox et al. (1967)


def sulfate(sal):
    """Total sulfate, Morris & Riley (1966): 0.14 g/kg per unit chlorinity."""
    return 0.14 / 96.062 * sal * CHLORINITY_PER_SALINITY


def fluoride(sal):
    """Total fluoride, Riley (1965): 6.7e-5 g/kg per unit chlorinity."""
    return 0.000067 / 18.9984 * sal * CHLORINITY_PER_SALINITY


def borate_uppstrom1974(sal):
    """Total boron, Uppstrom (1974): B/Cl = 2.32e-4 g/g."""
    return 0.000232 / 10.811 * sal * CHLORINITY_PER_SALINITY


def borate_lee2010(sal):
    """Total boron, Lee et al. (2010): B/Cl = 2.414e-4 g/g."""
    return 0.0002414 / 10.811 * sal * CHLORINITY_PER_SALINITY


def calcium(sal):
    """Total calcium, Riley & Tongudai (1967): 0.02128 g/kg per unit chlorinity."""
    return 0.02128 / 40.078 * sal * CHLORINITY_PER_SALINITY


BORATE = {"uppstrom1974": borate_uppstrom1974, "lee2010": borate_lee2010}


class Totals(NamedTuple):
    """Total concentrations that enter the alkalinity equation [mol/kg]."""

    dic: object
    borate: object
    sulfate: object
    fluoride: object
    phosphate: object
    silicate: object


def seawater_totals(dic, sal, phos, sil, options) -> Totals:
    """Totals from DIC, salinity and nutrients, all in mol/kg."""
    return Totals(dic=dic, borate=BORATE[options.borate](sal), sulfate=sulfate(sal),
                  fluoride=fluoride(sal), phosphate=phos, silicate=sil)
