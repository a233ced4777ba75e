"""Parameters of the satellite PIC-production and standing-stock models (seed 000 Eqs. 1-4).

Every constant is a field (a traced array is fine), with its source. Where the primary
paper's constant could not be consulted here, the field says so and gives the reasoning.
"""

from __future__ import annotations

import equinox as eqx

from jaxocean.core.units import MOLAR_MASS_C


class CalcificationParams(eqx.Module):
    """Euphotic-zone PIC production after Hopkins & Balch (2018, JGR Biogeosciences), seed Eq. 2.

    mu(T) = mu_a * T**mu_b [d-1] for T > 0 degC: Fielding (2013, L&O 58, 663) maximum growth
    rate of E. huxleyi (quantile regression, n = 1415).
    h(PAR) = 1 - exp(-PAR / ik) [-]: saturating light limitation of growth. The form and
    ik of Hopkins & Balch (2018) could not be consulted here; ik = 4.32 mol photons m-2 d-1
    is 100 umol photons m-2 s-1 over a 12-h photoperiod, the order of the growth-saturating
    irradiance of E. huxleyi cultures synthesised by Fielding (2014, AME 73, 163).
    g(Zeu) = Zeu * (1 - light_fraction) / ln(1 / light_fraction) [m]: the euphotic-zone
    integral of a calcification rate that decreases with depth as the light, exp(-Kd z),
    down to Zeu where light is ``light_fraction`` of the surface value (our documented choice).
    Zeu = ln(1 / light_fraction) / Kd(PAR); Kd(PAR) = kd_a + kd_b Kd490 + kd_c / Kd490
    (Morel et al. 2007, RSE 111, 69, their Kd(PAR)-Kd(490) fit).
    """

    mu_a: float = 0.1419          # d-1 degC**-mu_b (Fielding 2013)
    mu_b: float = 0.8151          # - (Fielding 2013)
    ik: float = 4.32              # mol photons m-2 d-1 (see docstring; not from H&B 2018)
    light_fraction: float = 0.01  # - (1 % light level defines Zeu)
    kd_a: float = 0.0864          # m-1 (Morel et al. 2007)
    kd_b: float = 0.884           # - (Morel et al. 2007)
    kd_c: float = -0.00137        # m-2 (Morel et al. 2007)
    molar_mass_c: float = MOLAR_MASS_C  # g mol-1 (jaxocean.core.units)


class StandingStockParams(eqx.Module):
    """0-100 m integrated stocks from surface concentrations (Balch et al. 2018, GBC; seed Eqs. 3-4).

    stock_100m [mmol C m-2] = a * surface [mmol C m-3] ** b. The seed states no units and
    Balch et al. (2018) could not be consulted here: mmol is our assumption, chosen because
    with it the 100-m mean (stock / 100 m) stays within a factor of ~2 of the surface value
    for typical open-ocean surface PIC (0.05-1 mmol m-3) and POC (2-10 mmol m-3), as the
    tests check (in mol it would be > 20 times the surface value).
    """

    pic_a: float = 40.555  # mmol m-2 (mmol m-3)**-pic_b (Balch et al. 2018; seed Eq. 3)
    pic_b: float = 0.560   # -
    poc_a: float = 164.376  # mmol m-2 (mmol m-3)**-poc_b (Balch et al. 2018; seed Eq. 4)
    poc_b: float = 0.617   # -
