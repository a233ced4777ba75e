"""Build notebooks/04_pic_export_traps.ipynb (without outputs) with nbformat.

    python notebooks/_build/build_04.py
"""


import nbformat as nbf

from _write import write

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell

cells = [
    md("""# PIC production, standing stocks and sediment-trap PIC export

Methods of seed 000 (Sects. 2-3) as `jaxocean` library functions:

1. **Satellite fields** (`jaxocean.satellite`): euphotic-zone PIC production after Hopkins &
   Balch (2018), `PIC × µ(SST) × h(PAR) × g(Zeu)` with the *G. huxleyi* growth rate of
   Fielding (2013), 0-100 m PIC/POC stocks (Balch et al. 2018), residence time, seasonal bias
   and global totals on 1-degree pixels (seed Eq. 5). No satellite climatology is reachable
   offline, so this part runs on idealised fields.
2. **Sediment traps** (`jaxocean.traps`): the Mouw et al. (2016) compilation (PANGAEA
   doi:10.1594/PANGAEA.855594, CC-BY-3.0), the seed's selection (deployments ≤ 31 d, water
   depth ≥ 200 m, seven depth layers) and Table 1.
3. **Regions and matchups**: the 13 RECCAP2 regions (Hauck et al. 2023; Fay & McKinley 2014
   biomes), matchups with the Henson et al. (2012, GBC) annual PP and export maps, Pearson /
   OLS statistics per region × layer (Figs. 5-6), and export/transfer efficiencies by
   latitude (Fig. 7).

The real data live in `../shared` (not shipped); without it the trap cells say so and stop
early. `JAXOCEAN_SMALL=1` uses a coarse grid for the idealised fields."""),
    code("""import io
import os

import jax
import jax.numpy as jnp
import matplotlib
import numpy as np
from IPython.display import Image, display

import jaxocean
from jaxocean.core.grid import area_map, cell_centres, global_total_pg_per_year
from jaxocean.io.paths import shared_path
from jaxocean.satellite import (CalcificationParams, MMOL_C_TO_G, euphotic_depth, ez_pic_production,
                                monthly_climatology, pic_stock_100m, residence_time, seasonal_bias)

jaxocean.enable_float64()
matplotlib.use("Agg")
SMALL = os.environ.get("JAXOCEAN_SMALL") == "1"
STEP = 10.0 if SMALL else 1.0
DATA = shared_path("data")
print("small settings:", SMALL, "| real data:", DATA)


def show(fig):
    \"\"\"Display a matplotlib Figure as PNG (the library builds figures without pyplot).\"\"\"
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    display(Image(buf.getvalue()))"""),
    md("""## 1. EZ PIC production on idealised monthly fields

Surface PIC [mol C m⁻³], SST [°C], PAR [mol photons m⁻² d⁻¹] and Kd490 [m⁻¹] vary with
latitude and season. The model is vmapped over months; global totals use the seed's pixel
area (Eq. 5) and count only open-ocean pixels in a real run (here: all pixels)."""),
    code("""lat, lon = cell_centres(STEP)
months = jnp.arange(1, 13)
phase = jnp.cos(2 * jnp.pi * (months[:, None] - 7) / 12) * jnp.sign(lat)[None, :]    # NH summer in July
sst = (27.0 * jnp.cos(jnp.deg2rad(lat))[None, :] + 3.0 * phase)[..., None] * jnp.ones(lon.size)
par = jnp.clip(40.0 * jnp.cos(jnp.deg2rad(lat))[None, :] + 15.0 * phase, 1.0, None)[..., None] * jnp.ones(lon.size)
kd490 = jnp.full(sst.shape, 0.04)
pic = (4e-5 * (1.0 + 0.8 * jnp.abs(jnp.sin(jnp.deg2rad(lat))))[None, :, None]) * (1.0 + 0.5 * phase[..., None])

p = CalcificationParams()
prod = jax.jit(jax.vmap(ez_pic_production, in_axes=(0, 0, 0, 0, None)))(pic, sst, par, kd490, p)   # g C m-2 d-1
area = area_map(lat, lon, dlat=STEP, dlon=STEP)
annual = prod.mean(axis=0)
print(f"Zeu at Kd490 = 0.04 m-1: {float(euphotic_depth(0.04, p)):.1f} m")
print(f"EZ PIC production: {1e3 * float(annual.min()):.2f}-{1e3 * float(annual.max()):.2f} mg C m-2 d-1")
print(f"global total: {float(global_total_pg_per_year(annual, area)):.2f} Pg C yr-1 (idealised fields)")

stock = pic_stock_100m(pic * 1e3) * MMOL_C_TO_G          # mmol m-3 -> mmol m-2 -> g C m-2
tau = residence_time(stock.mean(axis=0), annual)
cv = seasonal_bias(monthly_climatology(prod, months))
print(f"median PIC residence time {float(jnp.median(tau)):.1f} d; seasonal bias (CV) at the equator "
      f"{float(cv[lat.size // 2, 0]):.3f}, poleward {float(cv[1, 0]):.3f}")"""),
    md("""Every constant is a field of `CalcificationParams`, so sensitivities come from `jax.grad`:"""),
    code("""dtotal = jax.grad(lambda q: global_total_pg_per_year(
    jax.vmap(ez_pic_production, in_axes=(0, 0, 0, 0, None))(pic, sst, par, kd490, q).mean(axis=0), area))(p)
print(f"d total / d mu_a = {float(dtotal.mu_a):.2f} Pg C yr-1 per d-1; d total / d ik = {float(dtotal.ik):.4f}")"""),
    md("""## 2. Sediment traps: the seed selection and Table 1"""),
    code("""if DATA is None:
    print("../shared is absent: the trap, region and matchup cells below are skipped.")
else:
    from jaxocean.regions import read_etopo1_1deg, read_reccap2_regions, region_of
    from jaxocean.traps import read_mouw2016, read_timeseries_traps, select_seed, table1

    bathy = read_etopo1_1deg(DATA / "henson_bcp_maps" / "etopo1_marmap_1deg.csv")
    mouw = read_mouw2016(DATA / "mouw2016_goflux" / "GO_flux.tab")
    sel = select_seed(mouw, bathymetry=bathy)
    print(f"{len(mouw)} rows -> {len(sel)} PIC observations (<= 31 d, water depth >= 200 m)")
    print(table1(sel).to_string())
    ts = select_seed(read_timeseries_traps(DATA / "ts_traps"), bathymetry=bathy)
    print(f"time-series traps: {len(ts)} observations at {ts['site'].nunique()} stations")"""),
    md("""## 3. RECCAP2 regions, Henson (2012) matchups and statistics

Each observation gets its region and the Henson annual PP and export (EP, at 100 m) of its
cell (the Henson grid has stretched latitudes near the equator; `cell_index` handles it).
`regression_table` runs the jnp Pearson/OLS fit on every region × layer group in one vmapped
call (production < 0.1 mg C m⁻² d⁻¹ dropped)."""),
    code("""if DATA is not None:
    from jaxocean.satellite import read_henson2012_maps
    from jaxocean.traps import match_map, regression_table
    from jaxocean.traps import figures

    regions = read_reccap2_regions(DATA / "reccap2_masks" / "RECCAP2_region_masks_all_v20221025.nc")
    sel["region"] = region_of(sel["lat"], sel["lon"], regions)
    henson = read_henson2012_maps(DATA / "henson_bcp_maps" / "Figure4mats.mat")
    for k in ("PP", "EP"):
        sel[k] = match_map(sel, henson[k])
    fits = regression_table(sel[sel["region"] > 0], "PP", "pic", log=True)
    print("log10 PIC flux vs log10 Henson PP, all regions pooled:")
    print(fits[fits["region"] == "Global"][["layer", "n", "r", "r2", "p", "slope"]].round(3).to_string(index=False))
    linear = regression_table(sel[sel["region"] > 0], "PP", "pic")
    show(figures.slope_matrix(linear))"""),
    md("""## 4. Efficiencies and PIC:POC

Export efficiency = export-layer (0-100 m) flux / production; transfer efficiency =
mesopelagic (100-1000 m) flux / export flux, per 1-degree cell, then 10-degree latitude bands
(`jaxocean.export.efficiency`). Without a PIC-production climatology, the PIC export is
normalised by Henson PP here; `experiments/pic_trap_analysis.py --climatology FILE` uses EZ
PIC production instead."""),
    code("""if DATA is not None:
    from jaxocean.traps import latitude_band_means, pic_poc_ratio, site_efficiencies

    sites = site_efficiencies(sel, flux="pic", production="PP")
    eeff = latitude_band_means(sites["lat"], sites["eeff"])
    teff = latitude_band_means(sites["lat"], sites["teff"])
    print("PIC export / PP by band:", eeff["mean"].round(3).to_dict())
    print("PIC Teff by band:", teff["mean"].round(3).to_dict())
    print(pic_poc_ratio(sel).round(3).to_string())
    show(figures.latitudinal_efficiency(eeff, teff, labels=("PIC export / PP", "PIC Teff")))"""),
]


write(cells, "04_pic_export_traps.ipynb")
