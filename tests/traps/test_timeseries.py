import numpy as np
import pandas as pd
import pytest

from jaxocean.core.validate import InputError
from jaxocean.traps import STATIONS, TIDY_COLUMNS, read_timeseries_traps
from jaxocean.traps.timeseries import (read_aloha, read_cariaco, read_k2, read_ofp, read_pap,
                                       read_station_m)

CACO3_TO_PIC = 12.011 / 100.0869


def test_aloha_layout(tmp_path):
    p = tmp_path / "aloha.csv"
    p.write_text(
        "exp,trap,cup,start,start,start,start,end,end,end,end,time,depth,pc,pc,pn,pn,pp,pp,pic,psi,mass,mass,n15,n15\n"
        ",,,month,day,year,hour,month,day,year,hour,,,mean,sd,mean,sd,mean,sd,,,mean,sd,mean,sd\n"
        "#,#,#,,,,,,,,,(days),(m),mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,permil,permil\n"
        ",,,,,,,,,,,,,,,,,,,,,,,,\n"
        "1,1,1,6,24,1992,-9,7,11,1992,-9,17.38,800,5.22,2,0.6,0.09,0.03,0.004,-9,-9,1.36,0.2,-9,-9\n"
        "21,2,19,8,21,2018,10,8,24,2018,7,2.86,4000,3.05,0.18,0.2,0.015,-9,-9,1.5,-9,-9,-9,-9,-9\n")
    d = read_aloha(p)
    assert list(d.columns) == TIDY_COLUMNS
    assert d["trap_depth"].tolist() == [800.0, 4000.0] and d["poc"].tolist() == [5.22, 3.05]
    assert np.isnan(d["pic"].iloc[0]) and d["pic"].iloc[1] == 1.5
    assert d["start"].iloc[1] == pd.Timestamp("2018-08-21 10:00") and d["duration"].iloc[0] == 17.38
    assert (d["lat"].iloc[0], d["lon"].iloc[0]) == (22.75, -158.0)


def test_k2_layout(tmp_path):
    p = tmp_path / "k2.csv"
    p.write_text("Station K2,,,,,,,\n,,,,,,,\n,,,TMF,OCF,OPF,CAF,LMF\n,,Sampling ,,,Biogenic,Ca based,\n"
                 ",open day,Interval,Total Mass Flux,Org-C Flux,Opal flux,CaCO3 flux,Lithogenic flux\n"
                 ",,(days),(mg m-2 day-1),(mg m-2 day-1),(mg m-2 day-1),(mg m-2 day-1),(mg m-2 day-1)\n"
                 ",,,,,,,\n1,20-Mar-05,14,16.88,0.87,7.08,2.37,5.57\n14,16-Apr-19,20 ,87.62,2.50,49.98,25.12,18.15\n")
    d = read_k2(p)
    assert d["start"].tolist() == [pd.Timestamp("2005-03-20"), pd.Timestamp("2019-04-16")]
    assert d["duration"].tolist() == [14.0, 20.0] and d["poc"].tolist() == [0.87, 2.50]
    assert d["pic"].iloc[0] == pytest.approx(2.37 * CACO3_TO_PIC) and (d["pic_from"] == "CaCO3").all()
    assert (d["trap_depth"] == 4810.0).all()


def test_station_m_layout_deduplicates_daily_rows(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("Depth..MAB.,Station,Date_open,Date_closed,Collect_date,Duration.open,Org C flux (mg/m2/day),"
                 "Total C flux (mg/m^2/day),PIC flux (mg C m^2/d)\n"
                 "600,118,6/23/1989,7/23/1989,6/23/1989,30,14.06,26.93,12.87\n"
                 "600,118,6/23/1989,7/23/1989,6/24/1989,30,14.06,26.93,12.87\n"
                 "NA,NA,NA,NA,8/22/1989,NA,NA,NA,#VALUE!\n"
                 "650,6805,11/2/2017,11/13/2017,11/11/2017,11,48.3,55.6,7.35\n")
    d = read_station_m(p)
    assert len(d) == 2 and d["trap_depth"].tolist() == [4100.0 - 600, 4100.0 - 650]
    assert d["pic"].tolist() == [12.87, 7.35] and d["duration"].tolist() == [30.0, 11.0]


def test_ofp_layout(tmp_path):
    p = tmp_path / "ofp.csv"
    p.write_text("OFP 3200m Flux Data" + "," * 22 + "\nDatabase" + "," * 22 + "\n"
                 ",Seq.Day,,,SAMPLE START DATE" + "," * 18 + "\n,(Start,Mid-seq." + "," * 20 + "\n"
                 "Sample ID,Day),Day,Year,Mo.,Day,Day,JDAY,JDAY180,open,mg/m2/d,mg/m2/d,mg/m2/d,mg/m2/d,"
                 "ug m-2 d-1,ug m-2 d-1,mg/m2/d,mg/m2/d,,,,,\n"
                 "%  6/78,0,31,1978,4,6,96,127,309,62,35.07,19.21,1.78,0.21,,,5.12,6.63,,,,,\n"
                 "OFP" + "," * 22 + "\n"
                 "% 10/18-6,14741,14748,2018,8,18,230,237,55,14,24.70,,1.01,0.12,,,,,,,,,\n")
    d = read_ofp(p)
    assert d["start"].tolist() == [pd.Timestamp("1978-04-06"), pd.Timestamp("2018-08-18")]
    assert d["pic"].iloc[0] == pytest.approx(19.21 * CACO3_TO_PIC) and np.isnan(d["pic"].iloc[1])
    assert d["poc"].tolist() == [1.78, 1.01] and (d["trap_depth"] == 3200.0).all()


def test_cariaco_layout(tmp_path):
    traps = ["A", "B", "C", "D", "Z"]
    header = ["Date Cup Opens", "Trap_Cruise", "duration", "beginjulian", "Mid-Julian", "Cup #", "Date Cup Opens"]
    for t in traps:
        header += [f"{t}-{v}" for v in ("tmf", "orgc", "caco3", "opal", "terr", "Nitro")]
    row = [pd.Timestamp("1995-11-08"), "Car-01", 14, 312, 319, 1, pd.Timestamp("1995-11-08")]
    for j, _ in enumerate(traps):
        row += [0.5, 0.04 + j * 0.01, 0.06, 0.07, 0.2, 0.005] if j < 4 else ["NT"] * 6
    raw = pd.DataFrame([[None, "Depth of the Sediment traps"] + [None] * 35, [None] * 37, header, row])
    p = tmp_path / "cariaco.xlsx"
    raw.to_excel(p, header=False, index=False)
    d = read_cariaco(p)
    assert len(d) == 5 and sorted(d["trap_depth"]) == [152.0, 225.0, 410.0, 810.0, 1210.0]
    a = d[d["trap_depth"] == 225.0].iloc[0]
    assert a["poc"] == pytest.approx(40.0) and a["pic"] == pytest.approx(60.0 * CACO3_TO_PIC)   # g -> mg
    assert d[d["trap_depth"] == 152.0]["pic"].isna().all()                                      # NT


def test_pap_layout(tmp_path):
    names = ["Original", "Sample code", "Open Date", "Year", "Start calc", "Interval", "End", "Mid", "a", "b", "c",
             "d", "e", "EVF", "DW", "C ORG", "PIC"]
    units = ["Row no.", "3000M", "at 1200h", "calc", "assumes 12:00", "days"] + [""] * 9 + ["mgC/m2/day"] * 2
    rows = [[1, "I/D/1", pd.Timestamp("1989-04-18"), 1989, pd.Timestamp("1989-04-18 12:00"), 5] + [None] * 9 + [1.7, 2.5],
            [2, "I/D/2", pd.Timestamp("1989-04-23"), 1989, pd.Timestamp("1989-04-23 12:00"), 7] + [None] * 9 + [3.3, None]]
    p = tmp_path / "pap.xlsx"
    pd.DataFrame([names, units, *rows]).to_excel(p, header=False, index=False)
    d = read_pap(p)
    assert d["start"].tolist() == [pd.Timestamp("1989-04-18"), pd.Timestamp("1989-04-23")]
    assert d["poc"].tolist() == [1.7, 3.3] and d["pic"].iloc[0] == 2.5 and np.isnan(d["pic"].iloc[1])
    bad = tmp_path / "bad.xlsx"
    pd.DataFrame([["x"] * 17, ["y"] * 17]).to_excel(bad, header=False, index=False)
    with pytest.raises(InputError, match="PAP columns"):
        read_pap(bad)


def test_missing_station_file(tmp_path):
    with pytest.raises(InputError, match="ALOHA"):
        read_timeseries_traps(tmp_path, stations=("ALOHA",))


def test_real_timeseries_files(timeseries):
    g = timeseries.groupby("site")
    assert g.size().to_dict() == {"ts:ALOHA": 890, "ts:CARIACO": 2355, "ts:K2": 240, "ts:M": 557,
                                  "ts:OFP": 737, "ts:PAP": 447}
    assert g["pic"].count().to_dict() == {"ts:ALOHA": 609, "ts:CARIACO": 1752, "ts:K2": 240, "ts:M": 557,
                                          "ts:OFP": 732, "ts:PAP": 167}
    assert set(timeseries["site"]) == {f"ts:{k}" for k in STATIONS}
    assert timeseries["start"].min() == pd.Timestamp("1978-04-06")
    assert (timeseries["duration"] > 0).all()
    negative = timeseries[timeseries["pic"] < 0]                     # kept as published: one PAP cup
    assert len(negative) == 1 and negative["site"].iloc[0] == "ts:PAP"
    # CARIACO fluxes are g m-2 d-1 in the file: mg after reading, median POC at 225 m of tens of mg
    cariaco = timeseries[(timeseries["site"] == "ts:CARIACO") & (timeseries["trap_depth"] == 225.0)]
    assert 20.0 < cariaco["poc"].median() < 100.0
