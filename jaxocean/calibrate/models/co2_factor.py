"""CO2-factor coefficients (a, b, c, d) fitted to rates observed against carbonate chemistry.

Forward model, per observation i (Seifert et al. 2025, Eq. 3, via ``jaxocean.recom``):

    rate_i = rate_max * f(HCO3_i, CO2_i, [H+]_i; a, b, c, d)

with the chemistry recomputed from (T, S, DIC, TA) by ``jaxocean.carbonate.solve`` inside
the loss, so the fit differentiates through the carbonate solver. ``rate_max`` is the rate
at f = 1 (1 for rates normalised to the control). Free names: "co2.a", "co2.b", "co2.c",
"co2.d", "rate_max". Lab tables are read with ``read_rate_table``.
"""

from __future__ import annotations

from pathlib import Path

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.carbonate import solve, validate_inputs
from jaxocean.core.validate import InputError, check_finite, file_errors
from jaxocean.recom import CO2FactorParams, co2_factor

REQUIRED_COLUMNS = ("T", "S", "DIC", "TA", "rate")
OPTIONAL_COLUMNS = ("rate_sd", "PO4", "SiO4")


class RateParams(eqx.Module):
    """CO2-factor coefficients of one process and the rate at f = 1."""

    co2: CO2FactorParams = CO2FactorParams.diatoms()
    rate_max: float = 1.0    # rate at f = 1 [units of the observed rate]


class Chemistry(eqx.Module):
    """Inputs of the carbonate solver per observation: umol kg-1, degC, practical salinity."""

    dic: jax.Array
    ta: jax.Array
    temp: jax.Array
    sal: jax.Array
    phos: jax.Array
    sil: jax.Array


def predict(params: RateParams, chem: Chemistry):
    """Rate at every observation (n,), the carbonate system solved inside (jit/vmap/grad)."""
    state = solve(chem.dic, chem.ta, chem.temp, chem.sal, 0.0, chem.phos, chem.sil,
                  check=False)                     # checked once by chemistry()
    return params.rate_max * co2_factor(state.hco3, state.co2, state.h, params.co2)


def chemistry(dic, ta, temp, sal, phos=0.0, sil=0.0) -> Chemistry:
    """Checked constructor (the carbonate solver's input checks), broadcast to one shape."""
    validate_inputs(dic, ta, temp, sal, 0.0, phos, sil)
    arrs = np.broadcast_arrays(*(np.asarray(x, float) for x in (dic, ta, temp, sal, phos, sil)))
    return Chemistry(*(jnp.asarray(a.ravel()) for a in arrs))


def chemistry_design(n: int, seed: int = 0, *, ta_range=(100.0, 4500.0), dic_over_ta=(0.6, 1.05),
                     temp: float = 15.0, sal: float = 35.0) -> Chemistry:
    """A twin-experiment design spanning the low-alkalinity rise, plateau and high-pH decline
    of the CO2 factor (as in alkalinity-manipulation experiments, Seifert et al. 2025 Fig. 1)."""
    rng = np.random.default_rng(seed)
    ta = rng.uniform(*ta_range, n)
    return chemistry(ta * rng.uniform(*dic_over_ta, n), ta, temp, sal)


@file_errors("CO2-factor rate table")
def read_rate_table(path, *, rate_column: str = "rate") -> tuple[Chemistry, np.ndarray, np.ndarray | None]:
    """Read a lab CSV of rates with columns T [degC], S, DIC, TA [umol kg-1] and ``rate``
    (optional rate_sd, PO4, SiO4 [umol kg-1]); return (chemistry, rate, rate_sd or None).

    Raises ``InputError`` naming missing columns, non-numeric or out-of-range values.
    """
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise InputError(f"rate table {path} does not exist")
    df = pd.read_csv(path)
    df.columns = [c.strip() for c in df.columns]
    need = [c if c != "rate" else rate_column for c in REQUIRED_COLUMNS]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {missing}; required {need} "
                         f"(T degC, S, DIC and TA umol/kg), optional {list(OPTIONAL_COLUMNS)}; "
                         f"found {list(df.columns)}")
    if len(df) == 0:
        raise InputError(f"{path.name}: no rows")
    col = {c: pd.to_numeric(df[c], errors="coerce").to_numpy(float) for c in df.columns
           if c in need or c in OPTIONAL_COLUMNS}
    for c, v in col.items():
        check_finite(f"{path.name} column {c!r}", v)
    chem = chemistry(col["DIC"], col["TA"], col["T"], col["S"], col.get("PO4", 0.0), col.get("SiO4", 0.0))
    return chem, col[rate_column], col.get("rate_sd")
