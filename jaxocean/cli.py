"""The ``jaxocean`` command. Each subcommand lives in the module that owns the science and
exposes ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

Errors in the user's input or environment (:class:`~jaxocean.core.validate.InputError`, files
and network: ``OSError``) end every subcommand the same way: one line
``jaxocean <command>: error: <message>`` on stderr and exit status 2 (as argparse's usage errors).
"""

from __future__ import annotations

import argparse
import importlib
import sys

import jaxocean
from jaxocean.core.validate import InputError

SUBCOMMANDS = {
    "ensemble": "jaxocean.ensemble.cli",
    "data": "jaxocean.io.download",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jaxocean",
        description="Differentiable, batched ocean carbon-pump science in JAX.")
    parser.add_argument("--version", action="version", version=f"jaxocean {jaxocean.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except (InputError, OSError) as err:
        message = " ".join(str(err).split())
        print(f"jaxocean {args.command}: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
