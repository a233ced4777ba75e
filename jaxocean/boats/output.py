"""BOATS output at the edges: CF xarray Datasets on (lat, lon), annual means, LME sums, netCDF.

Diagnostics come from ``run`` on the flat ocean-cell axis (``BoatsDiagnostics``, (time, ncell, 3))
and are mapped back to (lat, lon) with NaN on land.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.boats.constants import MMOLC_TO_WET_G
from jaxocean.boats.forcing import OceanGrid
from jaxocean.io.netcdf import write_netcdf

GROUPS = ("small", "medium", "large")
DIAG_ATTRS = {
    "biomass": ("g m-2", "fish wet biomass by group (10 g - 100 kg)"),
    "harvest": ("g m-2 s-1", "catch rate by group (wet mass)"),
    "effort": ("W m-2", "fishing effort by group"),
    "revenue": ("m-2 s-1", "fishing revenue by group (US dollars m-2 s-1)"),
    "cost": ("m-2 s-1", "fishing cost by group (US dollars m-2 s-1)"),
    "carcass_flux": ("mg m-2 d-1", "carbon in sinking fish carcasses at the base of the euphotic zone (75 m)"),
    "fecal_flux": ("mg m-2 d-1", "carbon in fish fecal pellets at the base of the euphotic zone (75 m)"),
}

# CF standard names of the diagnostics that have one (CF standard-name table v93)
STANDARD_NAMES = {
    "carcass_flux": "sinking_mass_flux_of_particulate_carbon_in_sea_water",
    "fecal_flux": "sinking_mass_flux_of_particulate_carbon_in_sea_water",
    "area": "cell_area",
}


def spectrum_wet_biomass(biomass, params) -> np.ndarray:
    """Wet biomass per class fish = B dm 0.12 [g m-2], NaN in classes above m_inf."""
    g = params.grid
    fish = np.asarray(biomass) * g.dmass * MMOLC_TO_WET_G
    return np.where(g.active > 0, fish, np.nan)


def to_dataset(grid: OceanGrid, params, *, diags=None, final_state=None, annual_spectra=None, time=None,
               time_name: str = "year") -> xr.Dataset:
    """CF Dataset on (time, group, lat, lon) of the diagnostics (e.g. annual means); from
    ``final_state`` the final spectrum (group, mass_class, lat, lon) and effort; from
    ``annual_spectra`` (time, ncell, 3, 50) [mmolC m-2 g-1] the spectrum per time (g wet m-2)."""
    coords = {"lat": ("lat", grid.lat, {"units": "degrees_north", "standard_name": "latitude"}),
              "lon": ("lon", grid.lon, {"units": "degrees_east", "standard_name": "longitude"}),
              "group": ("group", list(GROUPS)),
              "mass_class": ("mass_class", np.arange(1, params.grid.n_classes + 1)),
              "mass": ("mass_class", params.grid.mass[0], {"units": "g", "long_name": "class mass"}),
              "minf": ("group", np.asarray(params.grid.minf), {"units": "g", "long_name": "asymptotic mass"})}
    std = lambda name: {"standard_name": STANDARD_NAMES[name]} if name in STANDARD_NAMES else {}  # noqa: E731
    data = {"area": (("lat", "lon"), grid.to_map(grid.area),
                     {"units": "m2", "long_name": "ocean cell area"} | std("area"))}
    if diags is not None:
        ntime = np.shape(diags.biomass)[0]
        coords[time_name] = (time_name, np.arange(ntime) if time is None else np.asarray(time))
        for name, (units, long_name) in DIAG_ATTRS.items():
            cells = np.moveaxis(np.asarray(getattr(diags, name)), -1, 1)        # (time, 3, ncell)
            data[name] = ((time_name, "group", "lat", "lon"), grid.to_map(cells),
                          {"units": units, "long_name": long_name} | std(name))
        for name in ("biomass", "carcass_flux", "fecal_flux"):
            units, long_name = DIAG_ATTRS[name]
            total = np.asarray(getattr(diags, name)).sum(axis=-1)
            data[f"{name}_total"] = ((time_name, "lat", "lon"), grid.to_map(total),
                                     {"units": units, "long_name": long_name + ", all groups"} | std(name))
    if annual_spectra is not None:
        fish = np.moveaxis(spectrum_wet_biomass(annual_spectra, params), 1, -1)    # (time, 3, 50, ncell)
        data["spectrum_annual"] = ((time_name, "group", "mass_class", "lat", "lon"), grid.to_map(fish),
                                   {"units": "g m-2", "long_name": "wet biomass per mass class"})
    if final_state is not None:
        fish = np.moveaxis(spectrum_wet_biomass(final_state.biomass, params), 0, -1)  # (3, 50, ncell)
        data["spectrum"] = (("group", "mass_class", "lat", "lon"), grid.to_map(fish),
                            {"units": "g m-2", "long_name": "final wet biomass per mass class"})
        data["final_effort"] = (("group", "lat", "lon"), grid.to_map(np.asarray(final_state.effort).T),
                                {"units": "W m-2", "long_name": "final fishing effort"})
    return xr.Dataset(data, coords=coords, attrs={"model": "BOATS-1.0 (jaxocean.boats)",
                                                  "references": "Carozza et al. 2016 GMD 9:1545; 2017 PLoS One 12:e0169763"})


def lme_aggregate(ds: xr.Dataset, lme_mask) -> xr.Dataset:
    """Area-weighted means and area integrals of the (time, group, lat, lon) fields per LME code.

    ``lme_mask`` (nlat, nlon): integer LME code per cell (0 or NaN outside any LME). Totals:
    ``*_integral`` = sum(mean density x area), e.g. biomass [g], carcass flux [mg d-1].
    """
    codes = np.asarray(lme_mask, float)
    area = ds["area"].values
    valid = np.isfinite(codes) & (codes > 0) & np.isfinite(area)
    lmes = np.unique(codes[valid]).astype(int)
    out = {"area": (("lme",), np.array([area[valid & (codes == k)].sum() for k in lmes]), {"units": "m2"})}
    for name, da in ds.data_vars.items():
        if da.dims[-2:] != ("lat", "lon") or name == "area" or "mass_class" in da.dims:
            continue
        vals = np.nan_to_num(da.values)
        means, integrals = [], []
        for k in lmes:
            sel = valid & (codes == k)
            integral = (vals[..., sel] * area[sel]).sum(axis=-1)
            integrals.append(integral)
            means.append(integral / area[sel].sum())
        dims = da.dims[:-2] + ("lme",)
        units = da.attrs.get("units", "")
        out[name] = (dims, np.moveaxis(np.array(means), 0, -1), {"units": units, "long_name": f"LME area-weighted mean of {name}"})
        int_units = units.replace("m-2", "").replace("  ", " ").strip() or "1"
        out[f"{name}_integral"] = (dims, np.moveaxis(np.array(integrals), 0, -1),
                                   {"units": int_units, "long_name": f"LME area integral of {name}"})
    coords = {c: ds[c] for c in ds.coords if set(ds[c].dims) <= {"group", "year", "time", "month"}}
    coords["lme"] = ("lme", lmes)
    return xr.Dataset(out, coords=coords)


def write_output(ds: xr.Dataset, path, *, title: str = "BOATS fish biomass, catch and carbon fluxes"):
    """Write a BOATS output Dataset with CF global attributes (``jaxocean.io.netcdf.write_netcdf``)."""
    return write_netcdf(ds, path, title=title, source="jaxocean.boats (BOATS-1.0 in JAX)")
