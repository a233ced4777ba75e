import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxocean.recom import biological_pco2_drawdown, oae_efficiency


def test_efficiency_elementwise_and_integrated():
    dic_ref = jnp.array([2000.0, 2050.0])
    ta_ref = jnp.array([2300.0, 2350.0])
    dic_oae = dic_ref + jnp.array([80.0, 30.0])
    ta_oae = ta_ref + jnp.array([100.0, 50.0])
    np.testing.assert_allclose(oae_efficiency(dic_oae, dic_ref, ta_oae, ta_ref), [0.8, 0.6])
    vol = jnp.array([1.0, 3.0])
    assert float(oae_efficiency(dic_oae, dic_ref, ta_oae, ta_ref, volume=vol)) == pytest.approx(
        (80 + 90) / (100 + 150))


def test_biological_pco2_drawdown():
    # 20 umol/kg of biological DIC uptake, gamma_DIC 200 umol/kg, pCO2 400 uatm -> 40 uatm
    assert float(biological_pco2_drawdown(20.0, 200.0, 400.0)) == pytest.approx(40.0)
    g = jax.grad(biological_pco2_drawdown, argnums=(0, 1, 2))(20.0, 200.0, 400.0)
    np.testing.assert_allclose(g, [2.0, -0.2, 0.1])
