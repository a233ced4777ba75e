"""core.blocks: a cell-independent function run block by block equals the function run whole
(bitwise), under jit, vmap and grad, for block sizes that do and do not divide the cells."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.core.blocks import block_size, cpu_block_size, layout, map_blocks
from jaxocean.core.integrate import integrate
from jaxocean.core.validate import InputError


def model(state, forcing, params):
    """A per-cell nonlinear scan (state (members, cells, 4), forcing (time, cells)) with a
    cell-independent counter and an output along another axis: (state, (counter, (time, cells)))."""
    def step(s, f, p, dt):
        x = s["x"] + dt * (p["k"][:, None, None] * jnp.tanh(s["x"]) * f[None, :, None] - s["x"] ** 3)
        return {"x": x, "n": s["n"] + 1}, x.sum(axis=(0, 2))
    new, out = integrate(step, state, forcing, params, 0.1)
    return new, out


AXES_IN = ({"x": 1, "n": None}, 1, None)
AXES_OUT = ({"x": 1, "n": None}, 1)


def inputs(cells=23, members=3, steps=5, seed=0):
    r = np.random.default_rng(seed)
    state = {"x": jnp.asarray(r.normal(size=(members, cells, 4))), "n": jnp.zeros((), jnp.int32)}
    forcing = jnp.asarray(r.normal(size=(steps, cells)))
    return state, forcing, {"k": jnp.asarray(r.uniform(0.5, 1.5, members))}


@pytest.mark.parametrize("size", [1, 4, 5, 22, 23, 100])
def test_blocks_equal_the_whole_bitwise(size):
    args = inputs()
    whole = jax.jit(model)(*args)
    blocked = jax.jit(map_blocks(model, size, AXES_IN, AXES_OUT))(*args)
    for a, b in zip(jax.tree.leaves(whole), jax.tree.leaves(blocked)):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert int(blocked[0]["n"]) == 5


def test_blocks_under_vmap_and_grad():
    state, forcing, params = inputs()
    batch = jax.tree.map(lambda x: jnp.stack([x, 1.1 * x]), forcing)

    def loss(k, f, blocks):
        fn = map_blocks(model, 6, AXES_IN, AXES_OUT) if blocks else model
        new, out = fn(state, f, {"k": k})
        return jnp.sum(new["x"] ** 2) + jnp.sum(out)

    for blocks in (False, True):
        v = jax.vmap(lambda f: loss(params["k"], f, blocks))(batch)
        g = jax.grad(loss)(params["k"], forcing, blocks)
        if not blocks:
            v0, g0 = v, g
    np.testing.assert_allclose(v, v0, rtol=1e-13)
    np.testing.assert_allclose(g, g0, rtol=1e-12)
    fd = (loss(params["k"].at[0].add(1e-6), forcing, True) - loss(params["k"].at[0].add(-1e-6), forcing, True)) / 2e-6
    np.testing.assert_allclose(g[0], fd, rtol=1e-6)


def test_cell_axes_must_agree():
    state, forcing, params = inputs()
    with pytest.raises(ValueError, match=r"lengths \[22, 23\]"):
        map_blocks(model, 4, AXES_IN, AXES_OUT)(state, forcing[:, :22], params)
    summed = lambda s, f, p: (model(s, f, p)[0], model(s, f, p)[1].sum(axis=1, keepdims=True))  # noqa: E731
    with pytest.raises(ValueError, match=r"shapes \[\(5, 1\)\] do not have the block's 4 cells"):
        map_blocks(summed, 4, AXES_IN, AXES_OUT)(state, forcing, params)
    with pytest.raises(ValueError, match="positive number of cells, got 0"):
        map_blocks(model, 0, AXES_IN, AXES_OUT)


def test_block_sizes():
    assert cpu_block_size(20 * 150 * 4) == 1024        # 20 members, float32: 12 MB
    assert cpu_block_size(100 * 150 * 4) == 256        # 100 members: 15 MB
    assert cpu_block_size(100 * 150 * 8) == 128
    assert cpu_block_size(1e9) == 64 and cpu_block_size(1) == 1024
    assert jax.default_backend() == "cpu"
    assert block_size(None, 20 * 150 * 4) == 1024 and block_size(0, 1) is None and block_size(97, 1) == 97
    for bad in (-1, 2.5, "10", True):
        with pytest.raises(InputError, match=f"cell_block: expected a whole number of cells >= 0.*got {bad!r}"):
            block_size(bad, 1)
    assert layout(41062, 1024) == (41, 1002) and layout(1651, 1024) == (2, 826) and layout(5, 10) == (1, 5)
