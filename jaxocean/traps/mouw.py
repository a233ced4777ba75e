"""Reader for the Mouw et al. (2016) global sediment-trap compilation (PANGAEA tab file).

Mouw, C. B. et al. (2016), Global ocean particulate organic carbon flux merged with
satellite parameters, ESSD 8, 531-541; data doi:10.1594/PANGAEA.855594 (``GO_flux.tab``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from jaxocean.core.units import MOLAR_MASS_C
from jaxocean.core.validate import InputError, check_last_row, file_errors

MOLAR_MASS_CACO3 = 100.0869  # g mol-1 (IUPAC); PIC = CaCO3 * 12.011 / 100.09
TIDY_COLUMNS = ["site", "lat", "lon", "trap_depth", "water_depth", "start", "end", "duration",
                "pic", "poc", "pic_from", "kind", "source"]

# PANGAEA column header prefix -> tidy name (matched on the text before " [" / " (").
_COLUMNS = {
    "ID (Unique location identifier)": "location_id",
    "Type (Data type)": "kind",
    "Latitude": "lat",
    "Longitude": "lon",
    "Elevation [m a.s.l.]": "elevation",
    "Bathy depth [m]": "bathy_depth",
    "Depth water [m]": "trap_depth",
    "Date/Time (Deployed)": "start",
    "Date/time end (Retrieved)": "end",
    "Duration [days]": "duration",
    "POC flux [mg/m**2/day]": "poc",
    "PIC flux [mg/m**2/day]": "pic_measured",
    "CaCO3 flux [mg/m**2/day]": "caco3",
    "Reference": "reference",
}


def _header_lines(path: Path) -> int:
    """Number of lines of the PANGAEA ``/* ... */`` metadata block (0 if none)."""
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
        if not first.startswith("/*"):
            return 0
        n = 1
        for line in fh:
            n += 1
            if line.startswith("*/"):
                return n
    raise InputError(f"{path}: PANGAEA header '/*' is not closed by '*/'")


def pic_from_caco3(caco3):
    """PIC carbon flux from a CaCO3 mass flux (same units): CaCO3 * M_C / M_CaCO3."""
    return np.asarray(caco3, dtype=float) * MOLAR_MASS_C / MOLAR_MASS_CACO3


@file_errors("PANGAEA .tab (Mouw et al. 2016)")
def read_mouw2016(path) -> pd.DataFrame:
    """Tidy table of the Mouw (2016) ``GO_flux.tab`` file, one row per deployment/cup.

    Columns (units): site (str, ``mouw:<location id>``), lat, lon [deg N, deg E],
    trap_depth [m], water_depth [m, positive; ETOPO1 column, else -elevation, else NaN],
    start, end [datetime64], duration [d], pic, poc [mg C m-2 d-1], pic_from ("PIC",
    "CaCO3" or ""), kind ("sediment_trap" / "th234"), source (reference text).
    PIC is the PIC column where given, else CaCO3 * 12.011 / 100.09.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"Mouw 2016 trap file: {path} does not exist")
    check_last_row(path, "\t")
    raw = pd.read_csv(path, sep="\t", skiprows=_header_lines(path), low_memory=False)
    rename = {}
    for col in raw.columns:
        for prefix, name in _COLUMNS.items():
            if col.startswith(prefix):
                rename[col] = name
    missing = sorted(set(_COLUMNS.values()) - set(rename.values()))
    if missing:
        raise InputError(f"{path}: Mouw 2016 columns not found for {missing}")
    d = raw.rename(columns=rename)
    pic = d["pic_measured"].to_numpy(float)
    from_caco3 = np.isnan(pic) & d["caco3"].notna().to_numpy()
    pic = np.where(from_caco3, pic_from_caco3(d["caco3"]), pic)
    water = d["bathy_depth"].to_numpy(float)
    water = np.where(np.isnan(water), -d["elevation"].to_numpy(float), water)
    out = pd.DataFrame({
        "site": "mouw:" + d["location_id"].astype(int).astype(str),
        "lat": d["lat"].astype(float), "lon": d["lon"].astype(float),
        "trap_depth": d["trap_depth"].astype(float), "water_depth": water,
        "start": pd.to_datetime(d["start"], errors="coerce"),
        "end": pd.to_datetime(d["end"], errors="coerce"),
        "duration": d["duration"].astype(float),
        "pic": pic, "poc": d["poc"].astype(float),
        "pic_from": np.where(d["pic_measured"].notna(), "PIC", np.where(from_caco3, "CaCO3", "")),
        "kind": d["kind"].astype(str),
        "source": d["reference"].fillna("Mouw et al. 2016").astype(str),
    })
    return out[TIDY_COLUMNS]
