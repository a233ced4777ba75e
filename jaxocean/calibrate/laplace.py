"""Laplace approximation at the optimum: standard errors, correlations, identifiability.

The posterior in the unconstrained space is approximated by N(u_hat, H^-1) with H the
Hessian of the loss (``jax.hessian``; MacKay 2003, Ch. 27). Physical-space covariance by
the delta method, ``C_theta = J C_u J^T`` with J the (diagonal) transform Jacobian. The
2-sigma interval is also given as ``forward(u_hat -/+ 2 sigma_u)``, which stays inside the
parameter's constraint (asymmetric for log-transformed parameters).

A near-zero Hessian eigenvalue means some combination of parameters is not constrained by
the data (e.g. k1 and W_sink entering only as k1/W); it shows up as a huge condition
number and correlations close to +-1.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.calibrate.loss import Problem


class Laplace(eqx.Module):
    u: jax.Array           # optimum, unconstrained
    theta: jax.Array       # optimum, physical
    cov_u: jax.Array       # covariance in unconstrained space
    cov: jax.Array         # covariance in physical space (delta method)
    se: jax.Array          # physical standard errors
    corr: jax.Array        # correlation matrix (physical = unconstrained for elementwise transforms)
    ci_low: jax.Array      # forward(u - n_sigma sigma_u)
    ci_high: jax.Array     # forward(u + n_sigma sigma_u)
    eigvals: jax.Array     # Hessian eigenvalues (ascending)
    condition: jax.Array   # largest / smallest Hessian eigenvalue (inf if not positive definite)
    residual_scale: jax.Array  # factor applied to the covariance (1 unless scale_by_misfit)


@eqx.filter_jit
def laplace(problem: Problem, u_hat, *, n_sigma: float = 2.0, scale_by_misfit: bool = False,
            eig_floor: float = 1e-12) -> Laplace:
    """Laplace approximation of ``problem.loss`` at ``u_hat`` (pure; jits and vmaps).

    ``scale_by_misfit`` multiplies the covariance by ``2 misfit / (n_obs - n_free)`` (the
    reduced chi-square), for data whose uncertainties are not known a priori and were set
    to 1. Eigenvalues below ``eig_floor * max`` are raised to that floor, so unconstrained
    directions get huge (finite) variances and correlations near +-1.
    """
    u_hat = jnp.asarray(u_hat, float)
    h = jax.hessian(problem.loss)(u_hat)
    h = 0.5 * (h + h.T)
    lam, vec = jnp.linalg.eigh(h)
    floor = eig_floor * jnp.max(jnp.abs(lam))
    cov_u = (vec / jnp.maximum(lam, floor)) @ vec.T
    n_obs, n_free = problem.obs.n, u_hat.size
    scale = (2.0 * problem.misfit(u_hat) / max(n_obs - n_free, 1)) if scale_by_misfit else jnp.ones(())
    cov_u = cov_u * scale
    jac = problem.free.jacobian_diag(u_hat)
    cov = cov_u * jac[:, None] * jac[None, :]
    sd_u = jnp.sqrt(jnp.diag(cov_u))
    corr = cov_u / (sd_u[:, None] * sd_u[None, :])
    return Laplace(u=u_hat, theta=problem.free.physical(u_hat), cov_u=cov_u, cov=cov,
                   se=jnp.sqrt(jnp.diag(cov)), corr=corr,
                   ci_low=problem.free.physical(u_hat - n_sigma * sd_u),
                   ci_high=problem.free.physical(u_hat + n_sigma * sd_u),
                   eigvals=lam, condition=jnp.where(lam[0] > 0, lam[-1] / jnp.where(lam[0] > 0, lam[0], 1.0), jnp.inf),
                   residual_scale=scale)


def identifiability(lap: Laplace, labels, *, corr_threshold: float = 0.95,
                    condition_threshold: float = 1e8) -> list[str]:
    """Plain-language warnings: strongly correlated pairs and an ill-conditioned Hessian."""
    corr = np.asarray(lap.corr)
    notes = []
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            if np.isfinite(corr[i, j]) and abs(corr[i, j]) >= corr_threshold:
                notes.append(f"{labels[i]} and {labels[j]} are not separately identifiable "
                             f"(correlation {corr[i, j]:+.3f}); fix one or add a prior")
    cond = float(lap.condition)
    if not np.isfinite(cond) or cond > condition_threshold or float(lap.eigvals[0]) <= 0:
        weakest = np.asarray(jnp.linalg.eigh(lap.cov_u)[1][:, -1])
        combo = " ".join(f"{w:+.2f}*{n}" for w, n in zip(weakest, labels) if abs(w) > 0.1)
        notes.append(f"Hessian condition number {cond:.3g}: the direction {combo} (unconstrained "
                     "units) is poorly constrained by the data")
    return notes
