"""``jaxocean ensemble``: run a BOATS ensemble, then its export/sequestration summary and figures."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jaxocean.core.validate import InputError

HELP = ("Run a BOATS ensemble (parameter sets x forcings x fishing) as one batched, chunked, "
        "resumable computation; write annual.nc, summary.nc and PNG figures.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="ensemble TOML file (see jaxocean.ensemble.spec)")
    parser.add_argument("--preset", choices=("demo", "seed20"),
                        help="demo: 20 members, embedded forcing at 10 degrees, 1950-2100; "
                             "seed20: 20 members on the 1-degree CESM base (needs ../shared)")
    parser.add_argument("--devices", type=int, default=None,
                        help="shard the member axis over this many devices (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default runs/<name>)")
    parser.add_argument("--resume", action="store_true", help="continue from out/checkpoint.npz")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace a run already in --out (otherwise it is refused)")
    parser.add_argument("--no-summary", action="store_true", help="skip export/sequestration and figures")


def run(args) -> int:
    import jaxocean
    from jaxocean.core.atomic import output_lock
    from jaxocean.ensemble import figures, spec as specmod
    from jaxocean.ensemble.runner import run_ensemble
    from jaxocean.ensemble.summary import summarise

    try:
        if (args.config is None) == (args.preset is None):
            raise InputError("give exactly one of --config FILE or --preset demo|seed20")
        spec = specmod.from_toml(args.config) if args.config else specmod.preset(args.preset)
        if spec.precision == "float64":
            jaxocean.enable_float64()
        out = args.out or Path("runs") / spec.name
        t0 = time.perf_counter()
        print(f"ensemble {spec.name!r}: {len(spec.members)} members, {spec.start_year}-{spec.end_year}"
              f" (+{spec.spinup_years} spin-up years), {spec.precision}, out {out}", file=sys.stderr)
        with output_lock(out):      # one run per folder, held through the summary
            result = run_ensemble(spec, out, resume=args.resume, overwrite=args.overwrite,
                                  n_devices=args.devices)
            r = result.result
            member_years = len(spec.members) * spec.chunk_years * (r.n_chunks - r.first_chunk)
            print(f"run: {r.seconds:.1f} s, {member_years / max(r.seconds, 1e-9):.1f} member-years/s "
                  f"(compiled {r.compilations}x)", file=sys.stderr)
            if not args.no_summary:
                summary = summarise(result)
                figures.plot_trajectories(summary, out / "trajectories.png")
                figures.plot_kmca(summary, out / "kmca.png")
        print(f"done in {time.perf_counter() - t0:.1f} s: {sorted(p.name for p in out.iterdir())}")
    except InputError as err:
        print(f"jaxocean ensemble: error: {err}", file=sys.stderr)
        return 2
    return 0
