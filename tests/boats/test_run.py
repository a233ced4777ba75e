"""run(): month indexing, many cells at once vs the 0-D runs, vmap bitwise, gradients, float32."""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.boats import (PUBLISHED_SET_IDS, BoatsForcing, BoatsParams, FishingParams, cast_floats,
                            forcing_sequence, initial_state, month_indices, n_steps, run, run_members, stack_params)
from jaxocean.boats.reference import load_reference_run

DT = 30 * 86400.0


def test_month_indices_match_matlab_rule():
    # global: t = n dt, month = ceil(mod(t, 360 d)/360 d 12) with 0 -> 12
    for dt_days in (15.0, 30.0):
        for variant in ("global", "0d"):
            nst = n_steps(3, dt_days, variant)
            n = np.arange(1, nst + 1)
            t = n * dt_days * 86400.0 if variant == "global" else 1.0 + (n - 1) * dt_days * 86400.0
            month = np.ceil(np.mod(t, 360 * 86400.0) / (360 * 86400.0) * 12)
            month[month == 0] = 12
            np.testing.assert_array_equal(month_indices(nst, dt_days, variant), month - 1)
    assert n_steps(300, 15, "0d") == 7199 and n_steps(10, 30) == 120
    np.testing.assert_array_equal(month_indices(24, 30.0)[:13], list(range(12)) + [0])


@pytest.mark.shared
def test_cells_at_once_equal_each_0d_run(shared):
    """The 13 validation points (same parameters, 2399 steps) as 13 cells of ONE run."""
    base = shared("reference", "boats0d", "validation")
    refs = [load_reference_run(p) for p in sorted(base.glob("val_*.npz"))]
    assert len(refs) == 13
    biomass = jnp.stack([r.state0.biomass for r in refs])                 # (13, 3, 50)
    state0 = refs[0].state0.__class__(biomass=biomass, effort=jnp.zeros((13, 3)), step=refs[0].state0.step)
    monthly = BoatsForcing(npp=jnp.stack([r.monthly.npp for r in refs], axis=1),
                           temp=jnp.stack([r.monthly.temp for r in refs], axis=1))   # (12, 13)
    seq = forcing_sequence(monthly, refs[0].nsteps, 15.0, "0d")
    final, diag = jax.jit(lambda s, f, p: run(s, f, p, 15 * 86400.0))(state0, seq, refs[0].params)
    for i, r in enumerate(refs):
        active = r.data["mask_notexist"] == 0
        got = np.asarray(final.biomass[i])[active]
        np.testing.assert_allclose(got, r.data["dfish_final"][active], rtol=1e-9, err_msg=r.name)
        np.testing.assert_allclose(np.asarray(diag.biomass[:, i]), r.data["fish_tot_group_ts"][1:], rtol=1e-9)


def _small_problem(ncell=3, nmonth=12, seed=0):
    rng = np.random.default_rng(seed)
    npp = jnp.asarray(rng.uniform(2e-5, 2e-3, (nmonth, ncell)))
    temp = jnp.asarray(rng.uniform(-1.0, 28.0, (nmonth, ncell)))
    return BoatsForcing(npp=npp, temp=temp)


def test_vmap_over_parameter_sets_and_forcings_is_bitwise():
    """5 parameter sets x 5 forcings, fishing on/off, in ONE vmapped call: each member is
    bitwise equal to its run alone (batch of one), and equal to a plain ``run`` to rounding."""
    sets = [BoatsParams.published_set(i, fishing=FishingParams(enabled=float(k % 2), catchability=5e-5))
            for k, i in enumerate(PUBLISHED_SET_IDS)]
    monthly = [_small_problem(seed=k) for k in range(5)]
    seqs = [forcing_sequence(m, 24, 30.0) for m in monthly]
    means = [jax.tree.map(lambda x: jnp.asarray(np.asarray(x).mean(0)), m) for m in monthly]
    states = [initial_state(mean, p) for mean, p in zip(means, sets)]
    stack = lambda trees: jax.tree.map(lambda *x: jnp.stack(x), *trees)   # noqa: E731
    members = jax.jit(lambda s, f, p: run_members(s, f, p, DT))
    batched = members(stack(states), stack(seqs), stack_params(sets))
    plain = jax.jit(lambda s, f, p: run(s, f, p, DT))
    for k in range(5):
        alone = members(stack(states[k:k + 1]), stack(seqs[k:k + 1]), stack_params(sets[k:k + 1]))
        for a, b in zip(jax.tree.leaves(alone), jax.tree.leaves(batched)):
            np.testing.assert_array_equal(np.asarray(a[0]), np.asarray(b[k]))
        fin, diag = plain(states[k], seqs[k], sets[k])
        np.testing.assert_allclose(np.asarray(fin.biomass), np.asarray(batched[0].biomass[k]), rtol=1e-12)
        np.testing.assert_allclose(np.asarray(diag.fecal_flux), np.asarray(batched[1].fecal_flux[k]), rtol=1e-12)


def test_mean_every_gives_annual_means():
    p = BoatsParams.published_set(6290)
    m = _small_problem()
    s0 = initial_state(jax.tree.map(lambda x: x.mean(0), m), p)
    seq = forcing_sequence(m, 36, 30.0)
    f1, d1 = run(s0, seq, p, DT)
    f2, d2 = run(s0, seq, p, DT, mean_every=12)
    np.testing.assert_array_equal(np.asarray(f1.biomass), np.asarray(f2.biomass))
    np.testing.assert_allclose(np.asarray(d2.biomass), np.asarray(d1.biomass).reshape(3, 12, 3, 3).mean(1), rtol=1e-13)


def test_cell_blocks_equal_the_unblocked_run_bitwise():
    """``cell_block`` (13 cells in blocks of 4 and 5, the last overlapping; and the CPU default,
    one block here): the same bits as the unblocked run, also vmapped over members and with a
    per-cell ``save`` of the spectra; gradients through the blocks equal the unblocked ones."""
    m = _small_problem(ncell=13, seed=5)
    seq = forcing_sequence(m, 24, 30.0)
    sets = [BoatsParams.published_set(i, fishing=FishingParams(enabled=1.0, catchability=5e-5))
            for i in PUBLISHED_SET_IDS[:3]]
    mean = jax.tree.map(lambda x: x.mean(0), m)
    states = jax.tree.map(lambda *x: jnp.stack(x), *[initial_state(mean, p) for p in sets])
    save = lambda s, d: (d, s.biomass)     # noqa: E731
    runs = {c: jax.jit(lambda s, p, c=c: run_members(s, seq, p, DT, in_axes=(0, None, 0), save=save,
                                                     mean_every=12, cell_block=c))(states, stack_params(sets))
            for c in (0, 4, 5, None)}
    for c in (4, 5, None):
        for a, b in zip(jax.tree.leaves(runs[0]), jax.tree.leaves(runs[c])):
            np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=f"cell_block={c}")

    def total(a00, c):
        p = eqx.tree_at(lambda q: q.A00, sets[0], a00)
        final, _ = run(initial_state(mean, p), seq, p, DT, cell_block=c)
        return jnp.sum(final.biomass * p.grid.dmass)

    g0, g4 = (jax.jit(jax.grad(total), static_argnums=1)(sets[0].A00, c) for c in (0, 4))
    assert g0 != 0.0 and g4 == pytest.approx(float(g0), rel=1e-12)


def test_gradients_match_finite_differences():
    """d(total biomass after 5 years)/d(te, A00, zeta1), fishing on, vs central differences."""
    m = _small_problem(ncell=2)
    seq = forcing_sequence(m, 60, 30.0)
    mean = jax.tree.map(lambda x: x.mean(0), m)
    base = BoatsParams.published_set(6290, fishing=FishingParams(enabled=1.0, catchability=5e-5))
    names = ("te", "A00", "zeta1")

    @jax.jit
    def total(values):
        p = eqx.tree_at(lambda q: [getattr(q, n) for n in names], base, list(values))
        final, _ = run(initial_state(mean, p), seq, p, DT, save=lambda s, d: None, checkpoint=True)
        return jnp.sum(final.biomass * p.grid.dmass) * 0.12

    x0 = jnp.array([float(getattr(base, n)) for n in names])
    grad = np.asarray(jax.jit(jax.grad(total))(x0))
    assert np.all(np.isfinite(grad)) and np.all(grad != 0.0)
    for i in range(3):
        h = 1e-6 * abs(float(x0[i]))
        e = jnp.zeros(3).at[i].set(h)
        fd = (total(x0 + e) - total(x0 - e)) / (2 * h)
        assert grad[i] == pytest.approx(float(fd), rel=1e-5), names[i]


def test_float32_within_1e4_of_float64_after_10_years():
    m = _small_problem(ncell=4, seed=3)
    p64 = BoatsParams.published_set(6290, fishing=FishingParams(enabled=1.0, catchability=2e-5))
    seq = forcing_sequence(m, 120, 30.0)
    s64 = initial_state(jax.tree.map(lambda x: x.mean(0), m), p64)
    go = jax.jit(lambda s, f, p: run(s, f, p, DT, mean_every=12))
    f64, d64 = go(s64, seq, p64)
    f32, d32 = go(cast_floats(s64, jnp.float32), cast_floats(seq, jnp.float32), cast_floats(p64, jnp.float32))
    assert f32.biomass.dtype == jnp.float32
    rel = np.abs(np.asarray(d32.biomass[-1], np.float64) / np.asarray(d64.biomass[-1]) - 1.0)
    assert rel.max() < 1e-4


@pytest.mark.shared
def test_global_variant_matches_0d_site_run(shared):
    """SCHEME.md cross-check: the global code path (t = n dt, eps in the recruitment numerator)
    at the Southern-Ocean site, dt = 30 d, 300 years, vs the 0-D reference: last-year means."""
    r = load_reference_run(shared("reference", "boats0d", "0d_site_SO_lat-49.5_lon127.5_monclim_set1_nh_300y_dt30.npz"))
    params = BoatsParams(**{f: getattr(r.params, f) for f in ("E_activation_A", "E_activation_m", "kappa_eppley",
                                                             "Prod_star", "te", "ppmr", "b_allo", "zeta1", "h_allo",
                                                             "A00", "egg_surv")}, variant="global")
    nsteps = n_steps(300, 30.0, "global")
    assert nsteps == r.nsteps + 1
    seq = forcing_sequence(r.monthly, nsteps, 30.0, "global")
    _, diag = jax.jit(lambda s, f, p: run(s, f, p, DT))(r.state0, seq, params)
    ours = np.asarray(diag.biomass[-12:]).mean(0)
    ref = r.data["fish_tot_group_ts"][-12:].mean(0)
    np.testing.assert_allclose(ours, ref, rtol=1e-7)
