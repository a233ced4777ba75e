"""[H+] from total alkalinity: bracketed Newton iteration with implicit differentiation.

Newton's method on x = ln[H+] for TA(h) - ta = 0, safeguarded by the bracket of Munhoven
(2013, GMD 6, SolveSAPHE): every evaluation narrows the bracket (TA decreases with h), and a
Newton step that leaves it is replaced by bisection in ln h. Derivatives of the converged
root come from the implicit function theorem, dh = -(dF/dp . dp) / (dF/dh), never from
unrolling the loop: each derivative costs residual evaluations at the root, not iterations.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from jaxocean.carbonate.alkalinity import alkalinity, initial_guess, root_bracket

MAX_ITER = 60  # points not converged by then return NaN


def _residual_and_slope(h, ta, totals, k):
    """TA(h) - ta and d TA / d h (exact, by forward-mode differentiation of the expression)."""
    return jax.jvp(lambda hh: alkalinity(hh, totals, k) - ta, (h,), (jnp.ones_like(h),))


def _converged_step(dtype):
    """A point is converged once its Newton step in ln h is below this (then, by quadratic
    convergence, its error is ~ step^2: 4e-15 in float64, 2e-6 in float32)."""
    return 4.0 * float(jnp.finfo(dtype).eps) ** 0.5


def _newton(ta, totals, k):
    ln_tol = _converged_step(jnp.result_type(ta))
    h_lo, h_hi = root_bracket(ta, totals, k)
    x_lo, x_hi = jnp.log(h_lo), jnp.log(h_hi)
    x0 = jnp.log(initial_guess(ta, totals, k))
    x0 = jnp.where(jnp.isfinite(x0), jnp.clip(x0, x_lo, x_hi), 0.5 * (x_lo + x_hi))

    def body(carry):
        x, lo, hi, done, it = carry
        h = jnp.exp(x)
        f, f_h = _residual_and_slope(h, ta, totals, k)
        lo = jnp.where(f > 0, x, lo)  # TA(h) > ta: root at larger h
        hi = jnp.where(f < 0, x, hi)
        x_new = x - f / (f_h * h)
        inside = (x_new >= lo) & (x_new <= hi)
        x_new = jnp.where(inside, x_new, 0.5 * (lo + hi))
        x_new = jnp.where(done | (f == 0), x, x_new)  # converged points stay put
        return x_new, lo, hi, done | ~(jnp.abs(x_new - x) > ln_tol), it + 1  # NaN counts as done

    def cond(carry):
        _, _, _, done, it = carry
        return (it < MAX_ITER) & ~jnp.all(done)

    init = (x0, x_lo, x_hi, jnp.zeros(x0.shape, bool), 0)
    x, _, _, done, _ = jax.lax.while_loop(cond, body, init)
    # Negative totals break the monotonicity of TA(h): no unique root, so NaN (as for no root);
    # so do infinite ones (the bracket collapses onto h = 0 or inf).
    usable = jnp.isfinite(ta)
    for total in (totals.dic, totals.borate, totals.phosphate, totals.silicate):
        usable = usable & (total >= 0) & jnp.isfinite(total)
    ok = done & (h_lo <= h_hi) & usable
    return jnp.where(ok, jnp.exp(x), jnp.nan)


@jax.custom_jvp
def hydrogen_ion(ta, totals, k):
    """[H+] (total scale, mol/kg) solving TA(h) = ta; NaN where no unique converged root exists
    (non-finite input, a negative total, or no convergence within MAX_ITER).

    ``ta``, every field of ``totals`` (Totals) and ``k`` (EquilibriumConstants) must share
    one shape (broadcast them first).
    """
    return _newton(ta, totals, k)


@hydrogen_ion.defjvp
def _hydrogen_ion_jvp(primals, tangents):
    ta, totals, k = primals
    h = hydrogen_ion(ta, totals, k)
    _, f_h = _residual_and_slope(h, ta, totals, k)
    _, f_p = jax.jvp(lambda ta_, tot_, k_: alkalinity(h, tot_, k_) - ta_, primals, tangents)
    return h, -f_p / f_h
