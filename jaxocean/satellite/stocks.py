"""Standing stocks, residence time, seasonality and taxa shares (seed 000 Sects. 2.1.2-2.1.4, 3.1-3.2).

Pure jnp functions; NaN marks missing cells/months and is skipped by the nan-aware reductions.
"""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.core.units import MOLAR_MASS_C
from jaxocean.satellite.params import StandingStockParams

MMOL_C_TO_G = MOLAR_MASS_C * 1e-3  # g C per mmol C


def pic_stock_100m(pic_surface_mmol_m3, p: StandingStockParams = StandingStockParams()):
    """0-100 m PIC stock [mmol C m-2] from surface PIC [mmol C m-3] (seed Eq. 3, Balch et al. 2018)."""
    return p.pic_a * jnp.asarray(pic_surface_mmol_m3) ** p.pic_b


def poc_stock_100m(poc_surface_mmol_m3, p: StandingStockParams = StandingStockParams()):
    """0-100 m POC stock [mmol C m-2] from surface POC [mmol C m-3] (seed Eq. 4, Balch et al. 2018)."""
    return p.poc_a * jnp.asarray(poc_surface_mmol_m3) ** p.poc_b


def residence_time(stock_g_m2, production_g_m2_d):
    """Residence time [d] = stock [g C m-2] / production [g C m-2 d-1] (seed Sect. 3.1); NaN where production <= 0."""
    prod = jnp.asarray(production_g_m2_d)
    ok = prod > 0.0
    return jnp.where(ok, jnp.asarray(stock_g_m2) / jnp.where(ok, prod, 1.0), jnp.nan)


def monthly_climatology(series, month):
    """(12, ...) nan-mean of a monthly ``series`` (time first) by calendar ``month`` (1-12).

    Months without any finite value are NaN. ``month`` is an int array of length time.
    """
    x = jnp.asarray(series)
    onehot = (jnp.asarray(month)[None, :] == jnp.arange(1, 13)[:, None]).astype(x.dtype)  # (12, T)
    ok = jnp.isfinite(x)
    total = jnp.tensordot(onehot, jnp.where(ok, x, 0.0), axes=(1, 0))
    count = jnp.tensordot(onehot, ok.astype(x.dtype), axes=(1, 0))
    return jnp.where(count > 0, total / jnp.where(count > 0, count, 1.0), jnp.nan)


def seasonal_bias(climatology):
    """Coefficient of variation sigma / mu of a (12, ...) monthly climatology (seed Fig. 2c-d, ddof 0)."""
    c = jnp.asarray(climatology)
    mean = jnp.nanmean(c, axis=0)
    return jnp.nanstd(c, axis=0) / mean


def taxa_contributions(coccolithophores, pteropods=None, foraminifera=None):
    """Share of each taxon in the total PIC stock [-] (seed Fig. 3); missing taxa are left out.

    Stocks in the same units (g C m-2). Returns a dict name -> fraction (NaN where total is 0).
    """
    stocks = {"coccolithophores": coccolithophores, "pteropods": pteropods,
              "foraminifera": foraminifera}
    stocks = {k: jnp.asarray(v) for k, v in stocks.items() if v is not None}
    total = sum(jnp.nan_to_num(v) for v in stocks.values())
    ok = total > 0.0
    return {k: jnp.where(ok, jnp.nan_to_num(v) / jnp.where(ok, total, 1.0), jnp.nan)
            for k, v in stocks.items()}
