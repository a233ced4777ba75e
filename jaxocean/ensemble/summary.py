"""Post-processing of a finished ensemble run (``annual.nc``) into ``summary.nc``.

Per member and year: global biomass and catch, carcass and fecal-pellet export, injection by
depth, sequestered carbon (transient backward Euler) and sequestration time; steady states of
the first and last years. Per (forcing, fishing) group: mean and sd over the parameter sets
(:mod:`jaxocean.ensemble.stats`). KMCA maps for the 1950s without fishing and the 2010s with
fishing (seed 002); when the run does not cover a decade, its first / last (up to) 10 years.
The circulation is the spec's ``[transport]`` (default F100-constrained, the IDEALIZED stand-in,
or an OCIM file); flux
and biomass maps are regridded onto it conservatively (:mod:`jaxocean.ensemble.sequestration`).
"""

from __future__ import annotations

import logging

import jax
import numpy as np
import xarray as xr

from jaxocean.core.atomic import output_lock
from jaxocean.core.grid import DAYS_PER_YEAR, cell_area_exact
from jaxocean.ensemble import sequestration as seq
from jaxocean.core.validate import InputError
from jaxocean.ensemble.run_folder import annual_years
from jaxocean.ensemble.runner import EnsembleRun, forcing_source
from jaxocean.ensemble.spec import TransportSpec, validate_transport
from jaxocean.ensemble.stats import group_mean_sd, groups, kmca
from jaxocean.export.temperature import Z_THERMOCLINE_M
from jaxocean.io.netcdf import annual_time_coords, label_coords, write_netcdf
from jaxocean.transport.sequestration import MG_PER_GT

logger = logging.getLogger(__name__)
KMCA_PERIODS = ((1950, 1959, False), (2010, 2019, True))   # seed 002: 1950s no fishing, 2010s fishing

# Every "yr" in summary.nc is a Julian year of 365.25 d (core.grid.DAYS_PER_YEAR), for the catch
# too; the time axis is the 360-day BOATS model year (calendar "360_day").
YEAR_NOTE = "yr = 365.25 d"
TOTALS = {  # name -> (annual.nc field, factor from sum(field * area m2), units, long name)
    "biomass_total": ("biomass", 1e-12, "Mt", "global macrofauna wet biomass"),
    "catch_total": ("catch", 1e-12, "Mt yr-1", "global catch (wet mass)"),
    "carcass_export": ("carcass_flux", DAYS_PER_YEAR / MG_PER_GT, "Gt yr-1", "carcass carbon export at 75 m"),
    "fecal_export": ("fecal_flux", DAYS_PER_YEAR / MG_PER_GT, "Gt yr-1", "fecal-pellet carbon export at 75 m"),
}
LAYER_TOP = {"units": "m", "standard_name": "depth", "positive": "down",
             "long_name": "depth of the top of the transport layer"}


CHAIN = {  # sequestration outputs: name -> (dims, units, long name)
    "c_seq": (("time", "member"), "Gt", "sequestered carbon (transient, backward Euler)"),
    "export": (("time", "member"), "Gt yr-1", "carcass + fecal carbon export injected below 75 m"),
    "seq_time": (("time", "member"), "yr", "sequestration time C_seq / export (transient)"),
    "c_seq_steady": (("state", "member"), "Gt",
                     "steady-state sequestered carbon of the first / last year's injection"),
    "seq_time_steady": (("state", "member"), "yr", "steady-state sequestration time"),
    "injection_by_layer": (("time", "member", "layer"), "Gt yr-1",
                           "global carbon injection per transport layer"),
    "injection_at_floor": (("time", "member"), "Gt yr-1",
                           "carbon export reaching the sea floor (remineralised in each column's last wet layer)"),
    "f100_export": (("time", "member"), "1",
                    "export-weighted fraction of the year's injection still sequestered after 100 yr (F100)"),
    "export_moved": (("time", "member"), "Gt yr-1",
                     "part of the export that fell on the circulation's land and was moved to the "
                     "nearest wet column"),
}
KMCA_ATTRS = {
    "kmca": ("1", "key macrofauna carbon areas (upper quartile of biomass and of sequestration origin)"),
    "kmca_biomass": ("g m-2", "mean biomass of the period"),
    "kmca_origin": ("mg", "sequestration origin (injection x mean first-passage time), column total"),
}


def decade(years: np.ndarray, start: int, end: int, last: bool) -> tuple[int, int]:
    """The years of [start, end] in the run, else the run's first (or last) up-to-10 years."""
    inside = (years >= start) & (years <= end)
    if inside.any():
        return int(years[inside][0]), int(years[inside][-1])
    sel = years[-10:] if last else years[:10]
    return int(sel[0]), int(sel[-1])


def complete_years(run: EnsembleRun) -> np.ndarray:
    """The years of ``run.annual_path``; raises unless it holds every year of the spec."""
    spec = run.spec
    if not run.annual_path.exists():
        raise InputError(f"{run.annual_path} does not exist: the run is not finished "
                         "(resume it with --resume)")
    years = annual_years(run.annual_path)
    want = np.arange(spec.start_year, spec.end_year + 1)
    if years.shape != want.shape or (years != want).any():
        have = f"{years[0]}-{years[-1]}" if years.size else "no complete year"
        raise InputError(f"{run.annual_path} holds {have}, the spec needs {want[0]}-{want[-1]}; "
                         "missing years are not summarised as zeros: finish the run with --resume")
    return years


def member_field(ds: xr.Dataset, name: str, i: int) -> np.ndarray:
    """(year, lat, lon) of member ``i``, read alone (memory of one member, not the ensemble)."""
    return ds[name].isel(member=i).values.astype(float)


def summarise(run: EnsembleRun, *, transport_factor: int | None = None,
              transport: TransportSpec | None = None, profiles=None) -> xr.Dataset:
    """Compute the summary of ``run`` and write ``summary.nc`` next to ``annual.nc``.

    The circulation is ``transport`` (default: the run's ``spec.transport``): an OCIM file, the
    F100-constrained operator (default) on OCIM2-48L, or the IDEALIZED operator on the ensemble
    grid block-averaged by ``transport_factor``. ``profiles``: (carcass, fecal) export profiles (default
    ``sequestration.export_profiles()``). The run folder's lock is held from reading
    ``annual.nc`` to writing ``summary.nc`` (a run writing there meanwhile is refused, and this
    is refused while one does).
    """
    if transport is not None:
        validate_transport(transport)          # a bad spec is refused before the folder is touched
    with output_lock(run.out_dir):
        return _summarise(run, transport_factor, transport, profiles)


def _summarise(run, transport_factor, transport, profiles) -> xr.Dataset:
    spec = run.spec
    source = forcing_source(spec)
    grid = source.base
    years = complete_years(run)
    ds = xr.open_dataset(run.annual_path, cache=False)
    lat, lon = grid.lat, grid.lon
    area = np.asarray(cell_area_exact(lat, grid.resolution, grid.resolution))[:, None] * np.ones(lon.size)
    logger.info("summary: global totals of %d members x %d years", ds.sizes["member"], years.size)
    out = {}
    for name, (field, factor, units, long_name) in TOTALS.items():
        sums = []
        for i in range(ds.sizes["member"]):
            m = member_field(ds, field, i)
            empty = np.flatnonzero(~np.isfinite(m).any(axis=(-2, -1)))
            if empty.size:
                raise InputError(f"{run.annual_path}: {field} of member {i} has no value in year(s) "
                                 f"{years[empty][:5].tolist()}; missing years are not summarised as "
                                 "zeros: rerun with --overwrite")
            sums.append(np.nansum(m * area, axis=(-2, -1)))
        v = np.stack(sums, axis=1) * factor
        out[name] = (("time", "member"), v, {"units": units, "long_name": long_name})

    tr = transport or spec.transport
    if tr.ocim:
        tg = seq.ocim_transport(tr.ocim, lat, lon, area, tr.tr_units)
    elif tr.circulation in ("f100", "f100-only"):
        tg = seq.f100_transport(lat, lon, area, tail_bound=tr.circulation == "f100")
    else:
        factor = transport_factor or max(1, int(round(4.0 / grid.resolution)))
        while grid.ocean.shape[0] % factor or grid.ocean.shape[1] % factor:
            factor -= 1
        tg = seq.build_transport(lat, lon, grid.ocean, area, factor)

    # upper-ocean temperature per forcing and year on the ensemble grid (NaN on land)
    temp = np.stack([grid.to_map(source.year(int(y))[1].mean(axis=0)) for y in years])  # yr,f,ny,nx
    f_index = [spec.forcings.index(m.forcing) for m in spec.members]

    # observed present-day temperature at depth of the base (NaN where none: idealized there)
    observed = None if grid.temp_coarse is None else (grid.temp_coarse, grid.temp.mean(axis=0))

    def chain(c, f, t, obs):
        res = seq.member_sequestration(
            tg, lambda x: seq.regridded_injection(tg, *x, grid.ocean, profiles, obs), (c, f, t))
        return res | {"export_moved": tg.regrid.moved(c + f) * DAYS_PER_YEAR / MG_PER_GT}

    member_chain = jax.jit(chain)
    logger.info("summary: export -> sequestration on %s (%d members; the first compiles)",
                tg.label.split(";")[0], len(spec.members))
    results = []
    for i in range(len(spec.members)):
        maps = [np.nan_to_num(member_field(ds, f, i)) for f in ("carcass_flux", "fecal_flux")]
        results.append(member_chain(maps[0], maps[1], temp[:, f_index[i]], observed))
    stack = {k: np.stack([np.asarray(r[k]) for r in results], axis=1) for k in results[0]}
    for name, (dims, units, long_name) in CHAIN.items():
        out[name] = (dims, stack[name], {"units": units, "long_name": long_name})

    # group statistics (mean, sd over parameter sets)
    keys = list(groups(spec.members))
    labels = [f"{f}|{'fishing' if fi else 'no fishing'}" for f, fi in keys]
    for name in ("biomass_total", "catch_total", "carcass_export", "fecal_export", "export", "c_seq",
                 "seq_time"):
        v = out[name][1]
        stats = group_mean_sd(v, spec.members, axis=1)
        mean = np.stack([stats[k][0] for k in keys], axis=1)
        sd = np.stack([stats[k][1] for k in keys], axis=1)
        units = out[name][2]["units"]
        out[f"{name}_mean"] = (("time", "group"), mean,
                               {"units": units, "long_name": f"{name}: mean over parameter sets"})
        out[f"{name}_sd"] = (("time", "group"), sd,
                             {"units": units, "long_name": f"{name}: sd over parameter sets (ddof=1)"})

    logger.info("summary: KMCA maps")
    # KMCA (seed 002): upper quartile of biomass and of the sequestration-origin map
    fishing = np.array([m.fishing for m in spec.members])
    # the circulation's wet columns that the ensemble's ocean reaches (a finer circulation has
    # coastal columns under ensemble land: no biomass, no export, not part of the quartiles)
    domain = tg.ocean & (np.asarray(tg.regrid.density(grid.ocean.astype(float))) > 0)
    kmaps, kbio, kseq, periods = [], [], [], []
    for start, end, fish in KMCA_PERIODS:
        y0, y1 = decade(years, start, end, last=fish)
        t = (years >= y0) & (years <= y1)
        sel = fishing == fish if (fishing == fish).any() else np.ones_like(fishing)
        bio = np.mean([member_field(ds, "biomass", i)[t].mean(axis=0) for i in np.flatnonzero(sel)], axis=0)
        bio = np.asarray(tg.regrid.density(np.nan_to_num(bio)))
        origin = stack["origin"][t][:, sel].mean(axis=(0, 1))
        kbio.append(np.where(domain, bio, np.nan))
        kseq.append(np.where(domain, origin, np.nan))
        kmaps.append(np.where(domain, kmca(bio, kseq[-1], domain), np.nan))
        periods.append(f"{y0}-{y1} {'fishing' if fish else 'no fishing'}")
    for name, maps in (("kmca", kmaps), ("kmca_biomass", kbio), ("kmca_origin", kseq)):
        units, long_name = KMCA_ATTRS[name]
        out[name] = (("period", "tlat", "tlon"), np.stack(maps), {"units": units, "long_name": long_name})
    for _, _, attrs in out.values():
        if "yr" in attrs["units"]:
            attrs["comment"] = YEAR_NOTE
    out["kmca"][2].update(flag_values=np.array([0, 1], np.int8), flag_meanings="outside_kmca kmca")

    op = tg.operator
    coords = {**annual_time_coords(years), "member": ("member", np.arange(len(spec.members), dtype=np.int32)),
              **label_coords("group", labels), **label_coords("state", ["first_year", "last_year"]),
              **label_coords("period", periods),
              "layer_top": ("layer", op.z_interfaces[:-1], LAYER_TOP), "tlat": ("tlat", op.lat),
              "tlon": ("tlon", op.lon),
              "param_set": ("member", np.array([m.param_set for m in spec.members], np.int32)),
              "forcing": ("member", np.array([m.forcing for m in spec.members], dtype=object)),
              "fishing": ("member", fishing.astype(np.int8))}
    summary = xr.Dataset({k: xr.Variable(*v) for k, v in out.items()},
                         coords={k: xr.Variable(*v) for k, v in coords.items()})
    summary["kmca"].encoding = {"dtype": "int8", "_FillValue": np.int8(-1)}
    summary.attrs["forcing"] = run.source_label
    summary.attrs["transport"] = (f"{tg.label}; export profiles computed on the ensemble grid at the "
                                  "circulation's layer interfaces, the flux through each interface and the "
                                  "biomass regridded conservatively onto the circulation's columns (global "
                                  "totals kept; flux over the circulation's land moved to the nearest wet "
                                  "column: export_moved); layer temperature: "
                                  + ("IDEALIZED thermocline on the circulation's layers from the forcing's "
                                     "upper-ocean temperature" if observed is None else
                                     "OBSERVED present-day profile of the base (see forcing) on the "
                                     "circulation's layers plus the scenario's upper-ocean warming "
                                     f"x exp(-z/{Z_THERMOCLINE_M:g} m); IDEALIZED thermocline in "
                                     "columns without observations"))
    summary.attrs["export_profiles"] = "; ".join(repr(p) for p in profiles or seq.export_profiles())
    write_netcdf(summary, run.out_dir / "summary.nc", title=f"jaxocean ensemble {spec.name!r}: summary",
                 source=run.source_label, history="jaxocean.ensemble.summary.summarise")
    ds.close()
    logger.info("summary: wrote %s", run.out_dir / "summary.nc")
    return summary
