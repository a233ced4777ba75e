"""BOATS parameters: ecology (Carozza et al. 2016 GMD, Table 1), economics (Carozza et al. 2017
PLoS One) and the carcass / fecal-pellet extension (seed 002, Eqs. 13-24).

Every numeric field is a pytree leaf, so any of them may be a traced array (``jax.grad`` with
respect to ``te``, ``A00``, ``zeta1``...; ``jax.vmap`` over stacked parameter sets). Defaults are
``parameters.m`` of the public BOATS-1.0 code (SCHEME.md Sect. 3). Field names follow the
MATLAB code so that reference files (``param_*``) map one to one.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.boats.carcass import CarcassParams
from jaxocean.boats.fishing import FishingParams
from jaxocean.boats.mass_grid import MassGrid

# The 5 representative sets of Carozza et al. (2017) (best_MCV3 / ensemble_parameters.mat),
# full precision as in parameter_sets_5best.csv. qcatch0 is the 0-D calibration catchability.
_SET_FIELDS = ("E_activation_A", "E_activation_m", "kappa_eppley", "Prod_star", "te", "ppmr",
               "b_allo", "zeta1", "h_allo", "A00", "egg_surv", "sel_slope", "sel_pos_scale",
               "qcatch0")
PUBLISHED_SETS = {
    6290: (0.311591170981861, 0.375552271925758, 0.0667373659828207, 0.313455659448588,
           0.160472625278094, 7609.39203587714, 0.678732384245751, 0.27005173739893,
           0.464135746074588, 3.663345542698, 0.032707378185408, 16.7787084191234,
           0.619763515474595, 8.11659890423543e-05),
    6363: (0.37280758496456, 0.345316924723752, 0.0788096581953092, 0.298198014622876,
           0.173205500230141, 1778.89419294932, 0.624189389912349, 0.0363488340565615,
           0.569063411729747, 4.00560026181127, 0.0414396614532532, 13.0274913690886,
           1.23523950944282, 0.000215357532461858),
    6920: (0.402981670987198, 0.645142363141747, 0.058222055986883, 0.20934843689556,
           0.150264811532959, 8463.28048867938, 0.632595279574257, 0.644827139935583,
           0.393830089864337, 4.11330379566877, 0.00971731098560505, 20.8347547371072,
           0.542572584865742, 3.90422285128364e-05),
    8874: (0.436077799000783, 0.515758680043858, 0.0694812667441183, 0.278395921043988,
           0.14096250721921, 7709.1127563025, 0.698474424525451, -0.257167616402993,
           0.518275269275136, 4.16541977022237, 0.0345165509499515, 12.4865083452206,
           0.863109183665991, 0.00016070310650471),
    9459: (0.426184856545648, 0.561165418166095, 0.0643309748471618, 0.35351757627701,
           0.183924162550029, 8782.22874243828, 0.651632448960928, 0.754956122379115,
           0.348924777645905, 4.00751266601027, 0.0321477168296413, 12.4399966167487,
           0.840798775364665, 9.86577669684134e-05),
}
PUBLISHED_SET_IDS = tuple(PUBLISHED_SETS)   # ensemble order of Carozza et al. (2017)


class BoatsParams(eqx.Module):
    """BOATS model parameters (units in comments; Carozza et al. 2016 Table 1 unless noted).

    ``variant`` (static) selects the code path reproduced: ``"global"`` (the 1-degree code,
    default) or ``"0d"`` (the 0-D code): they differ only in where epsilon enters the
    recruitment and advection fluxes (SCHEME.md Sect. 2). ``grid`` (static) is the mass grid.
    """

    E_activation_A: float = 0.45        # eV, activation energy of growth (Eq. a_A(T))
    E_activation_m: float = 0.45        # eV, activation energy of natural mortality
    k_Boltzmann: float = 8.617e-5       # eV K-1
    temp_ref_A: float = 283.15          # K, reference temperature of the Arrhenius factors
    kappa_eppley: float = 0.063         # degC-1, Eppley temperature sensitivity (Dunne et al. 2005)
    Prod_star: float = 0.37             # mmolC m-3 d-1, pivotal phytoplankton production (Dunne 2005)
    mc_phy_l: float = 5.6234132519e-6   # g, mass of a large phytoplankton cell
    mc_phy_s: float = 5.6234132519e-15  # g, mass of a small phytoplankton cell
    euphotic_depth: float = 75.0        # m, fixed euphotic depth converting NPP to npp_ed
    te: float = 0.125                   # -, trophic efficiency
    ppmr: float = 5000.0                # -, predator:prey mass ratio
    b_allo: float = 0.66                # -, allometric growth exponent b
    zeta1: float = 0.57                 # -, log mortality constant (Gislason et al. 2010)
    h_allo: float = 0.5                 # -, allometric mortality exponent h
    eff_a: float = 0.8                  # -, activity fraction eta_a of the VB growth
    A00: float = 4.46                   # g^(1-b) yr-1, allometric growth constant (Andersen & Beyer)
    npp_fraction: float = 1.0 / 3.0     # -, share of NPP given to each group (part_PP_g = part_PP_b)
    m_egg: float = 5.2e-4               # g, egg mass
    frac_fem: float = 0.5               # -, fraction of females
    egg_surv: float = 0.01              # -, egg survival to class 1
    rep_slope: float = 5.0              # -, slope of the maturity sigmoid
    rep_pos: float = 1.0                # -, maturity sigmoid position, in units of m_alpha
    epsln: float = 1e-50                # regulariser of the MATLAB code (floored at the dtype's tiny)
    fishing: FishingParams = eqx.field(default_factory=FishingParams)
    carcass: CarcassParams = eqx.field(default_factory=CarcassParams)
    grid: MassGrid = eqx.field(static=True, default_factory=MassGrid)
    variant: str = eqx.field(static=True, default="global")

    def __check_init__(self):
        if self.variant not in ("global", "0d"):
            raise ValueError(f"BoatsParams.variant must be 'global' or '0d', got {self.variant!r}")

    @property
    def tro_sca(self):
        """Trophic scaling tau = log10(te) / log10(ppmr) [-] (Carozza 2016 Eq. 8)."""
        return jnp.log10(self.te) / jnp.log10(self.ppmr)

    @classmethod
    def published_set(cls, ens_id: int, **overrides) -> "BoatsParams":
        """One of the 5 representative sets of Carozza et al. (2017): 6290, 6363, 6920, 8874, 9459.

        Ecological values and the selectivity (``sel_slope``, ``sel_pos_scale``) come from the
        set. The set's 0-D calibration catchability ``qcatch0`` becomes ``fishing.catchability``
        unless ``fishing=`` carries its own (any value other than the ``FishingParams`` default,
        e.g. a per-step series from ``read_economical``). Fishing stays off unless
        ``fishing.enabled`` is 1. ``overrides`` replace any other field.
        """
        if ens_id not in PUBLISHED_SETS:
            raise ValueError(f"unknown BOATS parameter set {ens_id}; published: {PUBLISHED_SET_IDS}")
        vals = dict(zip(_SET_FIELDS, PUBLISHED_SETS[ens_id]))
        fishing = overrides.pop("fishing", FishingParams())
        qcatch0 = vals.pop("qcatch0")
        own_q = np.ndim(fishing.catchability) > 0 or fishing.catchability != FishingParams.catchability
        fishing = eqx.tree_at(lambda f: (f.sel_slope, f.sel_pos_scale, f.catchability), fishing,
                              (vals.pop("sel_slope"), vals.pop("sel_pos_scale"),
                               fishing.catchability if own_q else qcatch0))
        vals.update(overrides)
        return cls(fishing=fishing, **vals)


def stack_params(params_list):
    """Stack parameter pytrees along a new leading axis (for ``jax.vmap(..., in_axes=0)``)."""
    return jax.tree.map(lambda *x: jnp.stack([jnp.asarray(v) for v in x]), *params_list)


def cast_floats(tree, dtype):
    """Cast every floating leaf of a pytree (params, state, forcing) to ``dtype``."""
    def cast(x):
        x = jnp.asarray(x) if isinstance(x, (float, np.ndarray, np.floating)) else x
        if hasattr(x, "dtype") and jnp.issubdtype(x.dtype, jnp.floating):
            return x.astype(dtype)
        return x
    return jax.tree.map(cast, tree)
