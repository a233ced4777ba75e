"""Progress of long runs: one ``tqdm.auto`` bar (a widget in notebooks, one line in a terminal)
whose rate and ETA exclude the first step's JIT compile time, and the library's logger.

Messages go through :mod:`logging` (logger ``"jaxocean"`` and its children); the command line
configures it with :func:`configure_logging`, a notebook or script chooses its own handlers.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable

from tqdm import TqdmWarning

with warnings.catch_warnings():          # in a notebook without ipywidgets: the text bar, quietly
    warnings.simplefilter("ignore", TqdmWarning)
    from tqdm.auto import tqdm

logger = logging.getLogger("jaxocean")


class _StderrHandler(logging.StreamHandler):
    """Writes to the current ``sys.stderr`` (which tests and notebooks may replace)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _):
        pass


def configure_logging(level: int = logging.INFO) -> None:
    """Log ``jaxocean`` messages to stderr as plain lines (once; for the command line)."""
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


class Progress:
    """A bar over the steps of a long computation (chunks of a run, optimiser iterations).

    ``start(first, total)`` opens it (``first`` steps already done, e.g. when resuming: logged
    as "resuming after <label(first - 1)>"), ``advance(k)`` marks step ``k`` done, ``close()``
    ends it. The bar counts ``scale`` units per step (e.g. simulated years per chunk); the rate
    and ETA restart after the first step of this call, which includes compilation.
    ``label(k)`` describes step ``k`` (e.g. "year 1975 (spin-up)") in the bar's postfix.
    """

    def __init__(self, desc: str = "", *, unit: str = "step", scale: float = 1.0,
                 label: Callable[[int], str] | None = None, disable: bool = False):
        self.desc, self.unit, self.scale, self.disable = desc, unit, scale, disable
        self.label = label or (lambda k: f"{unit} {k + 1}")
        self.bar, self._timed = None, False

    def start(self, first: int, total: int) -> None:
        if first > 0:
            logger.info("%sresuming after %s", f"[{self.desc}] " if self.desc else "", self.label(first - 1))
        self.bar = tqdm(total=total * self.scale, initial=first * self.scale, desc=self.desc,
                        unit=self.unit, smoothing=0, dynamic_ncols=True, disable=self.disable,
                        bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} {unit} "
                                   "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")

    def advance(self, k: int, info: str | None = None) -> None:
        self.bar.set_postfix_str(info or self.label(k), refresh=False)
        self.bar.update(self.scale)
        if not self._timed and not self.bar.disable:   # restart the clock after the compiling step
            self._timed = True
            bar = self.bar
            bar.initial, bar.start_t = bar.n, bar._time()
            bar.last_print_t = bar.start_t       # (tqdm.close only redraws bars drawn since start)

    def close(self, *, stopped_early: bool = False) -> None:
        """End the bar; ``stopped_early`` (e.g. an optimiser converged) shows the steps done as total."""
        if self.bar is not None:
            if stopped_early:
                self.bar.total = self.bar.n
            self.bar.close()
