"""Chunked runner: equals one long scan, compiles once, resumes bitwise after an interrupt."""

import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.core.chunked import config_hash, load_checkpoint, run_chunked, save_checkpoint
from jaxocean.core.integrate import integrate
from jaxocean.core.validate import InputError

N_CHUNKS, STEPS = 5, 12


def toy_step(state, forcing_t, params, dt):
    """Logistic growth driven by a forcing; nonlinear so any bit change would propagate."""
    x, n = state
    x = x + dt * (params["r"] * forcing_t * x * (1.0 - x / params["k"]))
    return (x, n + 1), {"x": x}


def forcing(k):
    t = np.arange(k * STEPS, (k + 1) * STEPS)
    return 1.0 + 0.5 * np.sin(2 * np.pi * t / 12.0)


STATE0 = (jnp.array([0.1, 0.5, 1.3]), jnp.array(0))
PARAMS = {"r": jnp.array(0.7), "k": jnp.array(2.0)}


def annual_mean(out):
    return jnp.mean(out["x"], axis=0)


class Interrupt(Exception):
    pass


def test_chunks_equal_one_long_scan_and_compile_once():
    summaries = {}
    res = run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, reduce=annual_mean,
                      on_chunk=lambda k, s, st: summaries.__setitem__(k, s), progress=None)
    full = np.concatenate([forcing(k) for k in range(N_CHUNKS)])
    final, out = integrate(toy_step, STATE0, jnp.asarray(full), PARAMS, 0.1)
    np.testing.assert_array_equal(res.state[0], final[0])
    assert int(res.state[1]) == N_CHUNKS * STEPS
    expect = np.asarray(out["x"]).reshape(N_CHUNKS, STEPS, 3).mean(axis=1)
    np.testing.assert_allclose(np.stack([summaries[k] for k in range(N_CHUNKS)]), expect,
                               rtol=1e-14)
    assert res.compilations == 1


def test_resume_after_interrupt_is_bitwise_identical(tmp_path):
    ref = {}
    full = run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, reduce=annual_mean,
                       on_chunk=lambda k, s, st: ref.__setitem__(k, s), progress=None)
    ckpt, h = tmp_path / "state.npz", config_hash({"run": "toy"})
    got = {}

    def interrupt_at_2(k, s, st):
        if k == 2:
            raise Interrupt
        got[k] = s

    with pytest.raises(Interrupt):
        run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, reduce=annual_mean,
                    on_chunk=interrupt_at_2, checkpoint_path=ckpt, cfg_hash=h, progress=None)
    assert load_checkpoint(ckpt, STATE0, h)[1] == 1      # chunks 0 and 1 are done
    res = run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, reduce=annual_mean,
                      on_chunk=lambda k, s, st: got.__setitem__(k, s), checkpoint_path=ckpt,
                      cfg_hash=h, resume=True, progress=None)
    assert res.first_chunk == 2
    np.testing.assert_array_equal(res.state[0], full.state[0])
    for k in range(N_CHUNKS):
        np.testing.assert_array_equal(got[k], ref[k])


def test_checkpoint_guards(tmp_path):
    p = save_checkpoint(tmp_path / "c.npz", STATE0, 3, "abc")
    assert not (tmp_path / "c.npz.tmp").exists()
    with pytest.raises(InputError, match="config hash"):
        load_checkpoint(p, STATE0, "other")
    with pytest.raises(InputError, match="leaf_0000"):
        load_checkpoint(p, (jnp.zeros(4), jnp.array(0)), "abc")
    assert config_hash({"a": 1, "b": 2}) == config_hash({"b": 2, "a": 1})


def test_sparse_checkpoints_resume_redoes_chunks(tmp_path):
    ckpt, h = tmp_path / "state.npz", "sparse"
    full = run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, progress=None)

    def interrupt_at_3(k, s, st):
        if k == 3:
            raise Interrupt

    with pytest.raises(Interrupt):
        run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, on_chunk=interrupt_at_3,
                    checkpoint_path=ckpt, checkpoint_every=2, cfg_hash=h, progress=None)
    assert load_checkpoint(ckpt, STATE0, h)[1] == 1       # written after chunk 1 only
    res = run_chunked(toy_step, STATE0, forcing, PARAMS, 0.1, N_CHUNKS, checkpoint_path=ckpt,
                      checkpoint_every=2, cfg_hash=h, resume=True, progress=None)
    assert res.first_chunk == 2
    np.testing.assert_array_equal(res.state[0], full.state[0])
    assert load_checkpoint(ckpt, STATE0, h)[1] == N_CHUNKS - 1
