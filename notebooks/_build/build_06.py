"""Build notebooks/06_ensemble_gpu.ipynb (no outputs). Run: python notebooks/_build/build_06.py"""


import nbformat as nbf

from _write import write

cells = [
    nbf.v4.new_markdown_cell("""# 06 — The BOATS ensemble as one batched computation (CPU or GPU)

Seed 002 runs BOATS as a 20-member ensemble: 5 published parameter sets x 2 ESM forcings
(GFDL-ESM4, IPSL-CM6A-LR) x with/without fishing, monthly, 1950–2014 historical + 2015–2100
projections, then chains carcass/fecal-pellet export, injection by depth and sequestration.
`jaxocean.ensemble` runs all members in **one jitted monthly scan** (members vmapped), one
compiled chunk per simulated year (streamed to netCDF, checkpointed), with the member axis
**sharded over every available device** (`jax.sharding`) — the same code on 1 CPU, 8 GPUs or a cluster.

* On a GPU this notebook runs the `seed20` preset (1-degree CESM base, needs `../shared`).
* On a CPU it runs a small ensemble (`JAXOCEAN_SMALL=1`: 4 members, 4 years, 30-degree grid) or the
  `demo` preset (20 members, 1950–2100, 10 degrees).

**Labels.** Forcing trajectories are SYNTHETIC (a base climatology plus prescribed warming and
NPP trends per ESM/SSP; `jaxocean.ensemble.scenario`), not ESM output. The circulation is the
F100-constrained one (OCIM2-48L, Siegel et al. 2021; `jaxocean.transport.ventilated`: ventilated
water columns fitted to OCIM2-48L's fraction stored after 100 years, each box's mean time to
surface contact bounded by about 1,500 yr after DeVries & Primeau 2011; `[transport] circulation =
"f100-only"` selects the fit without that bound, `"idealized"` the IDEALIZED built-in operator). Real ISIMIP3b files plug into the same
pipeline (`forcing = "isimip"` in the config)."""),
    nbf.v4.new_code_cell("""import os
import jax
import numpy as np
import matplotlib.pyplot as plt
import jaxocean
from jaxocean.ensemble import from_dict, preset, run_ensemble
from jaxocean.ensemble.summary import summarise
from jaxocean.ensemble.climatology import cesm_base

SMALL = os.environ.get("JAXOCEAN_SMALL") == "1"
GPU = jax.default_backend() == "gpu"
if GPU and not SMALL and cesm_base() is not None:
    spec = preset("seed20")
elif SMALL:
    spec = from_dict({"ensemble": {"name": "nb06_small", "start_year": 2008, "end_year": 2011,
                                   "spinup_years": 1, "coarsen": 6},
                      "members": {"param_sets": [6290, 9459], "forcings": ["GFDL-ESM4:ssp585"],
                                  "fishing": [True, False]}})
else:
    spec = preset("demo")
print(f"backend {jax.default_backend()} x{jax.device_count()}: {spec.name}, {len(spec.members)} members, "
      f"{spec.start_year}-{spec.end_year} (+{spec.spinup_years} spin-up), {spec.precision}")"""),
    nbf.v4.new_markdown_cell("""## Run: one batched scan per simulated year, members sharded over the devices
The progress bar shows simulated years, the rate and the ETA (compile time excluded); `annual.nc` grows by one year per chunk and
`checkpoint.npz` lets an interrupted run continue (`run_ensemble(..., resume=True)`)."""),
    nbf.v4.new_code_cell("""run = run_ensemble(spec, f"nb06_{spec.name}")
r = run.result
print(f"{len(spec.members) * (r.n_chunks - r.first_chunk) * spec.chunk_years / r.seconds:.2f} member-years/s, "
      f"compiled {r.compilations}x, forcing: {run.source_label}")"""),
    nbf.v4.new_markdown_cell("""## Export, injection by depth and sequestration, per member
Carcass (W_sink 1150 m/d) and fecal-pellet (787 m/d) fluxes at 75 m are attenuated with the Q10
exponential profile, injected per layer, and sequestered in the transport-matrix ocean: steady
state of the first year, backward-Euler transient with yearly injection, steady state of the last year."""),
    nbf.v4.new_code_cell("""s = summarise(run)
print("circulation:", s.attrs["transport"].split(";")[0])
years = s["year"].values
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, name, title in zip(axes, ["biomass_total", "catch_total", "c_seq"],
                           ["Biomass", "Catch", "Sequestered carbon (transient)"]):
    mean, sd = s[f"{name}_mean"].values, s[f"{name}_sd"].values
    for g, label in enumerate(s["group_label"].values):
        ax.plot(years, mean[:, g], label=label)
        ax.fill_between(years, mean[:, g] - sd[:, g], mean[:, g] + sd[:, g], alpha=0.25)
    ax.set_title(f"{title} (mean ± sd over parameter sets)")
    ax.set_ylabel(s[name].attrs["units"])
axes[0].legend(fontsize=7)
plt.tight_layout()"""),
    nbf.v4.new_code_cell("""for g, label in enumerate(s["group_label"].values):
    print(f"{label:34s} biomass {s['biomass_total_mean'][0, g].item():8.1f} -> {s['biomass_total_mean'][-1, g].item():8.1f} Mt, "
          f"export {s['export_mean'][-1, g].item():.4f} GtC/yr, C_seq {s['c_seq_mean'][-1, g].item():7.2f} GtC, "
          f"sequestration time {s['seq_time_mean'][-1, g].item():6.0f} yr")
print("steady-state C_seq first / last year (member 0):", s["c_seq_steady"].values[:, 0])"""),
    nbf.v4.new_markdown_cell("""## Key macrofauna carbon areas (KMCA)
Cells in the upper quartile of both biomass and contribution to sequestration (injection x mean
first-passage time): the 1950s without fishing and the 2010s with fishing (seed 002; a short run
uses its first / last years and says so in the title)."""),
    nbf.v4.new_code_cell("""fig, axes = plt.subplots(1, 2, figsize=(14, 3.5))
lon, lat = s["tlon"].values, s["tlat"].values
for p, ax in enumerate(axes):
    bio = s["kmca_biomass"].values[p]
    ax.pcolormesh(lon, lat, np.log10(np.where(bio > 0, bio, np.nan)), cmap="Blues", shading="auto")
    k = s["kmca"].values[p]
    ax.pcolormesh(lon, lat, np.where(k > 0, 1.0, np.nan), cmap="autumn", shading="auto")
    ax.set_title(f"KMCA {s['period_label'].values[p]}: {int(np.nansum(k))} cells (red)")
plt.tight_layout()
print("KMCA cells per period:", dict(zip(s["period_label"].values.tolist(), s["kmca"].sum(("tlat", "tlon")).values.tolist())))"""),
]

write(cells, "06_ensemble_gpu.ipynb")
