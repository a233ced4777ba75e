import numpy as np
import pytest

from jaxocean.core.validate import InputError
from jaxocean.traps import TIDY_COLUMNS, pic_from_caco3, read_mouw2016

HEADER = "/* DATA DESCRIPTION:\nCitation:\ttest\n*/\n"
COLUMNS = ["ID (Reference identifier)", "ID (Unique location identifier)", "Type (Data type)", "Latitude",
           "Longitude", "Type (Sediment trap type)", "Elevation [m a.s.l.] (Total water depth)",
           "Bathy depth [m] (ETOPO1 bathymetry)", "Depth water [m] (Sediment trap deployment depth)",
           "Date/Time (Deployed)", "Date/time end (Retrieved)", "Duration [days]",
           "POC flux [mg/m**2/day]", "PIC flux [mg/m**2/day]", "CaCO3 flux [mg/m**2/day]", "Reference"]


def write_tab(path, rows):
    lines = [HEADER + "\t".join(COLUMNS)] + ["\t".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_small_pangaea_file(tmp_path):
    rows = [
        [1, 7, "sediment_trap", 31.5, -64.2, "x", -4500, 4490, 500, "1990-01-01T00:00:00", "1990-01-15T00:00:00",
         14, 10.0, 2.5, 30.0, "A et al."],
        [1, 7, "sediment_trap", 31.5, -64.2, "x", -4500, "", 1500, "1990-01-15T00:00:00", "1990-01-29T00:00:00",
         14, 5.0, "", 25.0, ""],
        [2, 9, "th234", 10.0, 170.0, "", "", "", 100, "2000-05-01T00:00:00", "", 0, 8.0, "", "", ""],
    ]
    df = read_mouw2016(write_tab(tmp_path / "t.tab", rows))
    assert list(df.columns) == TIDY_COLUMNS
    assert df["pic"].iloc[0] == 2.5 and df["pic_from"].iloc[0] == "PIC"          # PIC column wins
    assert df["pic"].iloc[1] == pytest.approx(25.0 * 12.011 / 100.0869)          # else CaCO3
    assert df["pic_from"].iloc[1] == "CaCO3" and np.isnan(df["pic"].iloc[2])
    assert df["water_depth"].tolist()[:2] == [4490.0, 4500.0]                     # ETOPO1, else -elevation
    assert np.isnan(df["water_depth"].iloc[2])
    assert df["site"].iloc[0] == "mouw:7" and df["source"].iloc[1] == "Mouw et al. 2016"
    assert df["start"].iloc[1].day == 15 and df["duration"].iloc[0] == 14.0


def test_missing_column_is_named(tmp_path):
    p = tmp_path / "bad.tab"
    p.write_text(HEADER + "Latitude\tLongitude\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="POC flux|poc"):
        read_mouw2016(p)
    with pytest.raises(InputError, match="does not exist"):
        read_mouw2016(tmp_path / "none.tab")


def test_real_mouw_file(mouw):
    assert len(mouw) == 15792
    counts = mouw["pic_from"].value_counts()
    assert counts["PIC"] == 5870 and counts["CaCO3"] == 5260          # README: 5870 PIC, 5627 CaCO3 (367 both)
    assert (mouw["pic_from"] != "").sum() == 11130                     # README: 11,130 with either
    assert mouw.loc[mouw["pic_from"] != "", "site"].nunique() == 229   # README: 229 sites
    assert (mouw["kind"] == "th234").sum() == 587
    assert mouw["trap_depth"].min() == 10.0 and mouw["trap_depth"].max() == 5847.0
    assert np.allclose(pic_from_caco3([100.0869]), 12.011)
