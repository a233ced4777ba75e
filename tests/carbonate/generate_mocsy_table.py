"""Write tests/carbonate/data/mocsy_vars.csv: mocsy's ``vars`` on a grid, called as REcoM calls it.

NOT run by the tests or CI; it documents how the committed table was made. mocsy's code is
never committed here: build it yourself outside the repository.

Reference code: mocsy (Orr & Epitalon 2015, GMD 8:485), https://github.com/jamesorr/mocsy,
commit 65ac49e (v2.4.0, the interface with ``optS`` that FESOM-REcoM vendors). REcoM calls
``vars``/``vars_sprac`` (recom_carbonate_chemistry / flxco2 in gasx.f90) with
optCON='mol/m3', optT='Tpot', optP='m', optB='u74', optK1K2='l', optKf='dg',
optGAS='Pinsitu', optS='Sprc'.

Build (gfortran; ~1 min)::

    git clone https://github.com/jamesorr/mocsy /tmp/mocsy   # checked with gfortran 12.2
    mkdir -p /tmp/mocsy_build && cd /tmp/mocsy_build
    # 1. singledouble.f90 = src/singledouble.m4 expanded for double precision:
    #      MODULE msingledouble; INTEGER, PARAMETER :: rx = KIND(1.0d0), r8 = KIND(1.0d0),
    #      wp = KIND(1.0d0); END MODULE
    # 2. if src/GSW/gsw_mod_saar_data.f90 (the TEOS-10 SAAR atlas, 2 MB) is missing from
    #    your copy, a stub module with the same names and 2x2x2 zero arrays replaces it: it
    #    is used only for absolute salinity (optS='Sabs' or optT='Tcsv'), never by this call.
    # 3. drive_vars.f90, a 30-line program: ``use mvars``; per stdin line read
    #      mode temp sal alk dic sil phos patm depth lat
    #    and call ``vars(ph, pco2, fco2, co2, hco3, co3, OmegaA, OmegaC, BetaD, rhoSW, p,
    #    tempis, temp, sal, alk, dic, sil, phos, patm, depth, lat, 1, optCON=..., optT=...,
    #    optP=..., optB='u74', optK1K2='l  ', optKf='dg', optGAS='Pinsitu', optS='Sprc')``
    #    with mode 1: optCON='mol/m3', optT='Tpot   ', optP='m ' (REcoM's model units) and
    #    mode 2: optCON='mol/kg', optT='Tinsitu', optP='db' (in-situ T, pressure in dbar);
    #    write the 12 outputs with format '(12ES25.16E3)'.
    # 4. compile, in dependency order, with
    #      gfortran -ffree-line-length-none -fPIC -cpp -DUSE_PRECISION=2 -O0 -I/tmp/mocsy/src -c
    #    the GSW modules and tools listed in mocsy's Makefile, src/DNAD.f90, singledouble.f90,
    #    eos, sw_adtg, sw_ptmp, sw_temp, tpot, tis, p80, phsolvers, rho, rhoinsitu,
    #    depth2press, constants, varsolver, vars, drive_vars; link all *.o into drive_vars.
    python3 tests/carbonate/generate_mocsy_table.py /tmp/mocsy_build/drive_vars

Columns: mode (1: REcoM model units, 2: data units), the inputs (temp [degC, potential for
mode 1, in situ for mode 2], sal, alk, dic, sil, phos [mol/m3 for mode 1, mol/kg for mode 2],
patm [atm], depth [m for mode 1, dbar for mode 2], lat [deg N]) and the outputs of ``vars``
(ph total scale, pco2 and fco2 [uatm], co2, hco3, co3 [input units], omega_a, omega_c, revelle
(BetaD), rho_sw [kg/m3], p [dbar], tempis [degC]).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).parent / "data" / "mocsy_vars.csv"
INPUTS = ["mode", "temp", "sal", "alk", "dic", "sil", "phos", "patm", "depth", "lat"]
OUTPUTS = ["ph", "pco2", "fco2", "co2", "hco3", "co3", "omega_a", "omega_c", "revelle",
           "rho_sw", "p", "tempis"]


def input_grid(seed: int = 11) -> np.ndarray:
    """Corners and centre of T -2..35 degC, S 5..42, P 0..6000 dbar, DIC 1800..2400, TA
    1900..2600 umol/kg (no nutrients), plus random interior points with PO4 0..3.5 and
    SiO4 0..180 umol/kg and atmospheric pressure 0.95..1.05 atm. Rows in data units (mode 2)."""
    axes = [(-2.0, 16.5, 35.0), (5.0, 23.5, 42.0), (0.0, 3000.0, 6000.0), (1800.0, 2100.0, 2400.0),
            (1900.0, 2250.0, 2600.0)]
    rows = [(t, s, p, dic, ta, 0.0, 0.0, 1.0, 0.0) for t, s, p, dic, ta in itertools.product(*axes)]
    rng = np.random.default_rng(seed)
    n = 150
    rnd = np.column_stack([rng.uniform(-2.0, 35.0, n), rng.uniform(5.0, 42.0, n),
                           rng.uniform(0.0, 6000.0, n), rng.uniform(1800.0, 2400.0, n),
                           rng.uniform(1900.0, 2600.0, n), rng.uniform(0.0, 3.5, n),
                           rng.uniform(0.0, 180.0, n), rng.uniform(0.95, 1.05, n),
                           rng.uniform(-80.0, 80.0, n)])
    return np.vstack([np.array(rows), rnd])


def driver_lines(grid: np.ndarray) -> list[str]:
    """Both calls for each grid row: mode 2 in data units (mol/kg, in-situ T, dbar) and mode 1
    in REcoM units (the same numbers as mmol/m3 -> mol/m3, T as potential T, P as depth m)."""
    lines = []
    for t, s, p, dic, ta, po4, sio4, patm, lat in grid:
        for mode, scale in ((2, 1e-6), (1, 1e-3)):
            values = (t, s, ta * scale, dic * scale, sio4 * scale, po4 * scale, patm, p, lat)
            lines.append(f"{mode} " + " ".join(f"{v:.17g}" for v in values))
    return lines


def main(driver: str) -> None:
    lines = driver_lines(input_grid())
    run = subprocess.run([driver], input="\n".join(lines) + "\n", capture_output=True, text=True,
                         check=True)
    outputs = [row.split() for row in run.stdout.strip().splitlines()]
    assert len(outputs) == len(lines), (len(outputs), len(lines))
    header = ("# mocsy v2.4.0 (jamesorr/mocsy 65ac49e) vars with optB='u74' optK1K2='l' optKf='dg' "
              "optGAS='Pinsitu' optS='Sprc'; mode 1: optCON='mol/m3' optT='Tpot' optP='m'; "
              "mode 2: optCON='mol/kg' optT='Tinsitu' optP='db'. "
              "Written by tests/carbonate/generate_mocsy_table.py\n")
    with open(OUT, "w") as f:
        f.write(header + ",".join(INPUTS + OUTPUTS) + "\n")
        for line, out in zip(lines, outputs):
            values = line.split()
            f.write(",".join([values[0]] + [f"{float(v):.17g}" for v in values[1:]]
                             + [f"{float(v):.16e}" for v in out]) + "\n")
    print(f"wrote {len(lines)} rows to {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/mocsy_build/drive_vars")
