"""Pearson correlation and ordinary least squares with masks, in jnp (jit / vmap over groups).

For the matchups of seed 000 Sect. 2.2.4 / Figs. 5-6: n, r, R^2, two-sided p-value of r
(Student t with n - 2 degrees of freedom, via the regularised incomplete beta function),
OLS slope and intercept of y on x. Fewer than 3 valid pairs give NaN statistics.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import betainc


class LinearFit(NamedTuple):
    n: jnp.ndarray          # number of valid (x, y) pairs
    r: jnp.ndarray          # Pearson correlation coefficient
    r2: jnp.ndarray         # r ** 2
    p: jnp.ndarray          # two-sided p-value of r (H0: r = 0)
    slope: jnp.ndarray      # OLS slope of y on x
    intercept: jnp.ndarray  # OLS intercept


def student_t_two_sided_p(t, df):
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2)."""
    df = jnp.asarray(df, float)
    x = df / (df + jnp.asarray(t) ** 2)
    return betainc(df / 2.0, 0.5, x)


@jax.jit
def linear_fit(x, y, mask=None) -> LinearFit:
    """Pearson r, p and OLS fit of ``y`` on ``x`` over pairs that are finite (and in ``mask``)."""
    x, y = jnp.asarray(x, float), jnp.asarray(y, float)
    ok = jnp.isfinite(x) & jnp.isfinite(y)
    if mask is not None:
        ok &= jnp.asarray(mask, bool)
    w = ok.astype(x.dtype)
    n = w.sum()
    nn = jnp.maximum(n, 1.0)
    xs, ys = jnp.where(ok, x, 0.0), jnp.where(ok, y, 0.0)
    mx, my = (w * xs).sum() / nn, (w * ys).sum() / nn
    dx, dy = w * (xs - mx), w * (ys - my)
    sxx, syy, sxy = (dx * dx).sum(), (dy * dy).sum(), (dx * dy).sum()
    valid = (n >= 3) & (sxx > 0) & (syy > 0)
    sxx_s, syy_s = jnp.where(valid, sxx, 1.0), jnp.where(valid, syy, 1.0)
    r = jnp.clip(sxy / jnp.sqrt(sxx_s * syy_s), -1.0, 1.0)
    df = jnp.maximum(n - 2.0, 1.0)
    t = r * jnp.sqrt(df / jnp.maximum(1.0 - r * r, 1e-300))
    p = student_t_two_sided_p(t, df)
    slope = sxy / sxx_s
    nan = jnp.nan
    return LinearFit(n=n, r=jnp.where(valid, r, nan), r2=jnp.where(valid, r * r, nan),
                     p=jnp.where(valid, p, nan), slope=jnp.where(valid, slope, nan),
                     intercept=jnp.where(valid, my - slope * mx, nan))


_batched_fit = jax.jit(jax.vmap(linear_fit.__wrapped__))


def grouped_linear_fits(x, y, groups) -> tuple[list, LinearFit]:
    """``linear_fit`` for every distinct value of ``groups`` in one vmapped call.

    Returns (group keys in sorted order, LinearFit of arrays, one entry per group). Groups
    are padded to the same length with a mask, so one compilation serves all sizes up to
    the next power of two.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    keys, inverse = np.unique(np.asarray(groups), return_inverse=True)
    counts = np.bincount(inverse, minlength=len(keys))
    width = int(2 ** np.ceil(np.log2(max(counts.max(initial=1), 1))))
    xb = np.full((len(keys), width), np.nan)
    yb = np.full((len(keys), width), np.nan)
    order = np.argsort(inverse, kind="stable")
    slot = np.arange(len(x)) - np.repeat(np.cumsum(counts) - counts, counts)
    xb[inverse[order], slot] = x[order]
    yb[inverse[order], slot] = y[order]
    fits = _batched_fit(jnp.asarray(xb), jnp.asarray(yb), jnp.isfinite(jnp.asarray(xb)))
    return list(keys), fits
