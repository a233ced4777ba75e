"""OAE diagnostics ([S25] Sect. 2.5, Eqs. 4-5). [S25] = Seifert et al. (2025, BG 22, 5897).

* efficiency eta_CO2 = Delta DIC / Delta TA between an OAE and a reference state (Eq. 4);
* biological pCO2 drawdown Delta pCO2_bio = Delta DIC_bio / gamma_DIC * pCO2 (Eq. 5),
  gamma_DIC = DIC / Revelle factor (Egleston et al. 2010).
"""

from __future__ import annotations

import jax.numpy as jnp


def oae_efficiency(dic_oae, dic_ref, ta_oae, ta_ref, volume=None):
    """eta = Delta DIC / Delta TA [mol mol-1] ([S25] Eq. 4).

    NaN where no alkalinity was added (Delta TA = 0). Element-wise by default; with ``volume`` (cell volumes or masses, broadcastable) the
    excess DIC and TA are integrated over all cells first, as in [S25].
    """
    d_dic = jnp.asarray(dic_oae) - jnp.asarray(dic_ref)
    d_ta = jnp.asarray(ta_oae) - jnp.asarray(ta_ref)      # no alkalinity added: 0/0 = NaN
    if volume is None:
        return d_dic / d_ta
    return jnp.sum(volume * d_dic) / jnp.sum(volume * d_ta)


def biological_pco2_drawdown(delta_dic_bio, gamma_dic, pco2):
    """Delta pCO2_bio = Delta DIC_bio / gamma_DIC * pCO2 [uatm] ([S25] Eq. 5).

    ``delta_dic_bio`` (net biological DIC sink) and ``gamma_dic`` in the same units
    (e.g. umol kg-1), ``pco2`` in uatm. Positive = biological drawdown.
    """
    return delta_dic_bio / gamma_dic * pco2
