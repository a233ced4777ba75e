"""``jaxocean ensemble``: run a BOATS ensemble, then its export/sequestration summary and figures."""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import time
from pathlib import Path

from jaxocean.core.progress import configure_logging, logger
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
    parser.add_argument("--member-batch", default=None, metavar="N|auto",
                        help="run the members N at a time through the same compiled step (memory "
                             "flat in the member count; same annual.nc); 'auto' sizes N from free "
                             "device memory (host RAM on CPU). Default: all members at once")
    parser.add_argument("--cell-block", type=int, default=None, metavar="N",
                        help="cells per block of the compiled year (cells are independent: each "
                             "block runs the year while its spectra stay in cache; same annual.nc "
                             "for any N). Default: cache-sized on a CPU, unblocked on a GPU; 0: unblocked")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default runs/<name>)")
    dist = parser.add_argument_group("several processes (jax.distributed; jaxocean.ensemble.distributed)")
    dist.add_argument("--distributed", action="store_true",
                      help="join a multi-process run set up by the cluster (SLURM srun, Open MPI "
                           "mpirun: jax.distributed.initialize() detects it; also automatic when "
                           "SLURM_STEP_NUM_TASKS or OMPI_COMM_WORLD_SIZE > 1)")
    dist.add_argument("--coordinator", metavar="HOST:PORT", help="address of process 0's coordinator")
    dist.add_argument("--num-processes", type=int, metavar="P", help="number of processes")
    dist.add_argument("--process-id", type=int, metavar="I", help="this process's index, 0..P-1")
    parser.add_argument("--resume", action="store_true", help="continue from out/checkpoint.npz")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace a run already in --out (otherwise it is refused)")
    parser.add_argument("--no-summary", action="store_true", help="skip export/sequestration and figures")
    parser.add_argument("--isimip", action="store_true",
                        help="also write FishMIP/ISIMIP3b protocol files (tcb, tc, tcblog10, tclog10; "
                             "one variable per file) into out/isimip; keeps the log10 weight-bin maps "
                             "in annual.nc (ensemble.log10_bins)")


def resume_command(args, out: Path) -> str:
    """The command line that continues this run after an interruption."""
    cmd = ["jaxocean", "ensemble"]
    cmd += ["--config", str(args.config)] if args.config else ["--preset", args.preset]
    cmd += ["--out", str(out)]
    if args.devices is not None:
        cmd += ["--devices", str(args.devices)]
    if args.member_batch is not None:
        cmd += ["--member-batch", str(args.member_batch)]
    if args.cell_block is not None:
        cmd += ["--cell-block", str(args.cell_block)]
    if args.coordinator is not None:
        cmd += ["--coordinator", args.coordinator, "--num-processes", str(args.num_processes),
                "--process-id", str(args.process_id)]
    cmd += [flag for flag, on in (("--no-summary", args.no_summary), ("--isimip", args.isimip),
                                  ("--distributed", args.distributed)) if on]
    return shlex.join(cmd + ["--resume"])


def run(args) -> int:
    import contextlib

    import jax

    import jaxocean
    from jaxocean.core.atomic import output_lock
    from jaxocean.ensemble import figures, spec as specmod
    from jaxocean.ensemble import distributed
    from jaxocean.ensemble.batches import parse_member_batch
    from jaxocean.ensemble.fishmip import write_isimip
    from jaxocean.ensemble.runner import run_ensemble
    from jaxocean.ensemble.summary import summarise

    configure_logging()
    out = None
    try:
        if (args.config is None) == (args.preset is None):
            raise InputError("give exactly one of --config FILE or --preset demo|seed20")
        spec = specmod.from_toml(args.config) if args.config else specmod.preset(args.preset)
        if args.isimip:         # tcblog10 / tclog10 need the per-bin maps in annual.nc
            spec = dataclasses.replace(spec, log10_bins=True)
        batch = None if args.member_batch is None else parse_member_batch(args.member_batch)
        several = distributed.initialize(args.coordinator, args.num_processes, args.process_id,
                                         auto=args.distributed)
        lead = jax.process_index() == 0       # writes out/, runs the summary
        if spec.precision == "float64":
            jaxocean.enable_float64()
        out = args.out or Path("runs") / spec.name
        t0 = time.perf_counter()
        logger.info("ensemble %r: %d members, %d-%d (+%d spin-up years), %s, out %s", spec.name,
                    len(spec.members), spec.start_year, spec.end_year, spec.spinup_years,
                    spec.precision, out)
        with output_lock(out) if lead else contextlib.nullcontext():   # held through the summary
            result = run_ensemble(spec, out, resume=args.resume, overwrite=args.overwrite,
                                  n_devices=args.devices, member_batch=batch,
                                  cell_block=args.cell_block)
            r = result.result
            logger.info("run: %.1f s, %.1f member-years/s including compilation (compiled %dx)",
                        r.seconds, result.member_years / max(r.seconds, 1e-9), r.compilations)
            if lead and not args.no_summary:
                summary = summarise(result)
                logger.info("figures: trajectories.png, kmca.png")
                figures.plot_trajectories(summary, out / "trajectories.png")
                figures.plot_kmca(summary, out / "kmca.png")
            if lead and args.isimip:
                paths = write_isimip(result)
                logger.info("ISIMIP3b protocol files: %d in %s", len(paths), out / "isimip")
        if several:         # the others wait for process 0's summary (jax.distributed shutdown)
            distributed.barrier(f"jaxocean-ensemble-{spec.name}-summary")
        logger.info("done in %.1f s: %s", time.perf_counter() - t0, sorted(p.name for p in out.iterdir()))
    except InputError as err:
        logger.error("jaxocean ensemble: error: %s", err)
        return 2
    except KeyboardInterrupt:
        logger.error("interrupted; the last checkpoint is kept. Continue with:\n  %s",
                     resume_command(args, out or Path("runs")))
        return 130
    return 0
