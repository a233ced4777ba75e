"""Validation report of the seed-002 chain (Mariani et al. 2025): docs/VALIDATION.md.

Runs the ensemble (demo preset; seed20 on the 1-degree CESM NPP + observed temperature base,
coarsened by default), summarises export and sequestration, and computes the headline numbers
of the paper for each, as mean +/- sd over the five BOATS parameter sets, next to the
published values; then a sensitivity table on the demo: the alternative alpha, the
alternative Eq.-18 sets, k1 and the circulation (F100-constrained by default, idealized).
Every number comes from these runs; the results go to ``<out>/validation_seed002.nc`` (and
docs/validation_seed002.nc), from which the markdown is rendered (``render``), so the doc and
the netCDF cannot disagree.

    python3 experiments/validate_seed002.py                      # demo + seed20 at 5 degrees
    python3 experiments/validate_seed002.py --seed20-coarsen 1   # seed20 at full 1 degree (CPU: hours)
    python3 experiments/validate_seed002.py --reuse              # reuse finished runs in --out
    python3 experiments/validate_seed002.py --tiny --out /tmp/v  # small settings (tests)

Runs reuse: alpha enters only the fecal-pellet diagnostic as the exact factor (1-alpha)/alpha
(Eq. 22), so the alpha row rescales the default run's fecal maps; k1 and the circulation enter
only the summary, so those rows re-summarise the default run; the Eq.-18 sets change the
carcass diagnostic per (group, class), so they are separate BOATS runs (same dynamics).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import xarray as xr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jaxocean import transport  # noqa: E402
from jaxocean.boats import CarcassParams  # noqa: E402
from jaxocean.core.grid import cell_area_exact  # noqa: E402
from jaxocean.ensemble import from_dict, preset  # noqa: E402
from jaxocean.ensemble import sequestration as seq  # noqa: E402
from jaxocean.ensemble.climatology import CESM_FILES  # noqa: E402
from jaxocean.ensemble.runner import EnsembleRun, forcing_source, run_ensemble  # noqa: E402
from jaxocean.ensemble.summary import summarise  # noqa: E402
from jaxocean.io.netcdf import restore_labels, write_netcdf  # noqa: E402
from jaxocean.io.paths import shared_path  # noqa: E402
from jaxocean.transport import ventilated as vt  # noqa: E402

DOC = REPO / "docs" / "VALIDATION.md"
DOC_NC = REPO / "docs" / "validation_seed002.nc"
ABSTRACT = ("Mariani et al. (2025), Nat. Commun. 16, doi:10.1038/s41467-025-64576-8, abstract "
            "(the seed text holds the Methods only)")

# metric -> (label, unit, definition, published value or "")
METRICS = {
    "biomass_nofish": ("global biomass, no fishing", "Gt wet",
                       "1990-1999 mean of global wet biomass, no-fishing members",
                       "3.3 +/- 0.5 pre-exploitation, 10 g-100 kg (Bianchi et al. 2021)"),
    "biomass_fish": ("global biomass, fishing", "Gt wet",
                     "1990-1999 mean of global wet biomass, fishing members", ""),
    "carcass_export": ("carcass export at 75 m", "GtC/yr",
                       "1990-1999 mean, no-fishing members", ""),
    "fecal_export": ("fecal-pellet export at 75 m", "GtC/yr",
                     "1990-1999 mean, no-fishing members", ""),
    "carcass_share": ("carcass share of export", "-",
                      "carcass / (carcass + fecal), 1990-1999, no fishing (fecal share = 1 - this)", ""),
    "biomass_per_degC": ("biomass change per degC", "% / degC",
                         "slope of 100 (B/B_1990s - 1) on global-mean SST anomaly, annual 1990-2100, "
                         "no fishing", "-4.2 (abstract)"),
    "export_per_degC": ("export change per degC", "% / degC",
                        "slope of 100 (E/E_1990s - 1) on global-mean SST anomaly, annual 1990-2100, "
                        "no fishing; E = carcass + fecal at 75 m", "-2.46 (abstract)"),
    "export_change": ("export change 2090s vs 1990s", "%",
                      "100 (E_2090s / E_1990s - 1), no fishing, SSP5-8.5", "-13.5 +/- 6.6 (abstract)"),
    "fishing_export_loss": ("extra export change due to fishing", "%",
                            "100 (E_fish / E_nofish - 1), 2090-2099, same ESM and parameter set",
                            "up to -56.7 +/- 16.3 (abstract: fishing amplifies the reduction by up to 56.7 %)"),
    "export_per_biomass_fishing": ("export change per biomass change due to fishing", "% / %",
                                   "(E_fish / E_nofish - 1) / (B_fish / B_nofish - 1), 2090-2099",
                                   "0.8 (abstract)"),
    "seq_deficit": ("transient sequestration deficit due to fishing, 2100", "GtC",
                    "C_seq(no fishing) - C_seq(fishing) in 2100, transient run from the 1950 steady state",
                    "14.6 +/- 10.3 (abstract)"),
    "durability_steady": ("sequestration durability, steady", "yr",
                          "C_seq / export at steady state under the 2100 injection, no fishing",
                          "~600 (abstract)"),
    "durability_transient": ("sequestration durability, transient", "yr",
                             "C_seq / export in 2100 of the transient run, no fishing", "~600 (abstract)"),
    "floor_share": ("share of export reaching the sea floor", "-",
                    "export remineralised in each column's last wet layer / export, 2100, no fishing", ""),
    "f100_export": ("export-weighted F100", "-",
                    "fraction of the 2100 injection still sequestered 100 yr later (the circulation's F100 "
                    "weighted by the injection), no fishing", ""),
    "f100_mat_export": ("export-weighted F100 of F100.mat", "-",
                        "the same weighting of the F100 map of Siegel et al. (2021, OCIM2-48L) on the same "
                        "boxes (default circulation only; needs ../shared)", ""),
}

# sensitivity variants: key -> (label, kind, setting)
VARIANTS = {
    "default": ("defaults (alpha 0.15, Eq. 18 chosen, k1 0.12 /d, F100-constrained circulation)", "base", None),
    "alpha_0.8": ("alpha = 0.8 (previous; assimilation efficiency)", "alpha", 0.8),
    "eq18_rogers2018": ("Eq. 18: Rogers et al. 2018 values literally", "carcass",
                        CarcassParams.rogers2018(alpha=CarcassParams().alpha)),
    "eq18_previous": ("Eq. 18: previous CHOSEN set", "carcass",
                      CarcassParams.previous(alpha=CarcassParams().alpha)),
    "k1_0.5": ("k1 = 0.5 /d", "k1", 0.5),
    "k1_1.0": ("k1 = 1 /d", "k1", 1.0),
    "circulation_f100_only": ("circulation: F100-constrained WITHOUT the bound on the mean first-passage time "
                              "(F100 only)", "transport", "f100-only"),
    "circulation_idealized": ("circulation: IDEALIZED (instead of F100-constrained)", "transport", "idealized"),
}


def fit_attrs():
    """(name, attributes) of the default and the F100-only ventilated-circulation fits."""
    return [(name, vt.load_fitted(path)[1]["attrs"]) for name, path in
            (("default (tau bounded)", vt.FITTED_PATH), ("F100 only", vt.F100_ONLY_PATH))]


def demo_spec(tiny: bool):
    if not tiny:
        return preset("demo")
    return from_dict({"ensemble": {"name": "tiny", "base": "demo", "coarsen": 4, "start_year": 1988,
                                   "end_year": 2100, "spinup_years": 2},
                      "members": {"param_sets": [6290, 6363],
                                  "forcings": ["IPSL-CM6A-LR:ssp585"], "fishing": [True, False]}})


def scales(args) -> dict:
    """{key: (label, spec or None, reason)} of the runs in the main table."""
    out = {"demo": ("demo (embedded 5-degree base at 10 degrees)" if not args.tiny else "tiny (demo base "
                    "at 20 degrees, 1988-2100, 1 ESM)", demo_spec(args.tiny), "")}
    if args.tiny:
        out["seed20"] = ("seed20", None, "not run with --tiny")
        return out
    if any(shared_path("data", "boats", f) is None for f in CESM_FILES):
        out["seed20"] = ("seed20", None, "not run: ../shared (CESM base) absent")
        return out
    f = args.seed20_coarsen
    spec = dataclasses.replace(preset("seed20"), coarsen=f, name=f"seed20_x{f}")
    label = "seed20 at full 1 degree" if f == 1 else f"seed20 COARSENED to {f} degrees (coarsen={f})"
    out["seed20"] = (label, spec, "")
    return out


def global_sst(spec, years) -> np.ndarray:
    """(year, forcing) area-weighted global-mean annual upper-ocean temperature of the forcing."""
    src = forcing_source(spec)
    g = src.base
    area = np.asarray(cell_area_exact(g.lat, g.resolution, g.resolution))[:, None] * np.ones(g.lon.size)
    w = area[g.ocean]
    return np.stack([(src.year(int(y))[1].mean(axis=0) * w).sum(-1) / w.sum() for y in years])


def metrics(summary: xr.Dataset, sst: np.ndarray, f100_mat=None) -> dict:
    """{metric: (mean, sd)} over the parameter sets (each set's value averaged over ESMs)."""
    years = summary["year"].values
    ps, fo, fi = (summary[c].values for c in ("param_set", "forcing", "fishing"))

    def window(a, y0, y1):
        return a[(years >= y0) & (years <= y1)].mean(axis=0)

    bio = summary["biomass_total"].values / 1e3                                   # Gt wet
    car, fec = summary["carcass_export"].values, summary["fecal_export"].values     # GtC/yr
    exp = car + fec
    forcings = list(dict.fromkeys(fo))
    sst_m = sst[:, [forcings.index(f) for f in fo]]
    sel = (years >= 1990) & (years <= 2100)

    def slope(v):
        x = sst_m[sel] - window(sst_m, 1990, 1999)
        y = 100.0 * (v[sel] / window(v, 1990, 1999) - 1.0)
        return np.array([np.polyfit(x[:, i], y[:, i], 1)[0] for i in range(v.shape[1])])

    per_member = {
        "biomass_nofish": window(bio, 1990, 1999), "biomass_fish": window(bio, 1990, 1999),
        "carcass_export": window(car, 1990, 1999), "fecal_export": window(fec, 1990, 1999),
        "carcass_share": window(car, 1990, 1999) / window(exp, 1990, 1999),
        "biomass_per_degC": slope(bio), "export_per_degC": slope(exp),
        "export_change": 100.0 * (window(exp, 2090, 2099) / window(exp, 1990, 1999) - 1.0),
        "durability_steady": summary["seq_time_steady"].values[-1],
        "durability_transient": summary["seq_time"].values[-1],
        "floor_share": summary["injection_at_floor"].values[-1] / summary["export"].values[-1],
        "f100_export": summary["f100_export"].values[-1],
        "f100_mat_export": np.full(fi.shape, np.nan) if f100_mat is None else f100_mat,
    }
    fish_only = {"biomass_fish"}
    paired = {}
    for i in np.flatnonzero(fi == 1):                      # fishing member i, its no-fishing twin j
        j = int(np.flatnonzero((fi == 0) & (ps == ps[i]) & (fo == fo[i]))[0])
        ef, en = window(exp, 2090, 2099)[[i, j]]
        bf, bn = window(bio, 2090, 2099)[[i, j]]
        paired.setdefault("fishing_export_loss", []).append((ps[i], 100.0 * (ef / en - 1.0)))
        paired.setdefault("export_per_biomass_fishing", []).append((ps[i], (ef / en - 1.0) / (bf / bn - 1.0)))
        paired.setdefault("seq_deficit", []).append((ps[i], float(summary["c_seq"].values[-1, j]
                                                                  - summary["c_seq"].values[-1, i])))
    out = {}
    for name in METRICS:
        if name in paired:
            rows = paired[name]
        else:
            mask = (fi == 1) if name in fish_only else (fi == 0)
            rows = [(ps[i], per_member[name][i]) for i in np.flatnonzero(mask)]
        sets = sorted({p for p, _ in rows})
        per_set = np.array([np.mean([v for p, v in rows if p == s]) for s in sets], float)
        out[name] = (float(per_set.mean()), float(per_set.std(ddof=1)) if per_set.size > 1 else 0.0)
    return out


def f100_mat_export(run: EnsembleRun, summary: xr.Dataset):
    """Per member: F100.mat (Siegel et al. 2021) weighted like ``f100_export`` by the member's
    last-year injection on the OCIM2-48L boxes of the default circulation; None without
    ../shared or on another circulation."""
    path = shared_path("data", "henson_bcp_maps", "F100.mat")
    if path is None or "OCIM2-48L grid it was fitted on" not in summary.attrs.get("transport", ""):
        return None
    spec = run.spec
    source = forcing_source(spec)
    grid = source.base
    area = np.asarray(cell_area_exact(grid.lat, grid.resolution, grid.resolution))[:, None] * np.ones(grid.lon.size)
    tg = seq.f100_transport(grid.lat, grid.lon, area)
    op = tg.operator
    mat = np.array(op.from_field(np.nan_to_num(transport.load_f100(path)["F100"])))
    mat[op.surface] = 0.0                                   # held at C = 0 (F100.mat stores 1 there)
    year = int(summary["year"].values[-1])
    temp = grid.to_map(source.year(year)[1].mean(axis=0))   # (forcing, ny, nx)
    observed = None if grid.temp_coarse is None else (grid.temp_coarse, grid.temp.mean(axis=0))
    out = []
    with xr.open_dataset(run.annual_path) as ds:
        for i, m in enumerate(spec.members):
            c, f = (ds[k].sel(year=year).isel(member=i).values for k in ("carcass_flux", "fecal_flux"))
            inj = seq.regridded_injection(tg, c, f, temp[spec.forcings.index(m.forcing)], grid.ocean, None, observed)
            w = np.asarray(transport.source_from_injection(op, inj)) * op.volume
            out.append(float(w @ mat / w.sum()))
    return np.asarray(out)


def ensure_run(spec, d: Path, args, carcass=None) -> EnsembleRun:
    """The BOATS ensemble in ``d``: with ``--reuse`` a finished run there is reused (resume
    checks its config hash and does no work) and an interrupted one continues; without it any
    run there is replaced."""
    return run_ensemble(spec, d, resume=args.reuse, overwrite=not args.reuse, progress=not args.quiet,
                        carcass=carcass)


def ensure_summary(run: EnsembleRun, args, **kw) -> Path:
    """``summary.nc`` of ``run`` (reused with ``--reuse`` unless ``--resummarise``)."""
    path = run.out_dir / "summary.nc"
    if not (args.reuse and not args.resummarise and path.exists()):
        summarise(run, **kw)
    return path


def run_scale(key, spec, out: Path, args, variants) -> tuple[dict, dict]:
    """Run (or reuse) the default ensemble of one scale and its sensitivity variants."""
    t0 = time.perf_counter()
    base_run = ensure_run(spec, out / key / "default", args)
    ensure_summary(base_run, args)
    years = xr.open_dataset(base_run.out_dir / "summary.nc")["year"].values
    sst = global_sst(spec, years)
    results, info = {}, {"seconds": {}}
    info["seconds"]["default"] = time.perf_counter() - t0
    for vkey in variants:
        label, kind, setting = VARIANTS[vkey]
        vdir = out / key / vkey
        t0 = time.perf_counter()
        if kind == "base":
            path = base_run.out_dir / "summary.nc"
        elif kind == "alpha":          # exact: fecal flux scales with (1 - alpha) / alpha (Eq. 22)
            vdir.mkdir(parents=True, exist_ok=True)
            a0 = CarcassParams().alpha
            factor = ((1.0 - setting) / setting) / ((1.0 - a0) / a0)
            if not (args.reuse and (vdir / "annual.nc").exists()):
                with xr.open_dataset(base_run.annual_path) as ds:
                    scaled = ds.load()
                scaled["fecal_flux"] = scaled["fecal_flux"] * factor
                scaled.attrs["history"] = f"fecal_flux x {factor:.6g}: alpha {a0} -> {setting} (Eq. 22)"
                scaled.to_netcdf(vdir / "annual.nc")
            path = ensure_summary(dataclasses.replace(base_run, out_dir=vdir, annual_path=vdir / "annual.nc"), args)
        elif kind == "carcass":
            path = ensure_summary(ensure_run(spec, vdir, args, carcass=setting), args)
        elif kind == "k1":
            vdir.mkdir(parents=True, exist_ok=True)
            path = ensure_summary(dataclasses.replace(base_run, out_dir=vdir), args,
                                  profiles=seq.export_profiles(k1=setting))
        elif kind == "transport":
            vdir.mkdir(parents=True, exist_ok=True)
            path = ensure_summary(dataclasses.replace(base_run, out_dir=vdir), args,
                                  transport=dataclasses.replace(spec.transport, circulation=setting))
        with xr.open_dataset(path) as s:
            s = s.load()
            results[vkey] = metrics(s, sst, f100_mat_export(base_run, s) if kind == "base" else None)
            if kind == "base":
                info.update({k: s.attrs.get(k, "") for k in ("forcing", "transport", "export_profiles")})
        info["seconds"][vkey] = info["seconds"].get(vkey, 0.0) + time.perf_counter() - t0
    return results, info


def to_dataset(table: dict, labels: dict, infos: dict, args) -> xr.Dataset:
    """Results (scale -> variant -> metric -> (mean, sd)) as one netCDF-ready Dataset; NaN = not run."""
    scale_keys, var_keys, met_keys = list(labels), list(VARIANTS), list(METRICS)
    val = np.full((len(scale_keys), len(var_keys), len(met_keys), 2), np.nan)
    for a, s in enumerate(scale_keys):
        for b, v in enumerate(var_keys):
            for c, m in enumerate(met_keys):
                if v in table.get(s, {}):
                    val[a, b, c] = table[s][v][m]
    return xr.Dataset(
        {"value": (("scale", "variant", "metric", "stat"), val,
                   {"long_name": "headline number: mean and sd (ddof 1) over the 5 BOATS parameter sets",
                    "units": "per metric: see metric_unit"})},
        coords={"scale": scale_keys, "variant": var_keys, "metric": met_keys, "stat": ["mean", "sd"],
                "scale_name": ("scale", [labels[s] for s in scale_keys]),
                "variant_name": ("variant", [VARIANTS[v][0] for v in var_keys]),
                "metric_unit": ("metric", [METRICS[m][1] for m in met_keys])},
        attrs={"provenance": json.dumps(infos), "command": " ".join(["experiments/validate_seed002.py"] +
                                                                     sys.argv[1:]),
               "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")})


def fmt(mean: float, sd: float) -> str:
    if not np.isfinite(mean):
        return "not run"
    digits = 3 if abs(mean) < 10 else 1 if abs(mean) < 1000 else 0
    return f"{mean:.{digits}f} +/- {sd:.{digits}f}"


def render(ds: xr.Dataset) -> str:
    """The markdown report of a validation Dataset (pure function: the doc test re-renders)."""
    scales_, metrics_ = list(ds["scale"].values), list(ds["metric"].values)
    infos = json.loads(ds.attrs["provenance"])
    v = ds["value"]
    lines = ["# Validation of the seed-002 chain against the published numbers", "",
             f"Generated by `{ds.attrs['command']}` on {ds.attrs['generated']} (numbers from the runs; "
             "`tests/test_validation_doc.py` re-renders this file from `docs/validation_seed002.nc`).",
             f"Published values: {ABSTRACT}; biomass: Bianchi et al. (2021, Sci. Adv. 7, eabd7554).", "",
             "Every value is mean +/- sd (ddof 1) over the five BOATS parameter sets of Carozza et al. "
             "(2017); each set's value is first averaged over the ESM forcings. The forcings are "
             "SYNTHETIC scenarios (observed present-day temperature base + prescribed warming/NPP "
             "trends, labelled stand-ins for GFDL-ESM4 / IPSL-CM6A-LR SSP5-8.5), not ESM output, so "
             "agreement with the paper is not expected to be close; the table shows where the "
             "chain stands.", "", "## Headline numbers", "",
             "| quantity | unit | definition | " + " | ".join(str(x) for x in ds["scale_name"].values)
             + " | published |", "|---|---|---|" + "---|" * len(scales_) + "---|"]
    for m in metrics_:
        label, unit, definition, published = METRICS[m]
        cells = [fmt(*v.sel(scale=s, variant="default", metric=m).values) for s in scales_]
        lines.append(f"| {label} | {unit} | {definition} | " + " | ".join(cells) + f" | {published or '—'} |")
    for s, slabel in zip(scales_, ds["scale_name"].values):
        run = [k for k in ds["variant"].values
               if np.isfinite(v.sel(scale=s, variant=k, stat="mean").values).any()]
        if len(run) < 2:
            continue
        lines += ["", f"## Sensitivity: {slabel}", "",
                  "| quantity | unit | " + " | ".join(str(ds["variant_name"].sel(variant=k).values) for k in run)
                  + " |", "|---|---|" + "---|" * len(run)]
        for m in metrics_:
            cells = [fmt(*v.sel(scale=s, variant=k, metric=m).values) for k in run]
            lines.append(f"| {METRICS[m][0]} | {METRICS[m][1]} | " + " | ".join(cells) + " |")
    lines += ["", "## What sets the sequestration durability", "",
              "Definition: the seed (Methods, Eq. 28) obtains the time of sequestration by dividing C_seq "
              "by the globally integrated export; that is what both durability rows report. At steady "
              "state this ratio is EXACTLY the export-weighted mean first-passage time to the surface "
              "(sum_j V_j s_j tau_j = sum_j V_j C_j, the sequestration-origin identity; Primeau 2005, "
              "JPO 35:545), which is Siegel et al.'s (2021, ERL 16:104003) sequestration time, so the "
              "steady row is comparable with both. The transient row differs: its 2100 C_seq still holds "
              "carbon stored under the earlier, larger export, divided by the 2100 export. The abstract's ~600 years does not say which "
              "of the two it is.", "",
              "With k1 = 0.12 /d at 15 C (Iversen & Ploug 2013) and sinking at 1150 / 787 m/d, the "
              "share in the row 'share of export reaching the sea floor' is remineralised in the bottom "
              "layer, so the durability is set by how long bottom water stays away from the surface. F100 "
              "(fraction still stored after 100 years) constrains only the first century of that: the "
              "F100-constrained circulation reproduces F100.mat for the injection (row 'export-weighted "
              "F100' against 'export-weighted F100 of F100.mat'), but not the centuries-long tail of "
              "bottom-water ventilation, which dominates C_seq / export when most carbon is injected at "
              "the floor. The default fit therefore also bounds the mean first-passage time tau by the "
              "data-constrained OCIM of DeVries & Primeau (2011, JPO 41:2381: the mean re-exposure time "
              "'reaches a maximum of about 1400-1500 yr in the deep North Pacific'; one-sided penalty "
              f"above {vt.TAU_MAX_YR:g} yr, sigma {vt.SIGMA_TAU_YR:g} yr); the column 'F100 only' is the fit without that bound. "
              "The two fits (attributes of their files, jaxocean/data):", "",
              "| fit | held-out median / p90 abs dF100 | tau max (yr) | tau deep N Pacific mean (yr) | "
              "tau volume mean (yr) |", "|---|---|---:|---:|---:|"] + [
              f"| {name} | {a['held_median_abs_dF100']:.4f} / {a['held_p90_abs_dF100']:.4f} | "
              f"{a['tau_max_yr']:.0f} | {a['tau_deep_north_pacific_mean_yr']:.0f} | {a['tau_volume_mean_yr']:.0f} |"
              for name, a in fit_attrs()] + [
              "", "(deep North Pacific: 20-50 N, 150-230 E, 1500-3500 m; the volume mean of tau equals the "
              "volume-mean ideal age, Primeau 2005.) The k1 rows show how strongly faster remineralisation "
              "(shallower injection) shortens the durability.", "", "## Provenance", ""]
    for s, slabel in zip(scales_, ds["scale_name"].values):
        info = infos.get(s, {})
        if not info:
            lines.append(f"* **{slabel}**: not run.")
            continue
        secs = ", ".join(f"{k} {t:.0f} s" for k, t in info["seconds"].items())
        lines += [f"* **{slabel}** — forcing: {info['forcing']}", f"  * circulation: {info['transport']}",
                  f"  * export profiles: {info['export_profiles']}",
                  f"  * wall time of the generating invocation (runs reused with --reuse not re-run): {secs}"]
    lines += ["", "Run reuse: alpha only scales the fecal-pellet diagnostic by (1-alpha)/alpha (Eq. 22), "
              "so its row rescales the default run's fecal maps exactly; k1 and the circulation only "
              "enter the summary; the Eq.-18 rows are separate BOATS runs (identical dynamics, "
              "different carcass diagnostic). The full-resolution seed20 is "
              "`experiments/validate_seed002.py --seed20-coarsen 1`.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=REPO / "runs" / "validate")
    p.add_argument("--seed20-coarsen", type=int, default=5, help="block-average the 1-degree seed20 base "
                   "(default 5 = 5 degrees; 1 = full resolution)")
    p.add_argument("--tiny", action="store_true", help="small settings (tests); writes no doc unless --doc")
    p.add_argument("--reuse", action="store_true", help="reuse finished runs and summaries in --out")
    p.add_argument("--resummarise", action="store_true", help="with --reuse: recompute the summaries")
    p.add_argument("--variants", default=",".join(VARIANTS), help="sensitivity variants on the demo")
    p.add_argument("--doc", type=Path, default=None, help="markdown path (default docs/VALIDATION.md)")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    variants = ["default"] + [v for v in args.variants.split(",") if v and v != "default"]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        p.error(f"unknown variants {sorted(unknown)}; known: {list(VARIANTS)}")
    labels, table, infos = {}, {}, {}
    for key, (label, spec, reason) in scales(args).items():
        labels[key] = label if spec is not None else f"{label} ({reason})"
        if spec is None:
            continue
        table[key], infos[key] = run_scale(key, spec, args.out, args, variants if key == "demo" else ["default"])
    ds = to_dataset(table, labels, infos, args)
    args.out.mkdir(parents=True, exist_ok=True)
    nc = write_netcdf(ds, args.out / "validation_seed002.nc", title="jaxocean seed-002 validation numbers",
                      source="experiments/validate_seed002.py", history=ds.attrs["command"])
    text = render(restore_labels(xr.open_dataset(nc)))
    print(text)
    doc = args.doc or (None if args.tiny else DOC)
    if doc is not None:
        doc.write_text(text)
        if doc == DOC:
            DOC_NC.write_bytes(Path(nc).read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
