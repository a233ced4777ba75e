"""Load a BOATS-1.0 0-D reference run (``*.npz`` of ../shared/reference/boats0d) as model inputs.

Each file carries the exact parameters (``param_*``), forcing (``ESM_mclim_*``), configuration
(``cfg_*``) and initial spectrum (``dfish_init``) of an Octave run of the unmodified 0-D code;
this turns them into ``BoatsParams(variant="0d")``, a ``BoatsState``, the monthly forcing and the
step count, so the same ``run`` reproduces the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jax.numpy as jnp
import numpy as np

from jaxocean.boats.fishing import FishingParams
from jaxocean.boats.params import BoatsParams
from jaxocean.boats.run import n_steps
from jaxocean.boats.state import BoatsForcing, BoatsState
from jaxocean.core.validate import InputError, file_errors

_ECOLOGY = ("E_activation_A", "E_activation_m", "k_Boltzmann", "temp_ref_A", "kappa_eppley",
            "Prod_star", "mc_phy_l", "mc_phy_s", "te", "ppmr", "b_allo", "zeta1", "h_allo",
            "eff_a", "A00", "m_egg", "frac_fem", "egg_surv", "rep_slope", "rep_pos", "epsln")


@dataclass(frozen=True)
class ReferenceRun:
    """Inputs of one reference run, plus the raw arrays (``data``) to compare with."""

    name: str
    params: BoatsParams
    state0: BoatsState
    monthly: BoatsForcing     # (12,) npp [mmolC m-2 s-1], temp [degC]
    nsteps: int
    dt_days: float
    data: dict


@file_errors("BOATS reference run")
def load_reference_run(path) -> ReferenceRun:
    """Read one reference ``.npz``; the parameters are the file's own (``te``, ``ppmr``...)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"BOATS reference run {path} does not exist")
    d = dict(np.load(path, allow_pickle=False))
    p = {k[6:]: d[k] for k in d if k.startswith("param_")}
    fishing = FishingParams(
        enabled=float(p["idoecon"]), catchability=float(p["qcatch0"]),
        price=float(p["price_0"] * p["mmolC_2_wetB"]), cost=float(p["cost_effort_0"]),
        k_e=float(p["k_e"]), sel_slope=float(p["sel_slope"]), sel_pos_scale=float(p["sel_pos_scale"]),
        sel_pos=np.array([p["sel_pos_1"], p["sel_pos_2"], p["sel_pos_3"]], dtype=float))
    params = BoatsParams(**{f: float(p[f]) for f in _ECOLOGY}, fishing=fishing, variant="0d")
    active = d["mask_notexist"] == 0
    state0 = BoatsState(biomass=jnp.asarray(np.where(active, d["dfish_init"], 0.0)),
                        effort=jnp.zeros(3), step=jnp.asarray(0, jnp.int32))
    monthly = BoatsForcing(npp=jnp.asarray(d["ESM_mclim_intpp_mmolC_m2_s"]),
                           temp=jnp.asarray(d["ESM_mclim_thetao75_C"]))
    dt_days = float(p["dtts"])
    return ReferenceRun(name=path.stem, params=params, state0=state0, monthly=monthly,
                        nsteps=n_steps(float(p["run_length"]), dt_days, "0d"), dt_days=dt_days, data=d)
