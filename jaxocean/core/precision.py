"""Explicit float64 control. jaxocean never changes JAX's global precision on import."""

from __future__ import annotations

import warnings

import jax
import jax.numpy as jnp


def enable_float64() -> None:
    """Turn on JAX 64-bit mode for the whole process (equivalent to ``JAX_ENABLE_X64=1``).

    Call it once, before creating arrays. Scripts, the CLI and the tests call it; library
    code never does.
    """
    jax.config.update("jax_enable_x64", True)


def float64():
    """Context manager: 64-bit mode inside a ``with`` block only (``jax.enable_x64(True)``)."""
    return jax.enable_x64(True)


def require_float64(what: str) -> None:
    """Warn once if 64-bit mode is off where ``what`` needs float64 for its stated accuracy."""
    if not jax.config.read("jax_enable_x64"):
        warnings.warn(
            f"{what} is designed for float64 but JAX 64-bit mode is off; results are float32. "
            "Call jaxocean.enable_float64() or use `with jaxocean.float64():`.",
            stacklevel=3,
        )


def default_float():
    """The float dtype JAX creates by default right now (float64 in 64-bit mode)."""
    return jnp.zeros(()).dtype
