"""Batched BOATS ensembles: parameter sets x forcings x fishing scenarios in ONE computation.

    from jaxocean.ensemble import preset, from_toml, run_ensemble, summarise

    spec = preset("demo")                 # 20 members (5 sets x 2 ESMs x fishing on/off)
    run = run_ensemble(spec, "runs/demo") # one jitted monthly scan per year, members vmapped,
                                          # sharded over devices; annual.nc + checkpoint.npz
    summary = summarise(run)              # export -> injection -> sequestration, group stats, KMCA

Modules: ``spec`` (members, TOML, validation), ``climatology`` (base fields, embedded demo
forcing), ``observed`` (observed SST and temperature at depth for the bases), ``scenario``
(SYNTHETIC trends), ``isimip`` (real ISIMIP3b files), ``members``
(stacked BOATS parameters/states, batched step), ``sharding`` (member axis over devices),
``batches`` (members streamed in batches through one compiled step), ``distributed``
(several processes on ``jax.distributed``), ``runner`` (chunked run, streaming, resume),
``output`` (annual netCDF), ``sequestration``
(export and transport chain on an OCIM file or the idealized circulation), ``stats`` (mean +- sd over parameter sets, KMCA), ``figures``,
``cli`` (``jaxocean ensemble``).
"""

from jaxocean.ensemble.runner import EnsembleRun, forcing_source, run_ensemble
from jaxocean.ensemble.spec import EnsembleSpec, Member, from_dict, from_toml, preset, product
from jaxocean.ensemble.summary import summarise

__all__ = ["EnsembleSpec", "Member", "from_dict", "from_toml", "preset", "product",
           "run_ensemble", "forcing_source", "EnsembleRun", "summarise"]
