import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.calibrate.params import FreeParameters
from jaxocean.calibrate.transforms import Bounded, Identity, Log
from jaxocean.core.validate import InputError


class Inner(eqx.Module):
    k: float = 0.5
    v: jax.Array = eqx.field(default_factory=lambda: jnp.array([1.0, 2.0]))


class Outer(eqx.Module):
    inner: Inner = Inner()
    offset: float = -1.0
    fixed: float = 3.0


def test_select_nested_array_and_defaults():
    fp = FreeParameters.select(Outer(), ("inner.k", "inner.v", "offset"))
    assert fp.labels == ["inner.k", "inner.v[0]", "inner.v[1]", "offset"]
    assert isinstance(fp.transforms[0], Log) and isinstance(fp.transforms[2], Identity)
    u = fp.initial()
    np.testing.assert_allclose(np.asarray(fp.physical(u)), [0.5, 1.0, 2.0, -1.0])
    p = fp.to_params(u + jnp.array([np.log(2.0), 0.0, np.log(3.0), 1.0]))
    np.testing.assert_allclose([float(p.inner.k), float(p.offset), float(p.fixed)], [1.0, 0.0, 3.0])
    np.testing.assert_allclose(np.asarray(p.inner.v), [1.0, 6.0])
    # differentiable through to_params
    g = jax.grad(lambda u: fp.to_params(u).inner.k * fp.to_params(u).offset)(u)
    np.testing.assert_allclose(np.asarray(g), [-0.5, 0.0, 0.0, 0.5])


def test_explicit_transforms_and_errors():
    fp = FreeParameters.select(Outer(), "offset", {"offset": ("bounded", -2.0, 2.0)})
    assert isinstance(fp.transforms[0], Bounded)
    with pytest.raises(InputError, match="no field 'nope'"):
        FreeParameters.select(Outer(), ("inner.nope",))
    with pytest.raises(InputError, match="not free"):
        FreeParameters.select(Outer(), ("offset",), {"fixed": "log"})
    with pytest.raises(InputError, match="duplicated"):
        FreeParameters.select(Outer(), ("offset", "offset"))
