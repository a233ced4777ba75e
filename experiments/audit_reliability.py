"""Reliability audit (issue 13): bad inputs and faults, tried as a new user would.

usage: python experiments/audit_reliability.py [--only CATEGORY_PREFIX] [--verbose]

Every case lists what should happen (``expect``) and is classified automatically:

- handled: the right result (a correct number, the documented NaN, a documented warning, a
  run that completes / resumes bitwise as a solo run);
- clear error: ``InputError`` (also when it surfaces from inside the user's own ``jax.jit``)
  or a one-line CLI error (exit code 2, no traceback) whose message names the variable or file
  (``names``: any of these words, case-insensitive);
- unhelpful crash: any other exception, a traceback from the CLI, or an error that does not
  name the variable / file;
- silent wrong result: a result came back but it is not the right one (``ok`` failed);
- data lost: a finished result was deleted or changed (fault cases only).

Inputs are tiny (scalars, 6 x 6 grids, a 2-member 30-degree ensemble of 3 years), so the
whole audit runs in a few minutes on 2 CPU cores. It needs no ``../shared`` data except the
reader cases, which corrupt copies of the real files and are skipped when it is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

import jaxocean  # noqa: E402
from jaxocean.core.validate import InputError  # noqa: E402
# the small forcing, the ensemble driver process and the annual-file reader of the tests
from tests.reliability.test_faults import TOML, annual, finish, start  # noqa: E402
from tests.reliability.test_numeric import _forcing  # noqa: E402

jaxocean.enable_float64()

CATEGORIES = ("bad numeric inputs", "bad data files", "bad TOML / CLI",
              "faults (kill, resume, corruption, permissions, two runs)")
NUMERIC, FILES, CLI, FAULTS = CATEGORIES
OUTCOMES = ("handled", "clear error", "unhelpful crash", "silent wrong result", "data lost")


@dataclasses.dataclass
class Case:
    category: str
    name: str
    expect: str                          # what should happen, in words
    fn: Callable                         # runs the case; returns a result
    names: tuple = ()                    # an error must name one of these (variable / file)
    ok: Callable | None = None           # result -> True when it is the right result
    lost: Callable | None = None         # result -> True when finished data were lost


class CliError(Exception):
    """A CLI call that exited non-zero: ``one_line`` tells whether stderr ended in one line."""

    def __init__(self, rc, message, one_line):
        super().__init__(message)
        self.rc, self.one_line = rc, one_line


def error_text(err) -> str | None:
    """The clear-error message of ``err`` or None when it is not one."""
    if isinstance(err, InputError):
        return str(err)
    if isinstance(err, CliError):
        return str(err) if err.rc == 2 and err.one_line else None
    text = str(err)
    if isinstance(err, jax.errors.JaxRuntimeError) and "InputError: " in text:
        return text.split("InputError: ")[-1].splitlines()[0]   # from inside the user's own jit
    return None


def classify(case: Case) -> tuple[str, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = case.fn()
    except Exception as err:  # noqa: BLE001 -- classifying every failure is the point
        msg = error_text(err)
        if msg is not None and (not case.names or any(n.lower() in msg.lower() for n in case.names)):
            return "clear error", msg[:160]
        head = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
        return "unhelpful crash", head[:160]
    if case.lost is not None and case.lost(result):
        return "data lost", repr(result)[:160]
    if case.ok is not None and case.ok(result):
        return "handled", "ok"
    return "silent wrong result", _short(result)


def _short(result) -> str:
    try:
        if isinstance(result, tuple) and hasattr(result, "_fields") or hasattr(result, "ph"):
            return f"ph={np.asarray(result.ph).ravel()[:3]} omega={np.asarray(result.omega_calcite).ravel()[:3]}"
        if isinstance(result, (dict, str, tuple)) or not np.issubdtype(np.asarray(result).dtype, np.number):
            return type(result).__name__ + ": " + " ".join(repr(result).split())[:120]
        return " ".join(repr(np.asarray(result).ravel()[:4]).split())
    except Exception:  # noqa: BLE001
        return repr(result)[:160]


def finite(x) -> bool:
    return bool(np.all(np.isfinite(np.asarray(x, float))))


def close(ref, rtol=1e-6):
    return lambda r: bool(np.allclose(np.asarray(r, float), np.asarray(ref, float), rtol=rtol, equal_nan=True))


def warned(fn, token):
    """Run ``fn``; return True when it warned with ``token`` in the message."""
    def run():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            fn()
        return any(token in str(x.message) for x in w)
    return run


# ----------------------------------------------------------------------------------------------
# bad numeric inputs
# ----------------------------------------------------------------------------------------------

GOOD = dict(dic=2000.0, ta=2300.0, temp=15.0, sal=35.0, pressure=0.0, phos=0.0, sil=0.0)
BAD = {  # variable -> [(label, value, expected outcome: 'error' | 'nan')]
    "temp": [("in Kelvin", 288.15, "error"), ("-10 degC", -10.0, "error"), ("NaN", np.nan, "nan"),
             ("inf", np.inf, "error")],
    "sal": [("60", 60.0, "error"), ("negative", -1.0, "error"), ("NaN", np.nan, "nan")],
    "pressure": [("in Pa", 101325.0, "error"), ("negative", -10.0, "error"), ("inf", np.inf, "error")],
    "dic": [("in mol/kg", 0.002, "error"), ("negative", -5.0, "error"), ("1e5", 1e5, "error"),
            ("NaN", np.nan, "nan")],
    "ta": [("in mol/kg", 0.0023, "error"), ("inf", np.inf, "error"), ("zero", 0.0, "error"),
           ("NaN", np.nan, "nan")],
    "phos": [("negative", -1.0, "error"), ("in mmol/m3 x 1000", 2000.0, "error")],
    "sil": [("negative", -1.0, "error"), ("1e4", 1e4, "error")],
}


def nan_at_1(state) -> bool:
    """Documented NaN: the bad point is NaN, the good one untouched."""
    ph = np.asarray(state.ph)
    return bool(np.isfinite(ph[0]) and np.isnan(ph[1]))


def carbonate_cases():
    from jaxocean.carbonate import solve, solve_checked, solve_mocsy

    cases = []
    for fname, fn in (("carbonate.solve", solve), ("carbonate.solve_checked", solve_checked)):
        for var, bads in BAD.items():
            for label, value, outcome in bads:
                args = dict(GOOD)
                args[var] = np.array([args[var], value])
                cases.append(Case(NUMERIC, f"{fname}: {var} {label}",
                                  "documented NaN at that point" if outcome == "nan" else f"InputError naming {var}",
                                  lambda fn=fn, a=args: fn(**a), (var,),
                                  ok=nan_at_1 if outcome == "nan" else None))
    jit_ph = jax.jit(lambda a: solve(**a).ph)
    for var, value in (("temp", 288.15), ("pressure", 101325.0), ("dic", 0.002), ("ta", np.inf)):
        args = dict(GOOD) | {var: value}
        cases.append(Case(NUMERIC, f"carbonate.solve under user jit: {var}={value}",
                          f"error naming {var} from inside jit",
                          lambda a=args: jax.block_until_ready(jit_ph(a)), (var,)))
        cases.append(Case(NUMERIC, f"carbonate.solve under vmap: {var}={value}", f"error naming {var}",
                          lambda a=args, v=var: jax.vmap(lambda x: solve(**(a | {v: x})).ph)(
                              jnp.array([GOOD[v], a[v]])), (var,)))
    ref = float(solve(**GOOD).ph)
    cases += [
        Case(NUMERIC, "carbonate.solve(check=False, ta=inf)", "documented NaN in every output",
             lambda: solve(**(GOOD | {"ta": np.inf}), check=False),
             ok=lambda s: all(np.isnan(float(getattr(s, f))) for f in ("ph", "co3", "pco2", "omega_calcite"))),
        Case(NUMERIC, "carbonate.solve: python ints", "same pH as floats",
             lambda: solve(2000, 2300, 15, 35).ph, ok=close(ref, 1e-12)),
        Case(NUMERIC, "carbonate.solve: lists", "same pH as floats",
             lambda: solve([2000.0, 2000.0], 2300.0, 15.0, 35.0).ph, ok=close([ref, ref], 1e-12)),
        Case(NUMERIC, "carbonate.solve: shapes (3,) vs (2,)", "InputError naming the shapes",
             lambda: solve(np.full(3, 2000.0), np.full(2, 2300.0), 15.0, 35.0), ("dic", "ta", "broadcast")),
        Case(NUMERIC, "carbonate.solve: numeric string '2000'", "InputError naming dic, or read as 2000",
             lambda: solve("2000", 2300.0, 15.0, 35.0).ph, ("dic",), ok=close(ref, 1e-12)),
        Case(NUMERIC, "carbonate.solve: string 'abc'", "InputError naming dic",
             lambda: solve("abc", 2300.0, 15.0, 35.0), ("dic",)),
        Case(NUMERIC, "carbonate.solve: patm in Pa", "InputError naming patm",
             lambda: solve(**GOOD, patm=101325.0), ("patm",)),
        Case(NUMERIC, "carbonate.solve: patm negative", "InputError naming patm",
             lambda: solve(**GOOD, patm=-1.0), ("patm",)),
        Case(NUMERIC, "carbonate.solve_checked: S=0 (Lueker fit 19..43)", "warning naming the range",
             warned(lambda: solve_checked(2000.0, 2300.0, 15.0, 0.0), "19..43"), ok=bool),
        Case(NUMERIC, "carbonate.solve_checked: S=45", "warning naming the range",
             warned(lambda: solve_checked(2000.0, 2300.0, 15.0, 45.0), "19..43"), ok=bool),
        Case(NUMERIC, "carbonate.solve_checked: valid input", "no warning, same pH as solve",
             lambda: solve_checked(**GOOD).ph, ok=close(ref, 1e-12)),
    ]
    mocsy = dict(dic=2.0, ta=2.3, temp=15.0, sal=35.0, depth=0.0, lat=0.0)
    mref = float(solve_mocsy(**mocsy).ph)
    cases += [
        Case(NUMERIC, "carbonate.solve_mocsy: umol/kg passed as mol m-3", "InputError naming dic",
             lambda: solve_mocsy(**(mocsy | {"dic": 2000.0, "ta": 2300.0})), ("dic",)),
        Case(NUMERIC, "carbonate.solve_mocsy: Kelvin with temp_units='K'", "same pH as degC",
             lambda: solve_mocsy(**(mocsy | {"temp": 288.15}), temp_units="K").ph, ok=close(mref, 1e-9)),
        Case(NUMERIC, "carbonate.solve_mocsy: Kelvin as degC", "InputError naming temp",
             lambda: solve_mocsy(**(mocsy | {"temp": 288.15})), ("temp",)),
        Case(NUMERIC, "carbonate.solve_mocsy: negative depth", "InputError naming depth",
             lambda: solve_mocsy(**(mocsy | {"depth": -100.0})), ("depth",)),
        Case(NUMERIC, "carbonate.solve_mocsy: depth and pressure both", "InputError naming both",
             lambda: solve_mocsy(**mocsy, pressure=0.0), ("depth", "pressure")),
        Case(NUMERIC, "carbonate.solve_mocsy: lat 120", "InputError naming lat",
             lambda: solve_mocsy(**(mocsy | {"depth": 1000.0, "lat": 120.0})), ("lat",)),
        Case(NUMERIC, "carbonate.solve_mocsy: conc_units 'bogus'", "InputError naming conc_units",
             lambda: solve_mocsy(**mocsy, conc_units="bogus"), ("conc_units", "bogus")),
        Case(NUMERIC, "carbonate.solve_mocsy: temp_type 'bogus'", "InputError naming temp_type",
             lambda: solve_mocsy(**mocsy, temp_type="bogus"), ("temp_type",)),
        Case(NUMERIC, "carbonate.solve_mocsy: xarray in K (units attribute)", "converted: same pH",
             lambda: solve_mocsy(**(mocsy | {"temp": xr.DataArray([288.15], dims="x", attrs={"units": "K"})})).ph,
             ok=close([mref], 1e-9)),
    ]
    return cases


def recom_cases():
    from jaxocean.recom import (CalcificationParams, CO2FactorParams, DissolutionParams, PhytoplanktonParams,
                                SinkingParams, calcification_rate, calcite_dissolution_rate,
                                calcite_dissolution_rate_depth, co2_factor, co2_factor_checked,
                                detritus_sinking_speed, gross_photosynthesis, light_limitation,
                                oae_efficiency, temperature_arrhenius)
    from jaxocean.recom.params import ArrheniusTemperature

    p = CO2FactorParams.diatoms()
    h = 10 ** -8.1
    good_f = float(co2_factor(1800.0, 12.0, h, p))
    pp = PhytoplanktonParams.small_phytoplankton()
    good_ps = float(gross_photosynthesis(15.0, 50.0, 0.02, 0.15, 0.5, pp))
    cp = CalcificationParams()
    cases = [
        Case(NUMERIC, "recom.co2_factor: pH instead of [H+]", "InputError naming h (pH hint)",
             lambda: co2_factor(1800.0, 12.0, 8.1, p), ("h",)),
        Case(NUMERIC, "recom.co2_factor: pH under user jit", "error naming h from inside jit",
             lambda: jax.block_until_ready(jax.jit(lambda x: co2_factor(1800.0, 12.0, x, p))(8.1)), ("h",)),
        Case(NUMERIC, "recom.co2_factor: negative hco3", "InputError naming hco3",
             lambda: co2_factor(-1800.0, 12.0, h, p), ("hco3",)),
        Case(NUMERIC, "recom.co2_factor: hco3 in mol/kg", "InputError naming hco3",
             lambda: co2_factor(0.0018, 12.0, h, p), ("hco3",)),
        Case(NUMERIC, "recom.co2_factor: co2 inf", "InputError naming co2",
             lambda: co2_factor(1800.0, np.inf, h, p), ("co2",)),
        Case(NUMERIC, "recom.co2_factor: NaN hco3", "documented NaN",
             lambda: co2_factor(jnp.array([1800.0, np.nan]), 12.0, h, p),
             ok=lambda r: bool(np.isfinite(r[0]) and np.isnan(r[1]))),
        Case(NUMERIC, "recom.co2_factor: valid", "positive factor, same with check=False",
             lambda: co2_factor(1800.0, 12.0, h, p, check=False), ok=close(good_f, 1e-12)),
        Case(NUMERIC, "recom.co2_factor_checked: pH", "InputError naming h",
             lambda: co2_factor_checked(1800.0, 12.0, 8.1, p), ("h",)),
        Case(NUMERIC, "recom.gross_photosynthesis: negative PAR", "InputError naming par",
             lambda: gross_photosynthesis(15.0, jnp.array([50.0, -5.0]), 0.02, 0.15, 0.5, pp), ("par",)),
        Case(NUMERIC, "recom.gross_photosynthesis: temp in K", "InputError naming temp",
             lambda: gross_photosynthesis(288.15, 50.0, 0.02, 0.15, 0.5, pp), ("temp",)),
        Case(NUMERIC, "recom.gross_photosynthesis: PAR in umol photons", "InputError naming par",
             lambda: gross_photosynthesis(15.0, 5000.0, 0.02, 0.15, 0.5, pp), ("par",)),
        Case(NUMERIC, "recom.gross_photosynthesis: negative chl_c", "InputError naming chl_c",
             lambda: gross_photosynthesis(15.0, 50.0, -0.02, 0.15, 0.5, pp), ("chl_c",)),
        Case(NUMERIC, "recom.gross_photosynthesis: negative q_nc", "InputError naming q_nc",
             lambda: gross_photosynthesis(15.0, 50.0, 0.02, -0.15, 0.5, pp), ("q_nc",)),
        Case(NUMERIC, "recom.gross_photosynthesis: negative fe", "InputError naming fe",
             lambda: gross_photosynthesis(15.0, 50.0, 0.02, 0.15, -0.5, pp), ("fe",)),
        Case(NUMERIC, "recom.gross_photosynthesis: valid", "positive, same with check=False",
             lambda: gross_photosynthesis(15.0, 50.0, 0.02, 0.15, 0.5, pp, check=False),
             ok=lambda r: good_ps > 0 and close(good_ps, 1e-12)(r)),
        Case(NUMERIC, "recom.gross_photosynthesis: diatoms without q_sic", "InputError naming q_sic",
             lambda: gross_photosynthesis(15.0, 50.0, 0.02, 0.15, 0.5, PhytoplanktonParams.diatoms()), ("q_sic",)),
        Case(NUMERIC, "recom.light_limitation: negative PAR", "InputError naming par",
             lambda: light_limitation(-5.0, 0.02, 1e-5, 0.2), ("par",)),
        Case(NUMERIC, "recom.temperature_arrhenius: temp in K", "InputError naming temp",
             lambda: temperature_arrhenius(288.15, ArrheniusTemperature()), ("temp",)),
        Case(NUMERIC, "recom.calcification_rate: temp in K", "InputError naming temp",
             lambda: calcification_rate(1e-5, 1.0, 288.15, 1.0, 1.0, cp), ("temp",)),
        Case(NUMERIC, "recom.calcification_rate: negative din", "InputError naming din",
             lambda: calcification_rate(1e-5, 1.0, 15.0, -1.0, 1.0, cp), ("din",)),
        Case(NUMERIC, "recom.calcite_dissolution_rate: negative omega", "InputError naming omega",
             lambda: calcite_dissolution_rate(-0.5, DissolutionParams()), ("omega",)),
        Case(NUMERIC, "recom.calcite_dissolution_rate_depth: z = -100 (REcoM sign)", "documented: as z = 100 m",
             lambda: calcite_dissolution_rate_depth(-100.0, DissolutionParams()),
             ok=close(float(calcite_dissolution_rate_depth(100.0, DissolutionParams())), 1e-12)),
        Case(NUMERIC, "recom.detritus_sinking_speed: z = -100 (REcoM sign)", "documented: 20 + 0.0288 * 100 m d-1",
             lambda: detritus_sinking_speed(-100.0, SinkingParams()), ok=close(20.0 + 0.0288 * 100.0, 1e-12)),
        Case(NUMERIC, "recom.oae_efficiency: no alkalinity added", "InputError or NaN (0/0)",
             lambda: oae_efficiency(2000.0, 2000.0, 2300.0, 2300.0),
             ("ta", "alkalinity"), ok=lambda r: bool(np.isnan(r))),
    ]
    return cases


def boats_cases():
    from jaxocean.boats import BoatsForcing, BoatsParams, initial_state, run
    from jaxocean.boats.gridded import run_gridded

    p = BoatsParams(variant="global")
    ds = _forcing()
    ref = run_gridded(ds, p, 1)[0]["biomass"]

    def same(r):
        return bool(np.allclose(r[0]["biomass"].values, ref.values, rtol=1e-6, equal_nan=True))

    def biomass(d):
        return run_gridded(d, p, 1)

    npp_mg = ds["npp"] * 12.011 * 86400                          # mg C m-2 d-1
    npp_mg.attrs["units"] = "mg m-2 d-1"
    partial = ds.copy(deep=True)
    partial["npp"][3, 2, 2] = np.nan                              # one month missing in an ocean cell
    negative = ds.copy(deep=True)
    negative["npp"][0, 1, 1] = -1e-4
    cases = [Case(NUMERIC, f"boats.run_gridded: {label}", expect, lambda d=d: biomass(d), names, ok=ok)
             for label, d, expect, names, ok in [
        ("11-month file", ds.isel(time=slice(0, 11)), "InputError: whole years of months", ("time", "month"), None),
        ("square map stored (time, lon, lat)", ds.transpose("time", "lon", "lat"), "transposed by name: same biomass", (), same),
        ("all-land file", ds.where(False), "InputError: no ocean cell", ("ocean",), None),
        ("NPP 1000x", ds.assign(npp=ds["npp"] * 1000), "InputError naming npp", ("npp",), None),
        ("temp in K labelled degC", ds.assign(temp=ds["temp"] + 273.15), "InputError naming temp", ("temp",), None),
        ("temp in K labelled K", ds.assign(temp=(ds["temp"] + 273.15).assign_attrs(units="K")), "converted: same biomass", (), same),
        ("NPP in mg m-2 d-1 labelled", ds.assign(npp=npp_mg), "converted: same biomass", (), same),
        ("NPP without units attribute", ds.assign(npp=(("time", "lat", "lon"), ds["npp"].values)),
         "InputError naming npp units", ("npp", "units"), None),
        ("lat renamed 'y'", ds.rename(lat="y"), "InputError naming the dimensions", ("lat", "dimension"), None),
        ("negative NPP in one cell", negative, "InputError naming npp", ("npp",), None),
        ("NaN in one month of an ocean cell", partial, "InputError naming npp", ("npp",), None),
        ("descending latitude", ds.isel(lat=slice(None, None, -1)), "same biomass (flipped)", (),
         lambda r: bool(np.allclose(r[0]["biomass"].values[..., ::-1, :], ref.values, rtol=1e-6, equal_nan=True))),
    ]]
    cases += [
        Case(NUMERIC, "boats.run_gridded: years=0", "InputError naming years", lambda: run_gridded(ds, p, 0), ("years",)),
        Case(NUMERIC, "boats.run_gridded: years=1.5", "InputError naming years", lambda: run_gridded(ds, p, 1.5), ("years",)),
        Case(NUMERIC, "boats.run_gridded: dt_days=7", "InputError naming dt_days",
             lambda: run_gridded(ds, p, 1, dt_days=7.0), ("dt_days",)),
        Case(NUMERIC, "boats.run_gridded: dt_days=0", "InputError naming dt_days",
             lambda: run_gridded(ds, p, 1, dt_days=0.0), ("dt_days",)),
        Case(NUMERIC, "boats.run_gridded: 0-D variant params", "InputError naming variant",
             lambda: run_gridded(ds, BoatsParams(variant="0d"), 1), ("variant",)),
    ]
    # the array path: BoatsForcing built by hand, then initial_state + run
    npp = jnp.full((12, 3), 1e-3)
    tmp = jnp.full((12, 3), 15.0)

    def arrays(npp, temp):
        f = BoatsForcing(npp=npp, temp=temp)
        mean = BoatsForcing(npp=npp.mean(0), temp=temp.mean(0))
        s0 = initial_state(mean, p)
        final, _ = run(s0, f, p, 30.0)
        return final

    good = arrays(npp, tmp)
    cases += [
        Case(NUMERIC, "boats.run (arrays): temp in K", "InputError naming temp",
             lambda: arrays(npp, tmp + 273.15), ("temp",)),
        Case(NUMERIC, "boats.run (arrays): NPP 1000x", "InputError naming npp",
             lambda: arrays(npp * 1000, tmp), ("npp",)),
        Case(NUMERIC, "boats.run (arrays): negative NPP", "InputError naming npp",
             lambda: arrays(-npp, tmp), ("npp",)),
        Case(NUMERIC, "boats.run (arrays): NaN NPP", "InputError naming npp or documented NaN",
             lambda: arrays(npp.at[2, 1].set(jnp.nan), tmp), ("npp",),
             ok=lambda s: bool(np.isnan(np.asarray(s.biomass)[1]).any()
                               and np.isfinite(np.asarray(s.biomass)[0]).all())),
        Case(NUMERIC, "boats.run (arrays): valid", "finite positive biomass",
             lambda: good, ok=lambda s: finite(s.biomass) and float(np.asarray(s.biomass).sum()) > 0),
    ]
    return cases


def export_cases():
    from jaxocean.export import (ExponentialQ10, MartinCurve, coarse_to_grid, export_injection,
                                 flux_at, flux_profile, injection, transfer_efficiency)

    z = jnp.array([0.0, 100.0, 500.0, 1000.0, 2000.0])
    p = ExponentialQ10.carcasses(z0=0.0)
    t = jnp.array([15.0, 10.0, 5.0, 3.0])
    env = {"temperature": t}
    martin = MartinCurve()
    good = flux_profile(p, 1.0, z, env)
    cases = [
        Case(NUMERIC, "export.export_injection: temp in K", "InputError naming temp",
             lambda: export_injection(p, 1.0, z, {"temperature": t + 273.15}), ("temp",)),
        Case(NUMERIC, "export.export_injection: NaN temperature", "InputError naming temperature",
             lambda: export_injection(p, 1.0, z, {"temperature": t.at[2].set(jnp.nan)}), ("temp",)),
        Case(NUMERIC, "export.export_injection: n_wet > nz", "InputError naming n_wet",
             lambda: export_injection(p, jnp.ones(2), z, env, n_wet=jnp.array([4, 7])), ("n_wet",)),
        Case(NUMERIC, "export.export_injection: n_wet negative", "InputError naming n_wet",
             lambda: export_injection(p, jnp.ones(2), z, env, n_wet=jnp.array([4, -1])), ("n_wet",)),
        Case(NUMERIC, "export.export_injection: n_wet=0 under a flux", "InputError naming n_wet",
             lambda: export_injection(p, jnp.ones(2), z, env, n_wet=jnp.array([0, 2])), ("n_wet",)),
        Case(NUMERIC, "export.export_injection: decreasing depth axis", "InputError naming z_interfaces",
             lambda: export_injection(p, 1.0, z[::-1], env), ("z_interfaces", "increasing")),
        Case(NUMERIC, "export.export_injection: negative flux_top", "InputError naming flux_top",
             lambda: export_injection(p, -1.0, z, env), ("flux_top",)),
        Case(NUMERIC, "export.export_injection: conserves carbon", "injection sums to flux_top",
             lambda: export_injection(p, jnp.array([2.0, 3.0]), z, env, n_wet=jnp.array([4, 2]))[1].sum(-1),
             ok=close([2.0, 3.0], 1e-12)),
        Case(NUMERIC, "export.flux_profile: decreasing depth axis", "InputError naming z_interfaces",
             lambda: flux_profile(p, 1.0, z[::-1], env), ("z_interfaces", "increasing")),
        Case(NUMERIC, "export.flux_profile: temp in K", "InputError naming temp",
             lambda: flux_profile(p, 1.0, z, {"temperature": t + 273.15}), ("temp",)),
        Case(NUMERIC, "export.flux_profile: temperature with wrong layer count", "InputError naming temperature",
             lambda: flux_profile(p, 1.0, z, {"temperature": t[:3]}), ("temp",)),
        Case(NUMERIC, "export.flux_profile: NaN flux_top", "documented NaN or InputError",
             lambda: flux_profile(p, jnp.array([1.0, np.nan]), z, env), ("flux_top",),
             ok=lambda r: bool(np.isfinite(r[0]).all() and np.isnan(r[1]).all())),
        Case(NUMERIC, "export.flux_profile: under user jit, temp in K", "error naming temp",
             lambda: jax.block_until_ready(jax.jit(lambda tt: flux_profile(p, 1.0, z, {"temperature": tt}))(t + 273.15)),
             ("temp",)),
        Case(NUMERIC, "export.flux_profile: valid, monotone", "flux decreasing with depth",
             lambda: good, ok=lambda r: bool(np.all(np.diff(np.asarray(r)) <= 0) and float(r[0]) == 1.0)),
        Case(NUMERIC, "export.flux_at: depth given as negative elevation", "InputError naming the depth",
             lambda: flux_at(p, 1.0, jnp.array([-1000.0]), z, env), ("z_query", "depth")),
        Case(NUMERIC, "export.flux_at: query below the grid", "documented: last layer's environment extended",
             lambda: flux_at(p, 1.0, jnp.array([5000.0]), z, env),
             ok=close(flux_profile(p, 1.0, jnp.append(z, 5000.0), {"temperature": jnp.append(t, t[-1])})[-1], 1e-10)),
        Case(NUMERIC, "export.flux_profile: Martin curve, negative b", "InputError naming b",
             lambda: flux_profile(MartinCurve(b=-0.8), 1.0, z), ("b",)),
        Case(NUMERIC, "export.flux_profile: Martin curve valid", "F(z)=(z/z0)^-b at 1000 m",
             lambda: flux_at(martin, 1.0, jnp.array([1000.0]), z),
             ok=lambda r: True),
        Case(NUMERIC, "export.injection: n_wet beyond the profile", "InputError naming n_wet",
             lambda: injection(good, jnp.array(9)), ("n_wet",)),
        Case(NUMERIC, "export.coarse_to_grid: 4 coarse layers (needs 5)", "InputError naming t_coarse",
             lambda: coarse_to_grid(jnp.ones(4), z), ("t_coarse", "coarse")),
        Case(NUMERIC, "export.transfer_efficiency: zero shallow flux", "NaN or InputError",
             lambda: transfer_efficiency(1.0, 0.0), ("flux_shallow",), ok=lambda r: bool(np.isnan(r))),
    ]
    # Martin curve reference: z0 default, F(1000) = (1000/z0)**-b
    cases[-4].ok = lambda r: bool(np.allclose(r, (1000.0 / martin.z0) ** -martin.b, rtol=1e-10))
    return cases


def transport_cases():
    from jaxocean.transport import (IterativeSolver, SequestrationModel, SparseLU, fraction_remaining,
                                    source_from_injection, steady_state, transient)
    from jaxocean.transport.idealized import idealized_basin
    from jaxocean.transport.regrid import conservative_regrid
    import scipy.sparse as sp

    op = idealized_basin(ny=6, nx=8, z_interfaces=np.array([0.0, 100.0, 500.0, 1500.0, 4000.0]))
    model = SequestrationModel.build(op)
    ny, nx, nz = op.shape3d
    src = jnp.ones(op.n)
    n = 60
    a = (sp.diags([-1.0, 2.05, -1.0], [-1, 0, 1], shape=(n, n)) + sp.random(n, n, 0.05, random_state=3)).tocsc()
    b = np.random.default_rng(1).standard_normal(n)
    exact = SparseLU(a).solve(b)
    lat = np.linspace(-87.5, 87.5, 36)
    lon = np.linspace(2.5, 357.5, 72)
    area = np.ones((36, 72))
    return [
        Case(NUMERIC, "transport.steady_state: source 3 boxes short", "InputError naming source",
             lambda: steady_state(model, src[:-3]), ("source",)),
        Case(NUMERIC, "transport.steady_state: short source under jit", "error naming source",
             lambda: jax.jit(lambda s: steady_state(model, s))(src[:-3]), ("source",)),
        Case(NUMERIC, "transport.steady_state: NaN source", "InputError naming source",
             lambda: steady_state(model, src.at[3].set(jnp.nan)), ("source",)),
        Case(NUMERIC, "transport.steady_state: source too long", "InputError naming source",
             lambda: steady_state(model, jnp.ones(op.n + 5)), ("source",)),
        Case(NUMERIC, "transport.source_from_injection: lat/lon swapped", "InputError naming lat/lon",
             lambda: source_from_injection(op, jnp.ones((nx, ny, nz))), ("lat", "lon")),
        Case(NUMERIC, "transport.source_from_injection: wrong depth count", "InputError naming the layers",
             lambda: source_from_injection(op, jnp.ones((ny, nx, nz + 2))), ("injection", "layer", "shape")),
        Case(NUMERIC, "transport.transient: wrong box count", "InputError naming sources",
             lambda: transient(model, jnp.ones((3, op.n - 1))), ("source",)),
        Case(NUMERIC, "transport.fraction_remaining: negative years", "InputError naming years",
             lambda: fraction_remaining(model, jnp.array([-5.0, 10.0])), ("years",)),
        Case(NUMERIC, "transport.IterativeSolver: maxiter=2", "InputError: not converged",
             lambda: jax.block_until_ready(IterativeSolver(a, maxiter=2).solve(b)), ("converged",)),
        Case(NUMERIC, "transport.IterativeSolver: NaN right-hand side under jit", "error naming the rhs",
             lambda: jax.block_until_ready(jax.jit(IterativeSolver(a).solve)(np.where(np.arange(n) == 3, np.nan, b))),
             ("right-hand side",)),
        Case(NUMERIC, "transport.IterativeSolver: valid", "agrees with SparseLU",
             lambda: IterativeSolver(a, tol=1e-12).solve(b), ok=close(exact, 1e-8)),
        Case(NUMERIC, "transport.regrid: area shape mismatch", "InputError naming area",
             lambda: conservative_regrid(lat, lon, area[:, :-1], lat, lon, area, area > 0), ("area",)),
        Case(NUMERIC, "transport.regrid: lat beyond 90", "InputError naming lat",
             lambda: conservative_regrid(lat * 2, lon, area, lat, lon, area, area > 0), ("lat",)),
    ]


def observation_cases():
    from jaxocean.calibrate import FreeParameters, Observations, Problem
    from jaxocean.export import ExponentialQ10
    from jaxocean.regions.reccap2 import region_of

    regions = xr.DataArray(np.arange(180 * 360).reshape(180, 360) % 13 + 1, dims=("lat", "lon"),
                           coords={"lat": np.arange(-89.5, 90), "lon": np.arange(0.5, 360)})
    p = ExponentialQ10.carcasses(z0=0.0)
    free = FreeParameters.select(p, ["q10"])

    def problem(values, sigma, n_pred=4):
        obs = Observations.gaussian(values, sigma)
        return Problem(lambda prm, d: prm.q10 * jnp.ones(n_pred), None, free, obs).loss(jnp.zeros(free.size))

    return [
        Case(NUMERIC, "regions.region_of: NaN position", "region 0 (no region), not 10",
             lambda: region_of(np.array([10.2, np.nan]), np.array([200.3, 30.0]), regions),
             ok=lambda r: list(r) == [int(regions.sel(lat=10.5, lon=200.5)), 0]),
        Case(NUMERIC, "regions.region_of: lat 120 (swapped)", "InputError naming lat",
             lambda: region_of(np.array([120.0]), np.array([10.0]), regions), ("lat",)),
        Case(NUMERIC, "regions.region_of: lon -170 (not 0..360)", "the region at lon 190",
             lambda: region_of(np.array([10.2]), np.array([-170.0]), regions),
             ok=lambda r: list(r) == [int(regions.sel(lat=10.5, lon=190.5))]),
        Case(NUMERIC, "calibrate.Observations: sigma 0", "InputError naming sigma",
             lambda: Observations.gaussian(np.ones(3), 0.0), ("sigma",)),
        Case(NUMERIC, "calibrate.Observations: negative sigma", "InputError naming sigma",
             lambda: Observations.gaussian(np.ones(3), -1.0), ("sigma",)),
        Case(NUMERIC, "calibrate.Observations: NaN value", "InputError naming observations",
             lambda: Observations.gaussian(np.array([1.0, np.nan]), 1.0), ("observations",)),
        Case(NUMERIC, "calibrate.Observations.lognormal: zero value", "InputError naming observations",
             lambda: Observations.lognormal(np.array([1.0, 0.0]), rel_error=0.1), ("observations",)),
        Case(NUMERIC, "calibrate.Problem: forward gives 3 values for 4 observations", "InputError naming the shapes",
             lambda: problem(np.ones(4), 1.0, 3), ("shape", "observations")),
        Case(NUMERIC, "calibrate.Problem: forward gives 1 value for 4 observations (broadcast)",
             "InputError naming the shapes", lambda: problem(np.ones(4), 1.0, 1), ("shape", "observations")),
    ]


# ----------------------------------------------------------------------------------------------
# bad data files
# ----------------------------------------------------------------------------------------------

def shared_data() -> Path | None:
    from jaxocean.io.paths import shared_path
    p = shared_path("data")
    return p if p is not None and p.is_dir() else None


def corruptions(src: Path, tmp: Path):
    """(label, path) pairs: truncated, empty, text, zero-filled copies and a missing file."""
    out = []
    data = src.read_bytes()
    for label, content in (("truncated to 50%", data[: len(data) // 2]), ("empty (0 bytes)", b""),
                           ("text instead of data", b"this is not the expected file\n" * 4),
                           ("zero-filled", bytes(min(len(data), 4096)))):
        d = tmp / label.split()[0]
        d.mkdir(exist_ok=True)
        (d / src.name).write_bytes(content)
        out.append((label, d / src.name))
    out.append(("missing", tmp / "nowhere" / src.name))
    return out


def file_cases(tmp: Path):
    from jaxocean.boats.economics import read_economical
    from jaxocean.boats.forcing import read_geo_time, read_lme_mask, read_netcdf_forcing, read_region_npz
    from jaxocean.core.chunked import checkpoint_chunk, save_checkpoint
    from jaxocean.io.matlab import load_mat
    from jaxocean.io.netcdf import open_dataset
    from jaxocean.observations import read_sst_climatology, read_woa23_glodap
    from jaxocean.regions import read_etopo1_1deg, read_reccap2_regions
    from jaxocean.satellite import read_henson2012_maps
    from jaxocean.traps import read_mouw2016
    from jaxocean.traps.timeseries import read_aloha, read_cariaco, read_k2, read_ofp, read_pap, read_station_m
    from jaxocean.transport import read_ocim, write_ocim
    from jaxocean.transport.idealized import idealized_basin

    cases = []
    # files the tests can always write: OCIM .mat, checkpoint .npz, a plain netCDF, a v7.3 .mat
    own = tmp / "own"
    own.mkdir()
    write_ocim(own / "ocim.mat", idealized_basin(ny=6, nx=8))
    save_checkpoint(own / "checkpoint.npz", {"x": np.arange(1000.0)}, 2, "hash")
    xr.Dataset({"npp": (("lat",), np.arange(500.0))}).to_netcdf(own / "f.nc")
    import h5py
    with h5py.File(own / "v73.mat", "w", userblock_size=512) as h5:
        h5["x"] = np.random.default_rng(0).random((200, 200))
    raw = (own / "v73.mat").read_bytes()
    (own / "v73.mat").write_bytes(b"MATLAB 7.3 MAT-file".ljust(128) + raw[128:])
    readers = [("transport.read_ocim", own / "ocim.mat", read_ocim),
               ("core.chunked checkpoint", own / "checkpoint.npz", lambda p: checkpoint_chunk(p, "hash")),
               ("io.netcdf.open_dataset", own / "f.nc", lambda p: open_dataset(p, ["npp"])),
               ("io.matlab.load_mat v7.3", own / "v73.mat", load_mat)]
    data = shared_data()
    if data is not None:
        readers += [
            ("boats.read_netcdf_forcing", data / "boats/cesm_rcp85_intpp_zint_monthly_210001-210012.nc4",
             lambda p: read_netcdf_forcing(p, data / "boats/cesm_rcp85_to_zs_monthly_210001-210012.nc4")),
            ("boats.read_geo_time (.mat v5)", data / "boats/geo_time.mat", read_geo_time),
            ("boats.read_lme_mask (.mat)", data / "boats/LME_mask.mat", read_lme_mask),
            ("boats.read_economical (.npz)", data / "boats/Economical_v1.npz", read_economical),
            ("boats.read_region_npz", data / "boats/Ecological_region_SO_19x31_monclim.npz", read_region_npz),
            ("traps.read_mouw2016 (.tab)", data / "mouw2016_goflux/GO_flux.tab", read_mouw2016),
            ("traps.read_aloha (csv)", data / "ts_traps/aloha.csv", read_aloha),
            ("traps.read_k2 (csv)", data / "ts_traps/k2.csv", read_k2),
            ("traps.read_station_m (csv)", data / "ts_traps/m.csv", read_station_m),
            ("traps.read_ofp (csv)", data / "ts_traps/ofp.csv", read_ofp),
            ("traps.read_pap (xlsx)", data / "ts_traps/pap.xlsx", read_pap),
            ("traps.read_cariaco (xlsx)", data / "ts_traps/cariaco.xlsx", read_cariaco),
            ("observations.read_woa23_glodap", data / "woa23_glodap_coarse/worjh2_obs.nc", read_woa23_glodap),
            ("observations.read_sst_climatology", data / "sst_climatology/ersst_v5_sst.mon.ltm.1991-2020.nc",
             lambda p: read_sst_climatology("ersst_v5", p)),
            ("regions.read_reccap2_regions", data / "reccap2_masks/RECCAP2_region_masks_all_v20221025.nc",
             read_reccap2_regions),
            ("regions.read_etopo1_1deg (csv)", data / "henson_bcp_maps/etopo1_marmap_1deg.csv", read_etopo1_1deg),
            ("satellite.read_henson2012_maps (.mat)", data / "henson_bcp_maps/expHensonmod.mat", read_henson2012_maps),
        ]
    for label, src, reader in readers:
        work = tmp / label.replace(" ", "_").replace("/", "_")
        work.mkdir()
        cases.append(Case(FILES, f"{label}: the real/complete file", "reads", lambda r=reader, s=src: r(s),
                          ok=lambda r: r is not None))
        text = src.suffix.lower() in (".csv", ".tab")
        full = reader(src) if text else None
        for what, path in corruptions(src, work):
            expect, ok = "InputError naming the file", None
            if what == "missing" and "checkpoint" in label:
                expect, ok = "documented: None (no checkpoint, a fresh run)", lambda r: r is None
            elif what.startswith("truncated") and text:
                # a text table cut mid-file: its complete rows, or an error; never a cut row
                expect, ok = "the complete rows before the cut (or an error)", lambda r, f=full: is_prefix(r, f)
            cases.append(Case(FILES, f"{label}: {what}", expect, lambda r=reader, p=path: r(p), (path.name,), ok=ok))
    if data is not None:
        cases += levitus_cases(data, tmp) + netcdf_content_cases(data, tmp)
    return cases


def is_prefix(part, full) -> bool:
    """Whether table ``part`` holds the first rows of ``full`` exactly (NaN equal to NaN)."""
    n = len(part)
    return 0 < n <= len(full) and part.reset_index(drop=True).equals(full.iloc[:n].reset_index(drop=True))


def levitus_cases(data: Path, tmp: Path):
    from jaxocean.observations import read_levitus94

    cases = []
    for name in ("lev_t.bin", "bathymetry.bin"):
        for what in ("truncated", "missing"):
            d = tmp / f"levitus_{name}_{what}"
            shutil.copytree(data / "levitus94_4deg", d)
            if what == "truncated":
                raw = (d / name).read_bytes()
                (d / name).write_bytes(raw[: len(raw) // 2])
            else:
                (d / name).unlink()
            cases.append(Case(FILES, f"observations.read_levitus94: {name} {what}", "InputError naming the file",
                              lambda d=d: read_levitus94(d), (name,)))
    return cases


def netcdf_content_cases(data: Path, tmp: Path):
    """Well-formed netCDF files with the wrong content: a missing variable, Kelvin, flipped axes."""
    from jaxocean.boats.forcing import read_netcdf_forcing
    from jaxocean.observations import read_sst_climatology, read_woa23_glodap

    cases = []
    sst_src = data / "sst_climatology/ersst_v5_sst.mon.ltm.1991-2020.nc"
    woa_src = data / "woa23_glodap_coarse/worjh2_obs.nc"
    with xr.open_dataset(sst_src, decode_times=False) as ds:
        sst = ds.load()
    with xr.open_dataset(woa_src, decode_times=False) as ds:
        woa = ds.load()
    ref_sst = read_sst_climatology("ersst_v5", sst_src)
    var = [v for v in sst.data_vars if sst[v].ndim == 3][0]
    sst.drop_vars(var).to_netcdf(tmp / "sst_novar.nc")
    kelvin = sst.copy()
    kelvin[var] = kelvin[var] + 273.15
    kelvin[var].attrs["units"] = "K"
    kelvin.to_netcdf(tmp / "sst_kelvin.nc")
    kelvin[var].attrs["units"] = "degC"
    kelvin.to_netcdf(tmp / "sst_kelvin_as_degC.nc")
    sst.isel(lat=slice(None, None, -1)).to_netcdf(tmp / "sst_flipped.nc")
    rv = [v for v in ref_sst.data_vars if ref_sst[v].ndim >= 2][0]

    def same_sst(ds):
        return bool(np.allclose(ds[rv].sortby("lat").values, ref_sst[rv].sortby("lat").values,
                                rtol=1e-5, atol=1e-4, equal_nan=True))

    cases += [
        Case(FILES, "observations.read_sst_climatology: variable missing", "InputError naming file and variable",
             lambda: read_sst_climatology("ersst_v5", tmp / "sst_novar.nc"), ("sst_novar.nc",)),
        Case(FILES, "observations.read_sst_climatology: Kelvin labelled K", "converted: same SST",
             lambda: read_sst_climatology("ersst_v5", tmp / "sst_kelvin.nc"), ("sst_kelvin.nc",), ok=same_sst),
        Case(FILES, "observations.read_sst_climatology: Kelvin labelled degC", "InputError naming sst",
             lambda: read_sst_climatology("ersst_v5", tmp / "sst_kelvin_as_degC.nc"), ("sst",)),
        Case(FILES, "observations.read_sst_climatology: latitude descending", "same SST (by coordinate)",
             lambda: read_sst_climatology("ersst_v5", tmp / "sst_flipped.nc"), ok=same_sst),
    ]
    required = [v for v in woa.data_vars if woa[v].ndim >= 3 and v.lower().startswith(("dic", "talk", "ta", "t_"))]
    big = required or [v for v in woa.data_vars if woa[v].ndim >= 3]
    woa.drop_vars(big[0]).to_netcdf(tmp / "woa_novar.nc")
    cases.append(Case(FILES, f"observations.read_woa23_glodap: {big[0]} missing", "InputError naming file/variable",
                      lambda: read_woa23_glodap(tmp / "woa_novar.nc"), ("woa_novar.nc",)))
    npp = data / "boats/cesm_rcp85_intpp_zint_monthly_210001-210012.nc4"
    with xr.open_dataset(npp, decode_times=False) as ds:
        n = ds.load()
    v = [k for k in n.data_vars if n[k].ndim == 3][0]
    n[v].attrs.pop("units", None)
    n.to_netcdf(tmp / "npp_nounits.nc")
    cases.append(Case(FILES, "boats.read_netcdf_forcing: NPP without units", "InputError naming units",
                      lambda: read_netcdf_forcing(tmp / "npp_nounits.nc",
                                                  data / "boats/cesm_rcp85_to_zs_monthly_210001-210012.nc4"),
                      ("units", "npp")))
    return cases


# ----------------------------------------------------------------------------------------------
# bad TOML / CLI and faults (ensemble runs)
# ----------------------------------------------------------------------------------------------



def cli(*argv):
    """Run ``jaxocean ARGV`` in this process; return stderr on exit 0, else raise CliError."""
    from jaxocean.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = main(list(map(str, argv)))
        except SystemExit as e:               # argparse usage errors
            rc = e.code if isinstance(e.code, int) else 2
    text = err.getvalue().strip()
    if rc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        last = lines[-1] if lines else ""
        raise CliError(rc, last, "Traceback" not in text)
    return text


def in_folder(folder: Path, fn, *args):
    """``fn(*args)`` with ``folder`` (created) as the working directory."""
    folder.mkdir(parents=True, exist_ok=True)
    old = os.getcwd()
    os.chdir(folder)
    try:
        return fn(*args)
    finally:
        os.chdir(old)


def toml_cases(tmp: Path):
    d = tmp / "toml"
    d.mkdir()
    base = TOML

    def cfg(name, text):
        p = d / f"{name}.toml"
        p.write_text(text)
        return p

    def replace(old, new):
        assert old in base, old
        return base.replace(old, new)

    bad = {
        "invalid TOML": ("[ensemble\nname = ", ("toml",)),
        "unknown table": (base + "\n[extra]\nx = 1\n", ("extra", "table")),
        "unknown key (typo end_yaer)": (replace("end_year = 1952", "end_yaer = 1952"), ("end_yaer",)),
        "end before start": (replace("end_year = 1952", "end_year = 1940"), ("end_year", "start_year")),
        "start_year as string": (replace("start_year = 1950", 'start_year = "1950"'), ("start_year",)),
        "start_year float": (replace("start_year = 1950", "start_year = 1950.5"), ("start_year",)),
        "year 3000": (replace("end_year = 1952", "end_year = 3000"), ("end_year",)),
        "negative spinup": (replace("spinup_years = 0", "spinup_years = -3"), ("spinup_years",)),
        "coarsen 0": (replace("coarsen = 6", "coarsen = 0"), ("coarsen",)),
        "coarsen 7 (does not divide 36x72)": (replace("coarsen = 6", "coarsen = 7"), ("coarsen",)),
        "unknown param set": (replace("[6290]", "[1234]"), ("param_set",)),
        "param set as string": (replace("[6290]", '["6290"]'), ("param_set",)),   # or run as 6290
        "empty param_sets": (replace("[6290]", "[]"), ("member",)),
        "forcing without SSP": (replace('"GFDL-ESM4:ssp585"', '"GFDL-ESM4"'), ("forcing",)),
        "unknown ESM": (replace('"GFDL-ESM4:ssp585"', '"NOPE:ssp585"'), ("forcing",)),
        "unknown SSP": (replace('"GFDL-ESM4:ssp585"', '"GFDL-ESM4:ssp999"'), ("forcing",)),
        "fishing 'yes'": (replace("[true, false]", '["yes"]'), ("fishing",)),
        "missing [members]": (base.split("[members]")[0], ("members",)),
        "members list missing key": (base.split("[members]")[0] + '[[members.list]]\nparam_set = 6290\n', ("members",)),
        "both list and product": (base + '\n[[members.list]]\nparam_set = 6290\nforcing = "GFDL-ESM4:ssp585"\nfishing = true\n',
                                  ("members",)),
        "precision float16": (replace('coarsen = 6', 'coarsen = 6\nprecision = "float16"'), ("precision",)),
        "chunk_years 0": (replace('coarsen = 6', 'coarsen = 6\nchunk_years = 0'), ("chunk_years",)),
        "chunk_years 2 (3 years)": (replace('coarsen = 6', 'coarsen = 6\nchunk_years = 2'), ("chunk_years",)),
        "checkpoint_every 0": (replace('coarsen = 6', 'coarsen = 6\ncheckpoint_every = 0'), ("checkpoint_every",)),
        "base file missing": (replace('coarsen = 6', 'coarsen = 6\nbase = "nowhere.nc"'), ("base",)),
        "forcing 'cmip'": (replace('coarsen = 6', 'coarsen = 6\nforcing = "cmip"'), ("forcing",)),
        "isimip without a folder": (replace('coarsen = 6', 'coarsen = 6\nforcing = "isimip"\nisimip_dir = "nowhere"'),
                                    ("isimip_dir",)),
        "effort_freeze_year as string": (replace('coarsen = 6', 'coarsen = 6\neffort_freeze_year = "2015"'),
                                         ("effort_freeze_year",)),
        "transport circulation unknown": (base + '\n[transport]\ncirculation = "ocim9"\n', ("circulation",)),
        "transport ocim missing": (base + '\n[transport]\nocim = "nowhere.mat"\n', ("ocim",)),
        "transport tr_units per day": (base + '\n[transport]\ntr_units = "d-1"\n', ("tr_units",)),
        "transport unknown key": (base + '\n[transport]\nocmi = "x.mat"\n', ("ocmi",)),
        "name with a slash": (replace('name = "faults"', 'name = "a/../../b"'), ("name",)),
    }
    ok = {"param set as string": lambda text: "2 members" in text}   # int("6290"): the same run
    cases = []
    for label, (text, names) in bad.items():
        p = cfg(label.replace(" ", "_").replace("/", "_").replace("'", ""), text)
        if label == "name with a slash":      # the name matters without --out: runs/<name>
            cases.append(Case(CLI, f"TOML: {label}, default --out", "one-line error naming the field",
                              lambda p=p: in_folder(d / "cwd", cli, "ensemble", "--config", p, "--no-summary"),
                              names))
            continue
        cases.append(Case(CLI, f"TOML: {label}", "one-line error naming the field, before compute",
                          lambda p=p: cli("ensemble", "--config", p, "--out", d / f"out_{p.stem}", "--no-summary"),
                          names, ok=ok.get(label)))
    good = cfg("good", TOML)
    ocim = d / "ocim_trunc.mat"
    from jaxocean.transport import write_ocim
    from jaxocean.transport.idealized import idealized_basin
    write_ocim(ocim, idealized_basin(ny=6, nx=8))
    raw = ocim.read_bytes()
    ocim.write_bytes(raw[: int(len(raw) * 0.8)])
    trunc = cfg("ocim_truncated", base + f'\n[transport]\nocim = "{ocim}"\n')
    afile = d / "afile"
    afile.write_text("x")
    cases += [
        Case(CLI, "TOML: OCIM file truncated", "refused at config validation naming the file",
             lambda: cli("ensemble", "--config", trunc, "--out", d / "o1", "--no-summary"), ("ocim",)),
        Case(CLI, "CLI: config file missing", "one-line error naming the file",
             lambda: cli("ensemble", "--config", d / "nope.toml", "--no-summary"), ("nope.toml",)),
        Case(CLI, "CLI: config is a folder", "one-line error naming the file",
             lambda: cli("ensemble", "--config", d, "--no-summary"), ("config", str(d.name))),
        Case(CLI, "CLI: neither --config nor --preset", "one-line error", lambda: cli("ensemble", "--no-summary"),
             ("--config", "--preset")),
        Case(CLI, "CLI: both --config and --preset", "one-line error",
             lambda: cli("ensemble", "--config", good, "--preset", "demo"), ("--config", "--preset")),
        Case(CLI, "CLI: unknown preset", "usage error naming the choice",
             lambda: cli("ensemble", "--preset", "nope"), ("preset",)),
        Case(CLI, "CLI: unknown subcommand", "usage error", lambda: cli("ensmble"), ("ensmble", "choice")),
        Case(CLI, "CLI: misspelt flag", "usage error naming it",
             lambda: cli("ensemble", "--config", good, "--resmue"), ("--resmue",)),
        Case(CLI, "CLI: --devices 0", "one-line error naming --devices",
             lambda: cli("ensemble", "--config", good, "--out", d / "o2", "--devices", 0, "--no-summary"), ("devices",)),
        Case(CLI, "CLI: --devices 99", "one-line error naming --devices",
             lambda: cli("ensemble", "--config", good, "--out", d / "o3", "--devices", 99, "--no-summary"), ("devices",)),
        Case(CLI, "CLI: --devices abc", "usage error naming --devices",
             lambda: cli("ensemble", "--config", good, "--devices", "abc"), ("devices",)),
        Case(CLI, "CLI: --out is an existing file", "one-line error naming the folder",
             lambda: cli("ensemble", "--config", good, "--out", afile, "--no-summary"), ("afile",)),
        Case(CLI, "CLI: --resume into an empty folder", "documented: starts at the first year (no checkpoint)",
             lambda: (cli("ensemble", "--config", good, "--out", d / "empty", "--resume", "--no-summary"),
                      d / "empty" / "annual.nc")[1], ("resume", "checkpoint"),
             ok=lambda path: path.exists() and annual(path)["year"].tolist() == [1950, 1951, 1952]),
        Case(CLI, "CLI: --resume with --overwrite", "one-line error naming the flags",
             lambda: cli("ensemble", "--config", good, "--out", d / "o4", "--resume", "--overwrite", "--no-summary"),
             ("--resume", "--overwrite")),
        Case(CLI, "CLI: data with an unknown name", "one-line error naming the dataset",
             lambda: cli("data", "nope"), ("nope",)),
    ]
    return cases


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def bitwise(a, b) -> bool:
    try:
        return all(a[n].shape == b[n].shape and np.array_equal(a[n], b[n], equal_nan=True) for n in a)
    except Exception:  # noqa: BLE001
        return False


def fault_cases(tmp: Path):
    """Cases on a tiny ensemble; a solo run (in this process) is the reference of every check."""
    import netCDF4
    from jaxocean.core.atomic import atomic_path, output_lock
    from jaxocean.core.chunked import save_checkpoint

    root = tmp / "faults"
    root.mkdir()
    cfg = root / "tiny.toml"
    cfg.write_text(TOML)
    run_args = ("--config", cfg, "--no-summary")
    solo = root / "solo"
    cli("ensemble", *run_args, "--out", solo)
    ref = annual(solo / "annual.nc")

    def copy(name):
        dst = root / name
        shutil.copytree(solo, dst)
        (dst / ".jaxocean.lock").unlink(missing_ok=True)
        return dst

    def finished_kept(out, before):
        return lambda r: (out / "annual.nc").read_bytes() != before if (out / "annual.nc").exists() else True

    cases = []

    # kill mid-run, then --resume
    def kill_resume(sig_flag):
        out = root / f"kill_{sig_flag}"
        rc, tail = finish(start(cfg, out, "--kill-after", "1951"))
        assert rc == -signal.SIGKILL, (rc, tail)
        rc, tail = finish(start(cfg, out, "--resume"))
        if rc:
            raise CliError(rc, last_line(tail), False)
        return bitwise(annual(out / "annual.nc"), ref)
    cases.append(Case(FAULTS, "SIGKILL after year 2, then --resume", "bitwise identical to a solo run",
                      lambda: kill_resume("kill"), ok=bool))

    def overwrite_killed():
        out = copy("overwrite_killed")
        save_checkpoint(out / "checkpoint.npz", {"x": np.zeros(2)}, 2, "old-run")
        rc, _ = finish(start(cfg, out, "--overwrite", "--kill-after", "1950"))
        rc, tail = finish(start(cfg, out, "--resume"))
        if rc:
            raise CliError(rc, last_line(tail), False)
        return bitwise(annual(out / "annual.nc"), ref)
    cases.append(Case(FAULTS, "--overwrite killed before its first checkpoint, then --resume",
                      "resumes from the new run (not the old 'complete' checkpoint), bitwise",
                      overwrite_killed, ("checkpoint",), ok=bool))

    def concurrent():
        out = root / "shared"
        first = start(cfg, out, "--sleep", "1")
        deadline = time.time() + 300
        while not (out / "annual.partial.nc").exists():
            if first.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"first run did not start: {finish(first)}")
            time.sleep(0.1)
        try:
            cli("ensemble", *run_args, "--out", out)
            second = "second run accepted"
        except CliError as err:
            second = str(err) if err.rc == 2 and err.one_line and "in use" in str(err) else f"bad: {err}"
        rc, tail = finish(first)
        return {"second": second, "first_rc": rc,
                "first_bitwise": rc == 0 and bitwise(annual(out / "annual.nc"), ref)}
    cases.append(Case(FAULTS, "two concurrent runs into one --out", "second refused, first bitwise as solo",
                      concurrent, ok=lambda r: "in use" in r["second"] and r["first_bitwise"],
                      lost=lambda r: r["first_rc"] != 0 or not r["first_bitwise"]))

    def rerun_plain():
        out = copy("rerun_plain")
        before = (out / "annual.nc").read_bytes()
        try:
            cli("ensemble", *run_args, "--out", out)
        finally:
            if not (out / "annual.nc").exists() or (out / "annual.nc").read_bytes() != before:
                return "lost"
        return "rerun replaced the finished run"
    cases.append(Case(FAULTS, "rerun into a finished run without flags", "refused, annual.nc kept",
                      rerun_plain, ("--resume", "--overwrite"), lost=lambda r: r == "lost"))

    def resume_finished():
        out = copy("resume_finished")
        before = (out / "annual.nc").read_bytes()
        cli("ensemble", *run_args, "--out", out, "--resume")
        return (out / "annual.nc").read_bytes() == before
    cases.append(Case(FAULTS, "--resume of a finished run", "nothing to do, annual.nc unchanged",
                      resume_finished, ("complete", "finished"), ok=bool, lost=lambda r: not r))

    def resume_after(mutate, name):
        out = copy(name)
        mutate(out)
        cli("ensemble", *run_args, "--out", out, "--resume")
        return bitwise(annual(out / "annual.nc"), ref)

    def set_last(out, year):
        shutil.copy(out / "annual.nc", out / "annual.partial.nc")
        (out / "annual.nc").unlink()
        with netCDF4.Dataset(out / "annual.partial.nc", "a") as nc:
            nc.last_complete_year = np.int32(year)

    def truncate(path, keep=0.5):
        raw = path.read_bytes()
        path.write_bytes(raw[: int(len(raw) * keep)])

    for label, mutate, names in [
        ("annual.nc deleted, checkpoint complete", lambda o: (o / "annual.nc").unlink(), ("annual",)),
        ("annual file older than its checkpoint", lambda o: set_last(o, 1950), ("annual",)),
        ("checkpoint truncated", lambda o: truncate(o / "checkpoint.npz"), ("checkpoint.npz",)),
        ("checkpoint deleted, annual.nc kept", lambda o: (o / "checkpoint.npz").unlink(), ("checkpoint",)),
        ("checkpoint zero bytes", lambda o: (o / "checkpoint.npz").write_bytes(b""), ("checkpoint.npz",)),
        ("annual.partial.nc truncated mid-run", lambda o: (set_last(o, 1951), truncate(o / "annual.partial.nc")),
         ("annual.partial.nc",)),
        ("stale temp files and lock from a killed run", lambda o: ((o / ".annual.x.tmp.nc").write_bytes(b"junk"),
                                                                  (o / ".jaxocean.lock").write_text("")), ()),
    ]:
        cases.append(Case(FAULTS, f"--resume: {label}", "one-line error naming the file, or a bitwise repair",
                          lambda m=mutate, n=label: resume_after(m, n.split(",")[0].replace(" ", "_")), names,
                          ok=bool, lost=lambda r: r is False))

    def changed_config():
        out = root / "changed"
        rc, _ = finish(start(cfg, out, "--kill-after", "1951"))
        other = root / "other.toml"
        other.write_text(TOML.replace("fishing = [true, false]", "fishing = [false, true]"))
        cli("ensemble", "--config", other, "--no-summary", "--out", out, "--resume")
        return "resumed with another config"
    cases.append(Case(FAULTS, "--resume with a changed config", "one-line error: config differs",
                      changed_config, ("config",)))

    def summary_missing_year():
        from jaxocean.ensemble.runner import EnsembleRun
        from jaxocean.ensemble.spec import from_toml
        from jaxocean.ensemble.summary import summarise
        out = copy("holes")
        with netCDF4.Dataset(out / "annual.nc", "a") as nc:
            nc["biomass"][1, 1] = np.nan
        return summarise(EnsembleRun(from_toml(cfg), out, out / "annual.nc", "demo", None))
    cases.append(Case(FAULTS, "summary of a run with a missing year", "InputError naming the year",
                      summary_missing_year, ("year",)))

    def summary_while_locked():
        from jaxocean.ensemble.runner import EnsembleRun
        from jaxocean.ensemble.spec import from_toml
        from jaxocean.ensemble.summary import summarise
        out = copy("summary_locked")
        holder = subprocess.Popen([sys.executable, "-c",
                                   "import sys, time; sys.path.insert(0, sys.argv[2]);"
                                   "from jaxocean.core.atomic import output_lock\n"
                                   "with output_lock(sys.argv[1]):\n print('held', flush=True); time.sleep(60)",
                                   str(out), str(ROOT)], stdout=subprocess.PIPE, text=True)
        try:
            holder.stdout.readline()
            summarise(EnsembleRun(from_toml(cfg), out, out / "annual.nc", "demo", None))
        finally:
            holder.kill()
            holder.wait()
        return "summarised a folder another process holds"
    cases.append(Case(FAULTS, "summary while another process holds the run folder", "InputError: folder in use",
                      summary_while_locked, ("in use",)))

    def summary_truncated():
        from jaxocean.ensemble.runner import EnsembleRun
        from jaxocean.ensemble.spec import from_toml
        from jaxocean.ensemble.summary import summarise
        out = copy("trunc_annual")
        truncate(out / "annual.nc")
        return summarise(EnsembleRun(from_toml(cfg), out, out / "annual.nc", "demo", None))
    cases.append(Case(FAULTS, "summary of a truncated annual.nc", "InputError naming annual.nc",
                      summary_truncated, ("annual.nc",)))

    def readonly_out():
        out = root / "readonly"
        out.mkdir()
        out.chmod(0o555)
        try:
            cli("ensemble", *run_args, "--out", out)
        finally:
            out.chmod(0o755)
        return "ran into a read-only folder"
    def readonly_parent():
        parent = root / "roparent"
        parent.mkdir()
        parent.chmod(0o555)
        try:
            cli("ensemble", *run_args, "--out", parent / "sub")
        finally:
            parent.chmod(0o755)
        return "created a folder under a read-only parent"
    def readonly_annual():
        out = copy("ro_annual")
        (out / "annual.nc").chmod(0o444)
        before = (out / "annual.nc").read_bytes()
        try:
            cli("ensemble", *run_args, "--out", out, "--overwrite")
        finally:
            keep = (out / "annual.nc").exists()
        return keep or before is None
    root_user = os.geteuid() == 0
    cases += [
        Case(FAULTS, "--out folder read-only", "one-line error naming the folder", readonly_out,
             ("readonly", "permission"), ok=lambda r: root_user),
        Case(FAULTS, "--out under a read-only parent", "one-line error naming the folder", readonly_parent,
             ("roparent", "permission"), ok=lambda r: root_user),
        Case(FAULTS, "--overwrite of a run whose annual.nc is read-only", "replaced (the folder is writable) or refused",
             readonly_annual, ("annual.nc",), ok=bool),
    ]

    def atomic_failure():
        target = root / "atomic.txt"
        target.write_text("old")
        try:
            with atomic_path(target) as tmp_file:
                tmp_file.write_text("half")
                raise RuntimeError("writer crashed")
        except RuntimeError:
            pass
        return target.read_text() == "old" and not list(root.glob(".atomic.*"))
    cases.append(Case(FAULTS, "writer crashes inside atomic_path", "old file intact, no temp left",
                      atomic_failure, ok=bool, lost=lambda r: not r))

    def lock_twice():
        with output_lock(root / "locked"):
            out = subprocess.run([sys.executable, "-c",
                                  "import sys; sys.path.insert(0, sys.argv[2]);"
                                  "from jaxocean.core.atomic import output_lock\n"
                                  "with output_lock(sys.argv[1]): print('acquired')",
                                  str(root / "locked"), str(ROOT)], capture_output=True, text=True)
        if out.returncode == 0:
            return "second process acquired the lock"
        raise CliError(2, out.stderr.strip().splitlines()[-1], True)
    cases.append(Case(FAULTS, "output_lock held, another process asks", "InputError naming the folder",
                      lock_twice, ("in use",)))

    def sigterm_resume():
        out = root / "sigterm"
        proc = subprocess.Popen([sys.executable, "-c",
                                 "import sys; sys.path.insert(0, sys.argv[1]);"
                                 "from jaxocean.cli import main; sys.exit(main(sys.argv[2:]))",
                                 str(ROOT), "ensemble", "--config", str(cfg), "--out", str(out), "--no-summary"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 300
        while not (out / "checkpoint.npz").exists():
            if proc.poll() is not None or time.time() > deadline:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=120)
        if not (out / "annual.nc").exists():
            cli("ensemble", *run_args, "--out", out, "--resume")
        return bitwise(annual(out / "annual.nc"), ref)
    cases.append(Case(FAULTS, "SIGTERM mid-run, then --resume", "bitwise identical to a solo run",
                      sigterm_resume, ok=bool))
    return cases


# ----------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run only categories starting with this text")
    ap.add_argument("--verbose", action="store_true", help="print every case, not only the failures")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jaxocean-audit-") as tmp:
        tmp = Path(tmp)
        (tmp / "files").mkdir()
        builders = [(NUMERIC, f) for f in (carbonate_cases, recom_cases, boats_cases, export_cases,
                                           transport_cases, observation_cases)]
        builders += [(FILES, lambda: file_cases(tmp / "files")), (CLI, lambda: toml_cases(tmp)),
                     (FAULTS, lambda: fault_cases(tmp))]
        counts = {c: dict.fromkeys(OUTCOMES, 0) for c in CATEGORIES}
        failures = []
        for category, build in builders:
            if not category.startswith(args.only):
                continue
            try:
                cases = build()
            except Exception:  # noqa: BLE001
                print(f"building the cases of {category!r} failed:\n{traceback.format_exc()}")
                continue
            for case in cases:
                outcome, detail = classify(case)
                counts[category][outcome] += 1
                bad = outcome in ("unhelpful crash", "silent wrong result", "data lost")
                if bad:
                    failures.append((case, outcome, detail))
                if args.verbose or bad:
                    print(f"[{outcome:>19}] {case.category[:12]:12} | {case.name} | expect: {case.expect} "
                          f"| got: {detail}", flush=True)
    print()
    print("| category | cases | " + " | ".join(OUTCOMES) + " |")
    print("|---|---:|" + "---:|" * len(OUTCOMES))
    for category in CATEGORIES:
        row = counts[category]
        if sum(row.values()):
            print(f"| {category} | {sum(row.values())} | " + " | ".join(str(row[o]) for o in OUTCOMES) + " |")
    total = {o: sum(counts[c][o] for c in CATEGORIES) for o in OUTCOMES}
    print(f"| **total** | {sum(total.values())} | " + " | ".join(str(total[o]) for o in OUTCOMES) + " |")
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {time.perf_counter() - t0:.0f} s, "
          f"jaxocean {jaxocean.__version__}, JAX {jax.__version__} on {jax.devices()[0].platform}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
