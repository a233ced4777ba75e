"""Benchmark: CPU cost of the default input checks on the hot paths (issue 13: must be <= 5 %).

1. ``carbonate.solve`` on 1e6 random surface points (float64), ``check=True`` (the default:
   in-graph plausibility bounds, ``core.validate.check_plausible``) vs ``check=False``;
   runs alternate so machine load affects both alike; min and median of ``--repeats``.
2. BOATS gridded: the host checks ``run_gridded`` runs before compute (layout by name, ocean
   cells, finite + plausible NPP and temperature) vs one simulated year of the jitted monthly
   scan on the embedded demo forcing (5 degrees) and on the 1-degree CESM base when present;
   and that year with ``boats.run``'s in-graph forcing check (``check=True``, the default)
   vs ``check=False``.
3. ``export.flux_profile`` (Q10 carcass profile, 1e5 columns x 24 layers): the default checks
   (grid, environment layers, plausible temperature) vs ``check=False``, jitted.
4. ``--chains``: the library's heavy paths that call the export profiles TRACED, with the default
   checks vs ``check=False`` patched into the entry point, alternating: the ensemble summary of a
   finished demo run (``flux_profile`` inside the jitted year of the sequestration chain;
   ``--demo-run``) and ``experiments/calibrate_traps.py`` (``flux_at`` under vmap in the loss).

Prints the figures; records nothing (the lead writes benchmarks/RESULTS.md).

    python benchmarks/bench_checks.py [--points 1000000] [--repeats 5]
    python benchmarks/bench_checks.py --chains --demo-run runs/demo [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jax  # noqa: E402

import jaxocean  # noqa: E402

jaxocean.enable_float64()

from bench_carbonate import surface_inputs  # noqa: E402


def on_off(on, off, repeats):
    """Min and median wall times of ``on`` and ``off`` run alternately (the same load on both)."""
    t_on, t_off = [], []
    for _ in range(repeats):
        t_on.append(timed(on, 1)[0])
        t_off.append(timed(off, 1)[0])
    t_on, t_off = np.array(t_on), np.array(t_off)
    return (f"check=False min {1e3 * t_off.min():.1f} ms median {1e3 * np.median(t_off):.1f} ms | check=True min "
            f"{1e3 * t_on.min():.1f} ms median {1e3 * np.median(t_on):.1f} ms | overhead (min) "
            f"{100 * (t_on.min() / t_off.min() - 1):+.1f} % (median) {100 * (np.median(t_on) / np.median(t_off) - 1):+.1f} %")


def timed(fn, repeats, clock=time.perf_counter):
    out = []
    for _ in range(repeats):
        t0 = clock()
        jax.block_until_ready(fn())
        out.append(clock() - t0)
    return np.array(out)


def carbonate(points: int, repeats: int) -> None:
    from jaxocean.carbonate import solve
    from jaxocean.core.validate import check_plausible

    x = {k: jax.numpy.asarray(v) for k, v in surface_inputs(points).items()}
    on = lambda: solve(**x).ph                 # noqa: E731
    off = lambda: solve(**x, check=False).ph   # noqa: E731
    on(), off()                                # compile both
    for label, clock in (("wall", time.perf_counter), ("CPU (process_time)", time.process_time)):
        t_on, t_off = [], []
        for _ in range(repeats):               # alternate: the same load on both
            t_on.append(timed(on, 1, clock)[0])
            t_off.append(timed(off, 1, clock)[0])
        t_on, t_off = np.array(t_on), np.array(t_off)
        print(f"carbonate.solve {points:.0e} points float64, {label}: check=False min "
              f"{t_off.min():.3f} s median {np.median(t_off):.3f} s | check=True min {t_on.min():.3f} s "
              f"median {np.median(t_on):.3f} s | overhead (min) {100 * (t_on.min() / t_off.min() - 1):+.1f} % "
              f"(median) {100 * (np.median(t_on) / np.median(t_off) - 1):+.1f} %")
    check = jax.jit(lambda v: check_plausible(**v)[0])
    check(x)
    t_check = timed(lambda: check(x), repeats)
    print(f"the check alone (7 variables x {points:.0e} points, jitted): min {1e3 * t_check.min():.1f} ms")


def boats(base, label: str, repeats: int) -> None:
    import xarray as xr

    from jaxocean.boats import BoatsParams, forcing_sequence, initial_state, run
    from jaxocean.boats.forcing import NPP_UNITS, annual_mean, cell_forcing, check_cell_forcing, ocean_grid
    from jaxocean.boats.gridded import check_layout

    land = ~base.ocean
    npp, temp = np.where(land, np.nan, base.npp), np.where(land, np.nan, base.temp)
    ds = xr.Dataset({"npp": (("time", "lat", "lon"), npp, {"units": NPP_UNITS}),
                     "temp": (("time", "lat", "lon"), temp, {"units": "degC"})},
                    coords={"lat": base.lat, "lon": base.lon})
    grid = ocean_grid(ds)
    cells = (grid.to_cells(ds["npp"].values), grid.to_cells(ds["temp"].values))

    def checks():
        check_layout(ds)
        check_cell_forcing(*cells)
    t_checks = timed(checks, repeats)
    params = BoatsParams(variant="global")
    monthly = cell_forcing(ds, grid)
    seq = forcing_sequence(monthly, 12, 30.0, params.variant)
    state0 = initial_state(annual_mean(monthly), params)
    year = jax.jit(lambda s, f, p: run(s, f, p, 30.0 * 86400.0, mean_every=12, check=False))
    year_checked = jax.jit(lambda s, f, p: run(s, f, p, 30.0 * 86400.0, mean_every=12))
    year(state0, seq, params), year_checked(state0, seq, params)
    t_year = timed(lambda: year(state0, seq, params), repeats)
    print(f"BOATS gridded {label} ({grid.n_cells} ocean cells): checks {1e3 * t_checks.min():.2f} ms, "
          f"one year {1e3 * t_year.min():.1f} ms -> {100 * t_checks.min() / t_year.min():.2f} % of a "
          "1-year run (less for longer runs: the checks run once)")
    print(f"boats.run one year {label}, in-graph forcing check: "
          + on_off(lambda: year_checked(state0, seq, params), lambda: year(state0, seq, params), repeats))
    from jaxocean.core.validate import check_plausible
    alone = jax.jit(lambda f: check_plausible(npp=f.npp, **{"upper-ocean temp": f.temp})[0])
    alone(seq)
    t_alone = timed(lambda: alone(seq), repeats)
    print(f"  the forcing check alone (jitted, {seq.npp.size:.1e} values x 2): min {1e3 * t_alone.min():.2f} ms "
          f"= {100 * t_alone.min() / t_year.min():.2f} % of the year")


def export(repeats: int, columns: int = 100_000) -> None:
    import jax.numpy as jnp

    from jaxocean.export import ExponentialQ10, flux_profile
    from jaxocean.transport import OCIM_LIKE_24_INTERFACES

    z = np.asarray(OCIM_LIKE_24_INTERFACES, float)
    rng = np.random.default_rng(0)
    flux = jnp.asarray(rng.uniform(0, 100, columns))
    temp = jnp.asarray(np.sort(rng.uniform(1, 28, (columns, z.size - 1)), axis=1)[:, ::-1].copy())
    p = ExponentialQ10.carcasses()
    on = jax.jit(lambda f, t: flux_profile(p, f, z, {"temperature": t}))
    off = jax.jit(lambda f, t: flux_profile(p, f, z, {"temperature": t}, check=False))
    on(flux, temp), off(flux, temp)
    print(f"export.flux_profile {columns:.0e} columns x {z.size - 1} layers, jitted: "
          + on_off(lambda: on(flux, temp), lambda: off(flux, temp), repeats))
    from jaxocean.core.validate import check_plausible
    alone = jax.jit(lambda t: check_plausible(temp=t)[0])
    alone(temp)
    t_alone, t_off = timed(lambda: alone(temp), repeats), timed(lambda: off(flux, temp), repeats)
    print(f"  the temperature check alone (jitted): min {1e3 * t_alone.min():.2f} ms = "
          f"{100 * t_alone.min() / t_off.min():.1f} % of the unchecked profile")


def chains(demo_run: Path | None, repeats: int) -> None:
    """Wall and CPU time of whole heavy paths with the export profiles' default (traced) checks vs
    ``check=False`` patched in, alternating; the first round (compilation, file caches) dropped."""
    import contextlib
    import functools
    import io
    import tempfile

    from jaxocean import export
    from jaxocean.calibrate.models import traps

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))
    import calibrate_traps

    scratch = tempfile.mkdtemp(prefix="bench_checks_")
    paths = {"experiments/calibrate_traps.py (flux_at under vmap in the loss)":
             (traps, "flux_at", lambda: calibrate_traps.main(["--out", scratch]))}
    if demo_run is not None:
        from jaxocean.ensemble.runner import EnsembleRun
        from jaxocean.ensemble.spec import preset
        from jaxocean.ensemble.summary import summarise
        run = EnsembleRun(preset("demo"), demo_run, demo_run / "annual.nc", "", None)
        paths = {f"ensemble summary of {demo_run} (flux_profile in the jitted year)":
                 (export, "flux_profile", lambda: summarise(run))} | paths
    for label, (module, name, job) in paths.items():
        original = getattr(module, name)
        times = {True: [], False: []}
        try:
            for rep in range(repeats + 1):
                for check in (True, False):
                    setattr(module, name, original if check else functools.partial(original, check=False))
                    w0, c0 = time.perf_counter(), time.process_time()
                    with contextlib.redirect_stdout(io.StringIO()):
                        job()
                    if rep:
                        times[check].append((time.perf_counter() - w0, time.process_time() - c0))
        finally:
            setattr(module, name, original)
        on, off = np.array(times[True]), np.array(times[False])
        print(f"{label}: check=False wall median {np.median(off[:, 0]):.2f} s, CPU {np.median(off[:, 1]):.2f} s | "
              f"check=True wall {np.median(on[:, 0]):.2f} s, CPU {np.median(on[:, 1]):.2f} s | overhead wall "
              f"{100 * (np.median(on[:, 0]) / np.median(off[:, 0]) - 1):+.1f} %, CPU "
              f"{100 * (np.median(on[:, 1]) / np.median(off[:, 1]) - 1):+.1f} % ({repeats} rounds)")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--points", type=int, default=1_000_000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--chains", action="store_true", help="only the heavy paths (item 4)")
    p.add_argument("--demo-run", type=Path, default=None, help="--chains: a finished demo run folder")
    a = p.parse_args()
    print(f"jax {jax.__version__} on {jax.devices()[0].device_kind}")
    if a.chains:
        chains(a.demo_run, a.repeats)
        return
    carbonate(a.points, a.repeats)
    export(a.repeats)
    from jaxocean.ensemble.climatology import cesm_base, embedded_base
    boats(embedded_base(), "demo 5 degrees", a.repeats)
    cesm = cesm_base()
    if cesm is not None:
        boats(cesm, "CESM 1 degree", max(2, a.repeats // 2))


if __name__ == "__main__":
    main()
