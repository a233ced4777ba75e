"""Generate notebooks/02_boats.ipynb (committed without outputs). Run: python notebooks/_build/build_02.py"""


import nbformat as nbf

from _write import write

cells = []


def md(text):
    cells.append(nbf.v4.new_markdown_cell(text.strip()))


def code(text):
    cells.append(nbf.v4.new_code_cell(text.strip()))


md("""
# BOATS in JAX: a cell, a region and the globe

`jaxocean.boats` re-implements the BOATS-1.0 fish size-spectrum model (Carozza et al. 2016 GMD
9:1545; 2017 PLoS One 12:e0169763) as used in seed 002, plus the carcass and fecal-pellet carbon
fluxes of that seed (Eqs. 13-24). The model reproduces the original MATLAB code's 0-D reference
runs to ~1e-14 in float64 (tests/boats/test_reference.py).

Data: CESM RCP8.5 (year 2100) monthly intpp and 0-75 m temperature, the observational Southern-Ocean
climatology of the BOATS distribution and its LME mask, all from `../shared/data/boats`. Without that
folder the notebook falls back to a synthetic forcing. `JAXOCEAN_SMALL=1` selects short runs on a
coarse subset.
""")

code("""
import os
import numpy as np
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import xarray as xr

import jaxocean
from jaxocean.boats import (BoatsForcing, BoatsParams, BoatsState, FishingParams, PUBLISHED_SET_IDS, forcing_sequence,
                            initial_state, run, run_members, stack_params)
from jaxocean.boats.forcing import annual_mean, ocean_grid, read_netcdf_forcing, read_region_npz
from jaxocean.boats.gridded import run_gridded
from jaxocean.boats.output import lme_aggregate
from jaxocean.io.paths import shared_path

jaxocean.enable_float64()
SMALL = os.environ.get("JAXOCEAN_SMALL") == "1"
DATA = shared_path("data", "boats")
DT = 30 * 86400.0
print("small settings:", SMALL, "| shared data:", DATA is not None)
""")

md("""
## 1. A cell: Southern Ocean (49.5 S, 127.5 E), monthly climatology

The "PP" initial spectrum relaxes to the equilibrium of the three groups (asymptotic masses
0.3, 8.5 and 100 kg). Parameter set 6290 of Carozza et al. (2017).
""")

code("""
def synthetic_site():
    month = np.arange(12)
    npp = 2.0e-4 * (1.0 + 0.6 * np.cos(2 * np.pi * (month - 0.5) / 12))     # mmolC m-2 s-1
    temp = 8.0 + 1.5 * np.cos(2 * np.pi * (month - 2) / 12)                 # degC
    return BoatsForcing(npp=jnp.asarray(npp), temp=jnp.asarray(temp))

if DATA is not None:
    region = read_region_npz(DATA / "Ecological_region_SO_19x31_monclim.npz")
    site = BoatsForcing(npp=jnp.asarray(region["npp"].values[:, 18, 27]), temp=jnp.asarray(region["temp"].values[:, 18, 27]))
else:
    site = synthetic_site()

years = 20 if SMALL else 150
params = BoatsParams.published_set(6290)
state0 = initial_state(annual_mean(site), params)
seq = forcing_sequence(site, 12 * years, 30.0)
final, diag = jax.jit(lambda s, f, p: run(s, f, p, DT))(state0, seq, params)

t = np.arange(1, 12 * years + 1) / 12
fig, ax = plt.subplots(1, 2, figsize=(11, 3.6))
for g, name in enumerate(["small", "medium", "large"]):
    ax[0].plot(t, np.asarray(diag.biomass[:, g]), label=name)
ax[0].set(xlabel="year", ylabel="biomass (g wet m$^{-2}$)", title="group biomass")
ax[0].legend()
m = params.grid.mass[0]
fish = np.asarray(final.biomass) * params.grid.dmass * 0.12
for g in range(3):
    act = params.grid.active[g] > 0
    ax[1].loglog(m[act], fish[g, act], label=f"group {g + 1}")
ax[1].set(xlabel="mass (g)", ylabel="biomass per class (g wet m$^{-2}$)", title=f"spectrum after {years} years")
plt.tight_layout()
""")

md("""
## 2. Fishing dynamics at the cell

Open access from the unfished state: effort grows while fishing is profitable, the catch peaks
and biomass and effort settle towards the bionomic equilibrium (Carozza et al. 2017). The state's
step counter indexes catchability series and the effort freeze, so it is reset for this new run. The switch
`enabled` and the effort freeze are traced values, so fished and unfished runs share one code path.
""")

code("""
fished = BoatsParams.published_set(6290, fishing=FishingParams(enabled=1.0, catchability=1e-4,
                                                               effort_freeze_step=12 * (years - 5)))
restart = BoatsState(biomass=final.biomass, effort=final.effort, step=jnp.asarray(0, jnp.int32))  # reset the step counter
_, fdiag = jax.jit(lambda s, f, p: run(s, f, p, DT))(restart, seq, fished)
fig, ax = plt.subplots(1, 3, figsize=(13, 3.4))
for g in range(3):
    ax[0].plot(t, np.asarray(fdiag.effort[:, g]) * 1e6)
    ax[1].plot(t, np.asarray(fdiag.harvest[:, g]) * 360 * 86400)
    ax[2].plot(t, np.asarray(fdiag.biomass[:, g]))
ax[0].axvline(years - 5, color="k", ls=":", lw=1)
ax[0].set(xlabel="year", ylabel="effort (uW m$^{-2}$)", title="effort (frozen after the dotted line)")
ax[1].set(xlabel="year", ylabel="catch (g m$^{-2}$ yr$^{-1}$)", title="catch")
ax[2].set(xlabel="year", ylabel="biomass (g m$^{-2}$)", title="biomass under fishing")
plt.tight_layout()
""")

md("""
## 3. Carcass and fecal-pellet carbon at the base of the euphotic zone

Seed 002 Eqs. 13-24: the non-predation share (Rogers, Blanchard & Mumby 2018 U-shaped mortality times
a_lambda(T)) of natural mortality sinks as carcasses; 20 % of the individual carbon loss
(1 - alpha)/alpha xi_I leaves as fecal pellets. The non-predation parameters and alpha are not
printed in the seed: the defaults, their sources and the named alternatives are in
docs/PARAMETERS.md (`CarcassParams`).
""")

code("""
fig, ax = plt.subplots(1, 2, figsize=(11, 3.4))
for g, name in enumerate(["small", "medium", "large"]):
    ax[0].plot(t, np.asarray(diag.carcass_flux[:, g]), label=name)
    ax[1].plot(t, np.asarray(diag.fecal_flux[:, g]), label=name)
ax[0].set(xlabel="year", ylabel="mg C m$^{-2}$ d$^{-1}$", title="carcass flux, unfished")
ax[1].set(xlabel="year", ylabel="mg C m$^{-2}$ d$^{-1}$", title="fecal-pellet flux, unfished")
ax[0].legend()
plt.tight_layout()
""")

md("""
## 4. Five parameter sets in one vmapped call

`run_members` vmaps `run` over parameter sets (and forcings, states, scenarios): the spread of
the 5 representative sets of Carozza et al. (2017) at the same cell.
""")

code("""
sets = stack_params([BoatsParams.published_set(i) for i in PUBLISHED_SET_IDS])
states = jax.vmap(initial_state, in_axes=(None, 0))(annual_mean(site), sets)
_, ens = jax.jit(lambda s, f, p: run_members(s, f, p, DT, in_axes=(0, None, 0), mean_every=12))(states, seq, sets)
total = np.asarray(ens.biomass).sum(-1)                       # (set, year)
plt.figure(figsize=(6, 3.4))
for k, i in enumerate(PUBLISHED_SET_IDS):
    plt.plot(np.arange(1, years + 1), total[k], label=str(i))
plt.xlabel("year"); plt.ylabel("total biomass (g m$^{-2}$)"); plt.legend(title="set"); plt.title("annual means")
""")

md("""
## 5. A region: the Southern-Ocean climatology (19 x 31 cells)

Land never enters the arithmetic: ocean cells form a flat axis and are mapped back to (lat, lon).
""")

code("""
def synthetic_grid(lat, lon):
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    month = np.arange(12)[:, None, None]
    npp = 1e-4 + 6e-4 * np.exp(-((la / 35.0) ** 2)) * (1 + 0.3 * np.cos(2 * np.pi * month / 12))
    temp = 28.0 * np.cos(np.deg2rad(la)) ** 2 - 1.0 + 0 * month
    land = (np.abs(lo - 200) < 15) & (np.abs(la) < 50)
    npp = np.where(land, np.nan, npp)
    temp = np.where(land, np.nan, temp)
    return xr.Dataset({"npp": (("month", "lat", "lon"), npp, {"units": "mmol m-2 s-1"}),
                       "temp": (("month", "lat", "lon"), temp, {"units": "degC"})}, coords={"lat": lat, "lon": lon})

if DATA is not None:
    forcing_region = region[["npp", "temp"]]
    grid_region = ocean_grid(region, region["area"].values)
else:
    forcing_region = synthetic_grid(np.arange(-67.5, -48.5), np.arange(100.5, 131.5))
    grid_region = ocean_grid(forcing_region)
ryears = 5 if SMALL else 50
out_region, _, _ = run_gridded(forcing_region, params, ryears, grid=grid_region)
fig, ax = plt.subplots(1, 3, figsize=(14, 3.4))
for a, name in zip(ax, ["biomass_total", "carcass_flux_total", "fecal_flux_total"]):
    out_region[name].isel(year=-1).plot(ax=a)
    a.set_title(f"{name} ({out_region[name].attrs['units']}), year {ryears}")
plt.tight_layout()
""")

md("""
## 6. The globe: CESM RCP8.5 (2100) forcing

On small settings a coarse subset of the 1-degree grid (every 4th row and column) for a few
years; otherwise the full 41 062 ocean cells. Then aggregation over the Large Marine Ecosystems
of the BOATS distribution (`LME_mask.mat`; codes as stored in that file).
""")

code("""
if DATA is not None:
    glob = read_netcdf_forcing(DATA / "cesm_rcp85_intpp_zint_monthly_210001-210012.nc4",
                               DATA / "cesm_rcp85_to_zs_monthly_210001-210012.nc4")
else:
    glob = synthetic_grid(np.arange(-89.5, 90.0), np.arange(0.5, 360.0))
stride = 4 if SMALL else 1
glob = glob.isel(lat=slice(0, None, stride), lon=slice(0, None, stride))
gyears = 3 if SMALL else 30
out_glob, _, grid_glob = run_gridded(glob, params, gyears)
print(grid_glob.n_cells, "ocean cells")
fig, ax = plt.subplots(1, 3, figsize=(16, 3.6))
for a, name in zip(ax, ["biomass_total", "carcass_flux_total", "fecal_flux_total"]):
    out_glob[name].isel(year=-1).plot(ax=a, robust=True)
    a.set_title(f"{name} ({out_glob[name].attrs['units']})")
plt.tight_layout()
""")

code("""
if DATA is not None:
    from jaxocean.io.matlab import load_mat
    lme_codes = load_mat(DATA / "LME_mask.mat")["LME_mask"][::stride, ::stride]
    lme = lme_aggregate(out_glob, lme_codes)
    carcass = lme["carcass_flux_total_integral"].isel(year=-1) * 360 / 1e15     # mg C d-1 -> Tg C yr-1
    top = carcass.sortby(carcass, ascending=False).isel(lme=slice(0, 10))
    plt.figure(figsize=(7, 3.2))
    plt.bar([str(int(k)) for k in top["lme"].values], top.values)
    plt.xlabel("LME code"); plt.ylabel("carcass C (Tg C yr$^{-1}$)"); plt.title("top 10 LMEs, carcass carbon")
total_carcass = float((out_glob["carcass_flux_total"].isel(year=-1).fillna(0) * out_glob["area"].fillna(0)).sum()) * 360 / 1e15
total_fecal = float((out_glob["fecal_flux_total"].isel(year=-1).fillna(0) * out_glob["area"].fillna(0)).sum()) * 360 / 1e15
print(f"carcass {total_carcass:.3f} Tg C/yr, fecal pellets {total_fecal:.3f} Tg C/yr (grid subset: stride {stride})")
""")


write(cells, "02_boats.ipynb")
