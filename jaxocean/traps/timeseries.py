"""Readers for six long time-series sediment-trap records (as compiled for Cael et al. 2021, GRL).

Each ``read_<station>(path)`` returns the tidy table of ``jaxocean.traps.mouw.TIDY_COLUMNS``
(fluxes in mg C m-2 d-1, depths in m). Station coordinates, trap depths not stored in the
files, and water depths are the published station values in ``STATIONS`` (documented
there); missing-value codes (-9, NA, NT, CC, #VALUE!, blanks) become NaN.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from jaxocean.core.validate import InputError, check_last_row, file_errors
from jaxocean.traps.mouw import TIDY_COLUMNS, pic_from_caco3

# name: (lat, lon, water depth [m], file). Coordinates from the data README; water depths:
# ALOHA 4750 m (Karl et al. 1996), K2 5200 m and deep trap 4810 m (Honda & Kawakami 2014,
# GRL 41, 3959), Station M 4100 m (Smith et al. 2013), OFP 4500 m (Conte et al. 2001),
# CARIACO 1400 m (Montes et al. 2012), PAP 4850 m (Lampitt et al. 2010).
STATIONS = {
    "ALOHA": (22.75, -158.0, 4750.0, "aloha.csv"),
    "K2": (47.0, 160.0, 5200.0, "k2.csv"),
    "M": (34.8, -123.0, 4100.0, "m.csv"),
    "OFP": (31.8, -64.2, 4500.0, "ofp.csv"),
    "CARIACO": (10.5, -64.67, 1400.0, "cariaco.xlsx"),
    "PAP": (49.0, -16.5, 4850.0, "pap.xlsx"),
}
K2_TRAP_DEPTH_M = 4810.0
OFP_TRAP_DEPTH_M = 3200.0
PAP_TRAP_DEPTH_M = 3000.0
CARIACO_TRAP_DEPTHS_M = {"Z": 152.0, "A": 225.0, "B": 410.0, "C": 810.0, "D": 1210.0}  # file legend
MISSING = ["-9", "-9.0", "NA", "NT", "CC", "#VALUE!", "", " "]


def _num(x) -> pd.Series:
    """Numbers with every missing-value code (and -9) as NaN."""
    v = pd.to_numeric(pd.Series(x).replace(MISSING, np.nan), errors="coerce")
    return v.where(v != -9.0)


def _tidy(station: str, start, duration, trap_depth, pic, poc, pic_from: str) -> pd.DataFrame:
    lat, lon, water, _ = STATIONS[station]
    start = pd.to_datetime(pd.Series(start)).reset_index(drop=True)
    duration = _num(duration).reset_index(drop=True)
    t = pd.DataFrame({
        "site": f"ts:{station}", "lat": lat, "lon": lon,
        "trap_depth": np.broadcast_to(np.asarray(trap_depth, float), len(start)),
        "water_depth": water, "start": start, "end": start + pd.to_timedelta(duration, unit="D"),
        "duration": duration, "pic": _num(pic).to_numpy(), "poc": _num(poc).to_numpy(),
        "pic_from": pic_from, "kind": "sediment_trap", "source": f"time series {station}",
    })
    t.loc[t["pic"].isna(), "pic_from"] = ""
    return t[TIDY_COLUMNS]


@file_errors("HOT/ALOHA trap file")
def read_aloha(path) -> pd.DataFrame:
    """HOT station ALOHA traps: 4 header lines; start month/day/year/hour; pc (taken as POC), pic [mg m-2 d-1]."""
    check_last_row(path)
    t = pd.read_csv(path, skiprows=4, header=None, dtype=str)
    t = t[_num(t[0]).notna()]
    start = pd.to_datetime(dict(year=_num(t[5]), month=_num(t[3]), day=_num(t[4]))) \
        + pd.to_timedelta(_num(t[6]).fillna(0.0).to_numpy(), unit="h")
    return _tidy("ALOHA", start, t[11], _num(t[12]), t[19], t[13], "PIC")


@file_errors("K2 trap file")
def read_k2(path) -> pd.DataFrame:
    """JAMSTEC K2 deep trap (4810 m): open day (d-Mon-yy), interval [d], Org-C and CaCO3 flux [mg m-2 d-1]."""
    check_last_row(path)
    t = pd.read_csv(path, skiprows=7, header=None, dtype=str)
    t = t[t[1].notna() & _num(t[2]).notna()]
    start = pd.to_datetime(t[1].str.strip(), format="%d-%b-%y")
    return _tidy("K2", start, t[2], K2_TRAP_DEPTH_M, pic_from_caco3(_num(t[6])), t[4], "CaCO3")


@file_errors("Station M trap file")
def read_station_m(path) -> pd.DataFrame:
    """Station M: one row per day of each cup; depth given in metres above bottom (MAB)."""
    check_last_row(path)
    t = pd.read_csv(path, dtype=str)
    t = t.rename(columns={t.columns[0]: "mab", t.columns[2]: "open", t.columns[5]: "dur",
                          t.columns[6]: "poc", t.columns[8]: "pic"})
    t = t[_num(t["mab"]).notna()].drop_duplicates(["mab", "open", "dur"])
    depth = STATIONS["M"][2] - _num(t["mab"]).to_numpy()
    start = pd.to_datetime(t["open"], format="%m/%d/%Y")
    return _tidy("M", start, t["dur"], depth, t["pic"], t["poc"], "PIC")


@file_errors("OFP trap file")
def read_ofp(path) -> pd.DataFrame:
    """Oceanic Flux Program 3200 m: data rows start with '%'; year, month, day, days open, CaCO3, Corg [mg m-2 d-1]."""
    check_last_row(path)
    t = pd.read_csv(path, skiprows=5, header=None, dtype=str)
    t = t[t[0].fillna("").str.startswith("%") & _num(t[9]).notna()]
    start = pd.to_datetime(dict(year=_num(t[3]), month=_num(t[4]), day=_num(t[5])))
    return _tidy("OFP", start, t[9], OFP_TRAP_DEPTH_M, pic_from_caco3(_num(t[11])), t[12], "CaCO3")


@file_errors("CARIACO trap file")
def read_cariaco(path) -> pd.DataFrame:
    """CARIACO: five traps (Z, A-D) side by side; orgc and caco3 in g m-2 d-1 (converted to mg)."""
    raw = pd.read_excel(path, header=None)
    row = raw.index[raw.iloc[:, 0].astype(str).str.strip() == "Date Cup Opens"]
    if len(row) != 1:
        raise InputError(f"{path}: CARIACO header row 'Date Cup Opens' not found")
    t = raw.iloc[row[0] + 1:]
    t.columns = [str(c).strip() for c in raw.iloc[row[0]]]
    t = t[pd.to_datetime(t.iloc[:, 0], errors="coerce").notna()]
    start = pd.to_datetime(t.iloc[:, 0])
    parts = [_tidy("CARIACO", start, t["duration"], depth, 1e3 * pic_from_caco3(_num(t[f"{trap}-caco3"])),
                   1e3 * _num(t[f"{trap}-orgc"]), "CaCO3")
             for trap, depth in CARIACO_TRAP_DEPTHS_M.items()]
    return pd.concat(parts, ignore_index=True)


@file_errors("PAP trap file")
def read_pap(path) -> pd.DataFrame:
    """PAP 3000 m trap: 'Start calc', 'Interval' [d], 'C ORG' and 'PIC' [mg C m-2 d-1]."""
    raw = pd.read_excel(path, header=None)
    names = [str(c).strip() for c in raw.iloc[0]]
    want = {"Start calc": 4, "Interval": 5, "C ORG": 15, "PIC": 16}
    if any(names[k] != name for name, k in want.items()):
        raise InputError(f"{path}: PAP columns {list(want)} not at positions {list(want.values())}")
    t = raw.iloc[2:]
    t = t[pd.to_datetime(t[4], errors="coerce").notna()]
    start = pd.to_datetime(t[4]).dt.normalize()
    return _tidy("PAP", start, t[5], PAP_TRAP_DEPTH_M, t[16], t[15], "PIC")


_READERS = {"ALOHA": read_aloha, "K2": read_k2, "M": read_station_m, "OFP": read_ofp,
            "CARIACO": read_cariaco, "PAP": read_pap}


@file_errors("time-series trap folder")
def read_timeseries_traps(folder, stations=tuple(STATIONS)) -> pd.DataFrame:
    """All (or the named) time-series trap records in ``folder`` as one tidy table."""
    folder = Path(folder)
    parts = []
    for name in stations:
        path = folder / STATIONS[name][3]
        if not path.exists():
            raise InputError(f"time-series trap {name}: {path} does not exist")
        parts.append(_READERS[name](path))
    return pd.concat(parts, ignore_index=True)
