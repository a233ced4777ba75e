"""Regenerate every notebook from its builder and execute it, storing the outputs (figures and
printed results) in ``notebooks/*.ipynb`` so they show on GitHub.

    python notebooks/_build/execute_all.py            # all, at small settings (JAXOCEAN_SMALL=1)
    python notebooks/_build/execute_all.py 02 06      # some
    python notebooks/_build/execute_all.py --full     # the notebooks' full settings

Each notebook runs in a fresh kernel, in a temporary folder (its run outputs are not kept),
importing the jaxocean of this checkout. A failing cell stops that notebook with its error and
the script exits non-zero after trying the rest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD = Path(__file__).resolve().parent
NOTEBOOKS = BUILD.parent
ROOT = NOTEBOOKS.parent


def execute(path: Path, timeout: int) -> None:
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                         resources={"metadata": {"path": tmp}})
        try:
            client.execute()
        finally:
            nbformat.write(nb, path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("only", nargs="*", help="notebook numbers, e.g. 02 06 (default: all)")
    ap.add_argument("--full", action="store_true", help="full settings instead of JAXOCEAN_SMALL=1")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    args = ap.parse_args(argv)
    if args.full:
        os.environ.pop("JAXOCEAN_SMALL", None)
    else:
        os.environ["JAXOCEAN_SMALL"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    failed = []
    for builder in sorted(BUILD.glob("build_*.py")):
        number = builder.stem.removeprefix("build_")
        if args.only and number not in args.only:
            continue
        subprocess.run([sys.executable, str(builder)], check=True, cwd=ROOT)
        (path,) = NOTEBOOKS.glob(f"{number}_*.ipynb")
        t0 = time.perf_counter()
        try:
            execute(path, args.timeout)
            print(f"executed {path.name} in {time.perf_counter() - t0:.0f} s", flush=True)
        except Exception as err:                      # report, go on with the others
            failed.append(path.name)
            print(f"FAILED {path.name}: {type(err).__name__}: {str(err).splitlines()[-1] if str(err) else ''}",
                  flush=True)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
