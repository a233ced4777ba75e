"""Central finite-difference check of jax.grad with respect to every parameter leaf."""

from __future__ import annotations

import jax
import numpy as np
from jax.flatten_util import ravel_pytree


def assert_param_grads_match_fd(fn, params, rtol=1e-6, atol=1e-10):
    """``fn(params) -> array``; compare grad of its sum with central differences per leaf.

    Returns the analytic gradient vector (so callers can also assert it is non-zero).
    """
    flat, unravel = ravel_pytree(params)

    @jax.jit
    def scalar(v):
        return fn(unravel(v)).sum()

    grad = np.asarray(jax.jit(jax.grad(scalar))(flat))
    assert np.all(np.isfinite(grad)), f"non-finite gradient: {grad}"
    fd = np.empty_like(grad)
    for i, v in enumerate(np.asarray(flat)):
        h = 1e-6 * max(abs(v), 1e-3)
        e = np.zeros_like(grad)
        e[i] = h
        fd[i] = (float(scalar(flat + e)) - float(scalar(flat - e))) / (2 * h)
    np.testing.assert_allclose(grad, fd, rtol=rtol, atol=atol)
    return grad
