"""Running BOATS: per-step forcing from monthly fields, and the scan over steps.

The time loop is ``jaxocean.core.integrate.integrate`` (one ``lax.scan``); ``mean_every``
nests it (an outer scan over blocks of steps, each reduced to its mean) so that global runs
keep annual means instead of every step.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.boats.constants import SECONDS_PER_DAY
from jaxocean.boats.mass_sum import class_sum
from jaxocean.boats.state import BoatsForcing, BoatsState
from jaxocean.boats.step import step
from jaxocean.core.blocks import block_size, map_blocks
from jaxocean.core.integrate import integrate
from jaxocean.core.validate import check_plausible, input_errors

MONTH_SECONDS = 30 * 86400  # the BOATS month: 360 d / 12


def n_steps(run_years: float, dt_days: float, variant: str = "global") -> int:
    """Steps in a run: run_years 360 / dt_days (global code); one fewer in the 0-D code."""
    n = int(round(run_years * 360.0 / dt_days))
    return n - 1 if variant == "0d" else n


def month_indices(nsteps: int, dt_days: float, variant: str = "global", n_months: int = 12) -> np.ndarray:
    """Index into a monthly series used at each step (monthly forcing held piecewise constant).

    Step n (1-based) is at t_n = n dt (global) or 1 s + (n-1) dt (0-D); it uses month
    ceil(t_n / 30 d), i.e. the code's ceil(mod(t, 360 d)/360 d 12) for a 12-month
    climatology; series longer than 12 are indexed the same way, and wrap around at their end.
    """
    dt_s = int(round(dt_days * SECONDS_PER_DAY))
    n = np.arange(1, nsteps + 1, dtype=np.int64)
    t = n * dt_s if variant == "global" else 1 + (n - 1) * dt_s
    month = -(-t // MONTH_SECONDS) - 1
    return np.mod(month, n_months)


def forcing_sequence(monthly: BoatsForcing, nsteps: int, dt_days: float, variant: str = "global") -> BoatsForcing:
    """Per-step forcing (leading axis nsteps) from monthly forcing (leading axis n_months)."""
    n_months = np.shape(monthly.npp)[0]
    idx = month_indices(nsteps, dt_days, variant, n_months)
    return jax.tree.map(lambda x: jnp.asarray(x)[idx], monthly)


@input_errors
def run(state0, forcing_seq: BoatsForcing, params, dt, *, save=None, checkpoint: bool = False,
        mean_every: int | None = None, check: bool = True, cell_block: int | None = None):
    """Integrate BOATS over the leading axis of ``forcing_seq``.

    Args:
      state0: ``BoatsState``; params: ``BoatsParams``; dt: step [s] (2 592 000 for 30 d).
      save: optional ``(new_state, diagnostics) -> output`` selecting what is stacked
        (default: the ``BoatsDiagnostics`` of every step).
      checkpoint: rematerialise steps in the backward pass (memory of the carry only).
      mean_every: if given (e.g. 12 steps = 1 year at 30 d), outputs are averaged over
        consecutive blocks of that many steps; the number of steps must be a multiple of it.
      check: test the forcing against ``core.validate.PLAUSIBLE`` ("npp" 0..0.02 mmolC m-2
        s-1, "upper-ocean temp" -5..40 degC; also under jit / vmap: NPP in the wrong units or a
        temperature in K raise ``InputError``; NaN passes and stays in its cell); ``False``
        for forcing checked once (``boats.forcing.cell_forcing`` does).
      cell_block: with a flat cell axis (biomass (cells, 3, 50)), run the whole sequence on
        blocks of this many cells in turn (``core.blocks.map_blocks``: cells are independent,
        so a block's spectra stay in cache for all its steps; same bits as unblocked). None:
        cache-sized blocks on a CPU, unblocked on an accelerator; 0: unblocked
        (``core.blocks.block_size``). Outputs (``save``) must keep the cell axis after time.
    Returns ``(final_state, outputs)``.
    """
    if check:
        npp, temp = check_plausible(npp=forcing_seq.npp, **{"upper-ocean temp": forcing_seq.temp})
        forcing_seq = BoatsForcing(npp=npp, temp=temp)
    nsteps = jax.tree.leaves(forcing_seq)[0].shape[0]
    if mean_every is not None and nsteps % mean_every:
        raise ValueError(f"run: {nsteps} steps are not a multiple of mean_every={mean_every}")

    def whole(state, forcing, params_):
        if mean_every is None:
            return integrate(step, state, forcing, params_, dt, save=save, checkpoint=checkpoint)

        def block(state, forcing_block, params_, dt_):
            final, outs = integrate(step, state, forcing_block, params_, dt_, save=save, checkpoint=checkpoint)
            # the mean as a fixed pairwise sum: the same bits for any cell count (blocks)
            return final, jax.tree.map(lambda x: class_sum(x, axis=0) / mean_every, outs)

        blocks = jax.tree.map(lambda x: x.reshape((nsteps // mean_every, mean_every) + x.shape[1:]), forcing)
        return integrate(block, state, blocks, params_, dt)

    size = block_size(cell_block, np.size(state0.biomass[0]) * state0.biomass.dtype.itemsize)
    if jnp.ndim(state0.biomass) != 3 or size is None:
        return whole(state0, forcing_seq, params)
    state_axes = BoatsState(biomass=0, effort=0, step=None)
    return map_blocks(whole, size, (state_axes, 1, None), (state_axes, 1))(state0, forcing_seq, params)


def run_members(state0, forcing_seq: BoatsForcing, params, dt, *, in_axes=(0, 0, 0), **run_kw):
    """``run`` vmapped over a leading member axis (ensembles: parameter sets, forcings, scenarios).

    ``in_axes`` gives the member axis of (state0, forcing_seq, params); ``None`` shares an
    argument between members (forcing_seq then keeps time as its leading axis). A member's
    results do not depend on the batch it runs in: a batch of one gives the same bits as
    the same member inside any larger batch. A plain (unbatched) ``run`` of the same member
    agrees to rounding (~1e-15 relative) but not bitwise: XLA's CPU compiler fuses, and so
    contracts multiply-adds into FMAs, differently for scalar and batched parameters.
    """
    def one(s, f, p):
        return run(s, f, p, dt, **run_kw)
    return jax.vmap(one, in_axes=in_axes)(state0, forcing_seq, params)
