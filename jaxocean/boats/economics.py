"""Economic forcing of the global BOATS code (``Economical`` structure; Carozza et al. 2017)."""

from __future__ import annotations

import numpy as np

from jaxocean.boats.fishing import FishingParams
from jaxocean.core.validate import InputError, check_nonnegative, file_errors


@file_errors("BOATS economics file")
def read_economical(path, **fishing_kw) -> FishingParams:
    """``FishingParams`` with per-step catchability, price and cost series from an npz.

    Series indexed by model step (month): price [$ mmolC-1], cost [$ W-1 s-1], catchability
    q [m2 W-1 s-1] (``Economical_v1.npz``). ``fishing_kw`` sets the other fields
    (``enabled=1.0``, ``effort_freeze_step=...``, selectivity...).
    """
    d = np.load(path)
    missing = [k for k in ("price", "cost", "catchability") if k not in d.files]
    if missing:
        raise InputError(f"{path}: missing series {missing}")
    series = {k: check_nonnegative(k, d[k]) for k in ("price", "cost", "catchability")}
    return FishingParams(**series, **fishing_kw)
