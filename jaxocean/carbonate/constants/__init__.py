"""Equilibrium constants and salinity-derived totals of the marine CO2 system."""

from jaxocean.carbonate.constants.assemble import EquilibriumConstants, equilibrium_constants
from jaxocean.carbonate.constants.totals import Totals, calcium, seawater_totals

__all__ = ["EquilibriumConstants", "Totals", "calcium", "equilibrium_constants", "seawater_totals"]
