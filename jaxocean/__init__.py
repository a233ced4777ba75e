"""jaxocean: differentiable, batched ocean carbon-pump science in JAX.

Precision: JAX computes in float32 unless 64-bit mode is on. jaxocean never flips that
switch on import. Turn it on explicitly, once, before creating arrays::

    import jaxocean
    jaxocean.enable_float64()          # process-wide, same as JAX_ENABLE_X64=1

or locally::

    with jaxocean.float64():
        out = jaxocean.carbonate.solve(...)

The carbonate solver and the reference tests need float64; models that allow float32 say so.
"""

from jaxocean.core.precision import enable_float64, float64, require_float64

__version__ = "0.1.0"
__all__ = ["enable_float64", "float64", "require_float64", "__version__"]
