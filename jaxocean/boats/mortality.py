"""Natural mortality (seed 002 Eqs. 14-15; Gislason et al. 2010 as in Carozza et al. 2016 Eq. 14)."""

from __future__ import annotations

import jax.numpy as jnp

from jaxocean.boats.constants import SECONDS_PER_YEAR


def mortality_constant(f_m, params):
    """lambda(T) = e^{zeta1} A0 a_lambda(T) / 3 [g^(1-b) s-1] (seed 002 Eq. 15).

    Written as products with one folded constant: XLA rewrites (a/b)(c/d) differently for
    scalar and batched operands, which would break bitwise vmap equality.
    """
    return jnp.exp(params.zeta1) * params.A00 * f_m * (1.0 / (3.0 * SECONDS_PER_YEAR))


def natural_mortality(f_m, params, dtype):
    """Lambda_k = lambda(T) m^-h m_inf^(h+b-1) [s-1] (seed 002 Eq. 14), (..., 3, 50)."""
    g = params.grid
    m = jnp.asarray(g.mass, dtype)
    minf = jnp.asarray(g.minf_col, dtype)
    return mortality_constant(f_m, params) * minf ** (params.h_allo + params.b_allo - 1.0) * m ** (-params.h_allo)
