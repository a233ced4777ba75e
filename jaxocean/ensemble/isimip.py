"""Real ESM scenario forcing from ISIMIP3b-style netCDF (when the user has the files).

Files are found under one directory by the ISIMIP3b naming pattern
``<esm>_<member>_<experiment>_<variable>_<grid>_global_monthly_<y0>_<y1>.nc`` (lower-case ESM,
e.g. ``gfdl-esm4_r1i1p1f1_ssp585_intpp_onedeg_global_monthly_2015_2100.nc``); a forcing
``"GFDL-ESM4:ssp585"`` uses the ``historical`` files for years <= 2014 and the ``ssp585``
ones after. Variables: ``intpp`` (vertically integrated NPP, e.g. mol m-2 s-1) and the
upper-ocean temperature as ``to`` / ``tos`` (a 0-75 m mean or the surface, degC) or
``thetao`` (depth-resolved; averaged over 0-75 m). Variable names, target units (BOATS'
mmol C m-2 s-1 and degC) and the 0-75 m mean are those of the BOATS forcing reader
(:mod:`jaxocean.boats.forcing`); units are converted by :func:`jaxocean.core.units.convert`
with a 365.25-day year (calendar ESM output; the BOATS reader uses BOATS' 360-day year). This
module adds file discovery, year selection and the historical/scenario split. Every file is checked (variables, units, grid, years) before compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jaxocean.boats.forcing import NPP_NAMES, NPP_UNITS, TEMP_NAMES, upper_ocean_mean
from jaxocean.core.units import MOLAR_MASS_C, convert
from jaxocean.core.validate import InputError
from jaxocean.ensemble.climatology import Climatology, from_fields
from jaxocean.io.netcdf import open_dataset, pick_variable

HISTORICAL_END = 2014


def find_file(root: Path, esm: str, experiment: str, variables, year: int) -> Path:
    """The file of ``esm``/``experiment`` holding one of ``variables`` and covering ``year``."""
    for var in variables:
        for p in sorted(root.glob(f"{esm.lower()}_*_{experiment}_{var}_*.nc")):
            y0, y1 = (int(s) for s in p.stem.split("_")[-2:])
            if y0 <= year <= y1:
                return p
    raise InputError(f"isimip_dir {root}: no {esm} {experiment} file of {list(variables)} "
                     f"covering {year} (pattern {esm.lower()}_*_{experiment}_<var>_*_<y0>_<y1>.nc)")


def _converted(da, units: str, what: str) -> np.ndarray:
    src = da.attrs.get("units")
    if src is None:
        raise InputError(f"{what} ({da.name}): no 'units' attribute; expected e.g. {units!r}")
    return convert(da.values, src, units, name=f"{what} ({da.name})", molar_mass=MOLAR_MASS_C)


def _read_year(root: Path, esm: str, experiment: str, year: int):
    """Monthly (npp [mmol C m-2 s-1], temp [degC], lat, lon) of one year, shapes (12, ny, nx)."""
    pn = find_file(root, esm, experiment, ("intpp",), year)
    pt = find_file(root, esm, experiment, ("to", "tos", "thetao"), year)
    dn = open_dataset(pn, what=f"{esm} {experiment} intpp")
    dt = open_dataset(pt, what=f"{esm} {experiment} temperature")
    sel_n = dn.sel(time=dn["time"].dt.year == year)
    sel_t = dt.sel(time=dt["time"].dt.year == year)
    for p, d in ((pn, sel_n), (pt, sel_t)):
        if d.sizes.get("time", 0) != 12:
            raise InputError(f"{p.name}: {d.sizes.get('time', 0)} monthly steps in {year}, expected 12")
    npp = _converted(sel_n[pick_variable(sel_n, NPP_NAMES, what=pn.name)], NPP_UNITS, pn.name)
    t = sel_t[pick_variable(sel_t, TEMP_NAMES, what=pt.name)]
    temp = _converted(upper_ocean_mean(t).assign_attrs(t.attrs), "degC", pt.name)
    for ax in ("lat", "lon"):
        if not np.allclose(dn[ax], dt[ax]):
            raise InputError(f"{ax}: {pn.name} and {pt.name} are on inconsistent grids")
    return np.maximum(npp, 0.0), temp, dn["lat"].values, dn["lon"].values


@dataclass
class IsimipScenarios:
    """Monthly forcing read year by year from ISIMIP3b files for forcings ``"<ESM>:<SSP>"``.

    The ocean mask is the cells finite in every forcing's first and last year; ``base`` holds
    the grid (and the first year of the first forcing as its fields).
    """
    root: Path
    names: tuple[str, ...]
    start_year: int
    end_year: int
    base: Climatology = field(init=False)

    def __post_init__(self):
        self.root = Path(self.root)
        firsts = [self._raw(n, self.start_year) for n in self.names]
        lasts = [self._raw(n, self.end_year) for n in self.names]
        grids = {(f[2].tobytes(), f[3].tobytes()) for f in firsts + lasts}
        if len(grids) != 1:
            raise InputError(f"isimip_dir {self.root}: forcings {list(self.names)} are on inconsistent grids")
        ok = np.all([np.isfinite(f[0]).all(0) & np.isfinite(f[1]).all(0) for f in firsts + lasts], 0)
        npp0, temp0, lat, lon = firsts[0]
        self.base = from_fields(lat, lon, np.where(ok, npp0, np.nan), np.where(ok, temp0, np.nan),
                                source=f"ISIMIP3b files in {self.root}")

    @property
    def label(self) -> str:
        return f"ISIMIP3b ESM forcing from {self.root}"

    def _raw(self, name: str, year: int):
        esm, _, ssp = name.partition(":")
        return _read_year(self.root, esm, "historical" if year <= HISTORICAL_END else ssp, year)

    def year(self, year: int) -> tuple[np.ndarray, np.ndarray]:
        """Monthly (npp, temp) of ``year`` (spin-up years before the start use the start year),
        shape (12, n_forcings, cells)."""
        y = min(max(year, self.start_year), self.end_year)
        raw = [self._raw(n, y) for n in self.names]
        npp = np.stack([self.base.cells(r[0]) for r in raw], axis=1)
        temp = np.stack([self.base.cells(r[1]) for r in raw], axis=1)
        return npp, temp
