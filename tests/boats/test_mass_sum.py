"""class_sum: the fixed pairwise order (independent slices per pair, as the reference below),
exact on integers, on any axis, and the same bits for any batch shape under jit."""

import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.boats.mass_sum import class_sum


def _pairwise_reference(x):
    """The order class_sum promises: replace the m entries by the sums of entry i and entry
    i + m // 2, an odd last entry carried (``last + carried``), until one entry is left and add
    the carried sum (one slice per entry)."""
    terms, tail = [x[..., i] for i in range(x.shape[-1])], None
    while len(terms) + (tail is not None) > 1:
        m, h = len(terms), len(terms) // 2
        if m % 2:
            tail = terms[m - 1] if tail is None else terms[m - 1] + tail
        terms = [terms[i] + terms[i + h] for i in range(h)]
    if not terms:
        return tail
    return terms[0] if tail is None else terms[0] + tail


def test_order_is_pairwise_halves():
    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 5, 12, 19, 37, 50):
        # magnitudes over 16 decades: any other order changes the float32 result
        x = (rng.random((7, n)) * np.exp(rng.normal(size=(7, n)) * 8)).astype(np.float32)
        got = np.asarray(class_sum(jnp.asarray(x)))
        np.testing.assert_array_equal(got, np.asarray(_pairwise_reference(jnp.asarray(x))), err_msg=str(n))
        np.testing.assert_array_equal(np.asarray(class_sum(jnp.asarray(x.T), axis=0)), got, err_msg=f"axis 0, {n}")
    ints = np.arange(50.0, dtype=np.float32).reshape(1, 50)
    assert float(class_sum(jnp.asarray(ints))[0]) == 1225.0


def test_same_bits_for_any_batch_under_jit():
    rng = np.random.default_rng(4)
    x = (rng.random((6, 9, 3, 50)) * np.exp(rng.normal(size=(6, 9, 3, 50)) * 8)).astype(np.float32)
    w = jnp.asarray(rng.random((3, 50)), jnp.float32)
    f = jax.jit(lambda b: class_sum(b * w))             # summand fused into the first level
    full = np.asarray(f(x))
    for lo, hi in ((0, 1), (2, 5), (5, 6)):
        np.testing.assert_array_equal(np.asarray(f(x[lo:hi])), full[lo:hi])
    np.testing.assert_array_equal(np.asarray(jax.jit(jax.vmap(f))(x)), full)
