"""The ocean environment at observation points, from gridded observation products.

One lookup used by every consumer (trap calibration, the CO2-factor chain, the ensemble's
observed temperature). Products are the Datasets of the ``observations`` readers (layout in
``observations.conventions``); each is sampled on ITS OWN grid:

* **nearest wet cell**: the cell centre nearest on the sphere (great-circle distance on a
  sphere of radius ``EARTH_RADIUS_KM``, recorded per point) among the columns where every
  requested variable is finite from the surface down through the layer holding the point's
  depth minus ``max_extension_m`` (a trap deeper than the product's deepest layer needs the
  full column). Points farther than ``max_distance_km`` (default: the product's
  ``lookup_max_distance_km``, about one cell diagonal) are reported and EXCLUDED, never
  filled. A coarse product's column is often shallower than the real sea floor under a deep
  trap; ``max_extension_m`` (default 0: strict) lets the deepest wet value stand for the water
  below the column bottom, recorded per point (``*_extension_m``). It is off by default
  because it also admits isolated basins the product does not resolve: with 700 m (one deep
  layer) the Cariaco Basin traps (deep water ~17 degC) would take the open-Atlantic column;
* **months**: monthly products are read in the observation's calendar month (1..12; undated
  points are excluded for monthly products and counted); annual products ignore the month;
* **profiles along the export path**: the column's layer values are averaged onto any
  target layer grid ``z_interfaces`` by thickness overlap (``export.temperature.coarse_to_grid``
  with the product's layer interfaces; the deepest wet layer extends to infinite depth, so
  target layers below the product's column take its deepest value, which only matters below
  the point's own depth unless ``deeper_than_product`` is set);
* **carbonate system along the path**: DIC, TA, T, S, PO4, SiO4 of the chemistry product on
  the target layers, in-situ pressure from depth (Saunders 1981, ``carbonate.pressure``),
  Omega calcite from ``carbonate.solve`` vmapped over points (float64 where enabled) with the
  caller's ``CarbonateOptions`` (default: the library default; the PIC trap chain passes its
  mocsy option set, ``calibrate.models.pic_chain.RECOM_CHEMISTRY``, so its exclusions and the
  Omega it reports are solved with the constants the chain itself uses).

``environment_at`` returns one xarray Dataset (dims obs, layer) with an ``included`` flag,
an ``exclusion`` reason per point and the exclusion counts in ``attrs``; excluded rows are
NaN, included rows are finite everywhere (checked).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
import xarray as xr
from scipy.spatial import cKDTree

from jaxocean.carbonate import CarbonateOptions, solve
from jaxocean.carbonate.eos80 import pressure_from_depth
from jaxocean.core.grid import wrap_longitude
from jaxocean.core.validate import InputError, check_finite, check_range
from jaxocean.export.temperature import coarse_to_grid
from jaxocean.observations.conventions import layer_edges

EARTH_RADIUS_KM = 6371.0   # mean Earth radius (IUGG; Moritz 2000, J. Geodesy 74:128)
CHEMISTRY = ("temperature", "salinity", "dic", "ta", "po4", "sio4", "no3")
SURFACE = CHEMISTRY


def great_circle_km(lat1, lon1, lat2, lon2):
    """Great-circle distance [km] on a sphere of radius ``EARTH_RADIUS_KM`` (haversine form)."""
    p1, p2 = np.deg2rad(np.asarray(lat1, float)), np.deg2rad(np.asarray(lat2, float))
    dlon = np.deg2rad(np.asarray(lon2, float) - np.asarray(lon1, float))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _unit(lat, lon) -> np.ndarray:
    la, lo = np.deg2rad(np.asarray(lat, float)), np.deg2rad(np.asarray(lon, float))
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], -1)


@dataclass(frozen=True)
class CellMatch:
    """Nearest wet cell of each point on one product's grid."""

    i: np.ndarray             # (n,) latitude index
    j: np.ndarray             # (n,) longitude index
    distance_km: np.ndarray   # (n,) great-circle distance point -> cell centre [km]; inf if no cell
    within: np.ndarray        # (n,) distance <= max_distance_km
    max_distance_km: float
    column_bottom_m: np.ndarray | None = None   # (n,) bottom of the matched column's wet layers [m]


def wet_levels(product: xr.Dataset, variables) -> np.ndarray:
    """(nlat, nlon) number of layers, counted from the surface, in which every variable is
    finite (in every month of a monthly product); surface-only variables count as one layer."""
    nlev = product.sizes.get("depth", 1)
    ok = np.ones((nlev, product.sizes["lat"], product.sizes["lon"]), bool)
    for v in variables:
        if v not in product:
            raise InputError(f"{product.attrs.get('product', 'product')}: no variable {v!r}; "
                             f"available: {sorted(product.data_vars)}")
        da = product[v]
        fin = np.isfinite(da.values)
        if "month" in da.dims:
            fin = fin.all(axis=da.dims.index("month"))
        ok &= fin if "depth" in da.dims else fin[None]
    return np.cumprod(ok, axis=0).sum(axis=0)


def levels_needed(product: xr.Dataset, depth) -> np.ndarray:
    """Number of the product's layers from the surface down to and including the layer holding
    ``depth`` [m] (at least 1; all layers for points below the product's bottom)."""
    if "depth" not in product.dims or depth is None:
        return np.ones(np.shape(depth) if depth is not None else (), int)
    top = layer_edges(product)[:-1]
    return np.clip(np.searchsorted(top, np.asarray(depth, float), side="left"), 1, top.size)


def nearest_wet_cell(product: xr.Dataset, lat, lon, *, variables, depth=None,
                     max_distance_km: float | None = None, max_extension_m: float = 0.0) -> CellMatch:
    """Nearest cell of ``product`` whose column holds finite ``variables`` down to the layer
    holding ``depth - max_extension_m``."""
    lat = check_range("lat", lat, -90.0, 90.0, "degrees_north")
    lon = check_finite("lon", lon)
    limit = float(product.attrs["lookup_max_distance_km"] if max_distance_km is None else max_distance_km)
    levels = wet_levels(product, variables)
    need = (np.broadcast_to(levels_needed(product, np.maximum(np.asarray(depth, float) - max_extension_m, 0.0)),
                            lat.shape) if depth is not None else np.ones(lat.shape, int))
    glat, glon = np.meshgrid(product["lat"].values, product["lon"].values, indexing="ij")
    i = np.zeros(lat.shape, int)
    j = np.zeros(lat.shape, int)
    dist = np.full(lat.shape, np.inf)
    pts = _unit(lat, wrap_longitude(lon))
    for k in np.unique(need):
        sel = need == k
        cells = np.flatnonzero(levels.ravel() >= k)
        if cells.size == 0:
            continue
        tree = cKDTree(_unit(glat.ravel()[cells], glon.ravel()[cells]))
        _, nearest = tree.query(pts[sel])
        flat = cells[nearest]
        i[sel], j[sel] = np.unravel_index(flat, levels.shape)
        dist[sel] = great_circle_km(lat[sel], lon[sel], glat.ravel()[flat], glon.ravel()[flat])
    bottom = (layer_edges(product)[levels[i, j]] if "depth" in product.dims
              else np.full(lat.shape, np.nan))
    return CellMatch(i, j, dist, dist <= limit, limit, bottom)


def month_index(product: xr.Dataset, month) -> tuple[np.ndarray, np.ndarray]:
    """(index into ``product.month``, dated) for calendar months 1..12 (NaN = undated).

    Annual products (no ``month`` axis) return index 0 and dated=True for every point.
    """
    m = np.asarray(month, float)
    if "month" not in product.dims:
        return np.zeros(m.shape, int), np.ones(m.shape, bool)
    dated = np.isfinite(m)
    bad = dated & ((m < 1) | (m > 12) | (m != np.round(m)))
    if bad.any():
        raise InputError(f"month: {m[bad][:3].tolist()} are not calendar months 1..12")
    months = np.asarray(product["month"].values, int)
    idx = np.searchsorted(months, np.where(dated, m, months[0]).astype(int))
    return np.clip(idx, 0, months.size - 1), dated


def column_values(product: xr.Dataset, name: str, match: CellMatch, month_idx=None) -> np.ndarray:
    """(n, nlev) values of ``name`` in each matched column ((n,) for surface-only fields)."""
    da = product[name]
    dims = [d for d in ("month", "depth", "lat", "lon") if d in da.dims]
    v = np.asarray(da.transpose(*dims).values, float)
    if "month" in dims:
        if month_idx is None:
            raise InputError(f"{name}: {product.attrs.get('product', 'product')} is monthly; give month indices")
        idx = month_idx
        v = v[idx, match.i, match.j] if "depth" not in dims else \
            np.moveaxis(v, 0, -1)[:, match.i, match.j, idx].T
    elif "depth" in dims:
        v = v[:, match.i, match.j].T
    else:
        v = v[match.i, match.j]
    return v


def layer_profile(columns, product_edges, z_interfaces):
    """Thickness-weighted mean of column values (n, nlev) on target layers (n, nz).

    NaN below a column's wet bottom take the deepest wet value, and the deepest product
    layer extends to infinite depth, so every target layer is covered (``coarse_to_grid``).
    """
    c = np.asarray(columns, float)
    idx = np.where(np.isfinite(c), np.arange(c.shape[-1]), 0)
    filled = np.take_along_axis(c, np.maximum.accumulate(idx, axis=-1), axis=-1)
    edges = np.asarray(product_edges, float).copy()
    edges[-1] = np.inf
    return coarse_to_grid(jnp.asarray(filled), np.asarray(z_interfaces, float), edges)


def path_profiles(product: xr.Dataset, names, lat, lon, depth, month, z_interfaces, *,
                  max_distance_km=None, max_extension_m: float = 0.0):
    """Profiles of ``names`` on the target layers along each point's export path.

    Returns ({name: (n, nz)}, CellMatch, dated, deeper_than_product); the vertical extension
    below the matched column is ``max(depth - match.column_bottom_m, 0)``.
    """
    match = nearest_wet_cell(product, lat, lon, variables=names, depth=depth,
                             max_distance_km=max_distance_km, max_extension_m=max_extension_m)
    midx, dated = month_index(product, month)
    out = {n: np.asarray(layer_profile(column_values(product, n, match, midx), layer_edges(product),
                                       z_interfaces)) for n in names}
    deeper = np.asarray(depth, float) > layer_edges(product)[-1]
    return out, match, dated, deeper


def surface_values(product: xr.Dataset, names, lat, lon, month=None, *, max_distance_km=None):
    """({name: (n,)} top-layer values, CellMatch, dated) in the nearest wet surface cell."""
    if month is None and "month" in product.dims:
        raise InputError(f"month: {product.attrs.get('product', 'product')} is monthly; give the months (1..12)")
    match = nearest_wet_cell(product, lat, lon, variables=names, max_distance_km=max_distance_km)
    midx, dated = month_index(product, np.ones(np.shape(lat)) if month is None else month)
    out = {}
    for n in names:
        v = column_values(product, n, match, midx)
        out[n] = v[:, 0] if v.ndim == 2 else v
    return out, match, dated


_PAD = (2000.0, 2300.0, 10.0, 35.0, 0.0, 0.0, 0.0)   # benign padding point (DIC, TA, T, S, P, PO4, SiO4)


@jax.jit
def _omega_points(dic, ta, temp, sal, pressure, phos, sil, options):
    return jax.vmap(lambda *a: solve(*a, options=options).omega_calcite)(dic, ta, temp, sal, pressure, phos, sil)


def omega_calcite(dic, ta, temp, sal, pressure, phos, sil, options: CarbonateOptions = CarbonateOptions()):
    """Omega calcite of the broadcast inputs (umol kg-1, degC, 1, dbar, umol kg-1), vmapped over
    points, with the constants of ``options``. Points are padded to a power of two (>= 1024) so
    repeated calls of different sizes reuse one compilation."""
    args = np.broadcast_arrays(*(np.asarray(x, float) for x in (dic, ta, temp, sal, pressure, phos, sil)))
    shape, n = args[0].shape, args[0].size
    size = max(1024, 1 << int(np.ceil(np.log2(max(n, 1)))))
    flat = [jnp.asarray(np.concatenate([a.ravel(), np.full(size - n, pad)])) for a, pad in zip(args, _PAD)]
    return np.asarray(_omega_points(*flat, options))[:n].reshape(shape)


def environment_at(lat, lon, depth, month, z_interfaces, *, temperature: xr.Dataset,
                   chemistry: xr.Dataset, sst: xr.Dataset | None = None,
                   max_distance_km: dict | None = None,
                   max_extension_m: float = 0.0,
                   options: CarbonateOptions = CarbonateOptions()) -> xr.Dataset:
    """Environment at each point (trap) on the target layers ``z_interfaces`` [m].

    ``temperature``: product for the temperature along the path (Levitus monthly, in the
    deployment month, or WOA23 annual); ``chemistry``: WOA23/GLODAP (surface T, S, DIC, TA,
    PO4, SiO4, NO3 and the carbonate system along the path); ``sst`` optional (surface
    temperature in the deployment month). ``max_distance_km``: {"temperature": km, ...} to
    override the products' defaults. ``month`` 1..12 or NaN (undated). ``max_extension_m``:
    how far below a product column's wet bottom a point may lie (recorded per point).
    ``options``: carbonate constants of the Omega calcite solve (recorded in ``attrs``).
    """
    lat = check_range("lat", lat, -90.0, 90.0, "degrees_north")
    lon = check_finite("lon", lon)
    depth = check_range("depth", depth, 0.0, 11000.0, "m")
    z = check_finite("z_interfaces", z_interfaces)
    if z.ndim != 1 or z[0] != 0.0 or np.any(np.diff(z) <= 0):
        raise InputError("z_interfaces: must be 1-D, start at 0 m and increase strictly")
    month = np.broadcast_to(np.asarray(month, float), lat.shape)
    limits = max_distance_km or {}
    n = lat.size
    reason = np.full(n, "", dtype=object)
    data, attrs = {}, {}

    def exclude(mask, text):
        new = mask & (reason == "")
        reason[new] = text
        attrs[f"n_excluded_{text.replace(' ', '_').replace(':', '')}"] = int(new.sum())

    tp, tmatch, tdated, tdeep = path_profiles(temperature, ("temperature",), lat, lon, depth, month, z,
                                              max_distance_km=limits.get("temperature"),
                                              max_extension_m=max_extension_m)
    exclude(~tmatch.within, f"temperature beyond {tmatch.max_distance_km:g} km")
    exclude(~tdated, "temperature undated")
    chem, cmatch, _, cdeep = path_profiles(chemistry, ("temperature", "salinity", "dic", "ta", "po4", "sio4"),
                                           lat, lon, depth, month, z,
                                           max_distance_km=limits.get("chemistry"),
                                           max_extension_m=max_extension_m)
    exclude(~cmatch.within, f"chemistry beyond {cmatch.max_distance_km:g} km")
    surf, smatch, _ = surface_values(chemistry, SURFACE, lat, lon, max_distance_km=limits.get("chemistry"))
    exclude(~smatch.within, f"surface chemistry beyond {smatch.max_distance_km:g} km")
    mid = 0.5 * (z[:-1] + z[1:])
    pressure = np.asarray(pressure_from_depth(mid[None, :], lat[:, None]))
    ok = reason == ""
    omega = np.full((n, z.size - 1), np.nan)
    if ok.any():
        omega[ok] = np.asarray(omega_calcite(chem["dic"][ok], chem["ta"][ok], chem["temperature"][ok],
                                             chem["salinity"][ok], pressure[ok], chem["po4"][ok],
                                             chem["sio4"][ok], options))
    exclude(~np.isfinite(omega).all(axis=1) & ok, "carbonate solve failed")
    if sst is not None:
        ss, ssm, sdated = surface_values(sst, ("sst",), lat, lon, month,
                                         max_distance_km=limits.get("sst"))
        exclude(~ssm.within, f"sst beyond {ssm.max_distance_km:g} km")
        exclude(~sdated, "sst undated")
    ok = reason == ""

    def masked(v):
        v = np.asarray(v, float)
        return np.where(ok.reshape((-1,) + (1,) * (v.ndim - 1)), v, np.nan)

    ol, o = ("obs", "layer"), ("obs",)
    data["temperature"] = (ol, masked(tp["temperature"]), {
        "units": "degC", "long_name": f"temperature along the export path ({temperature.attrs.get('product')})"})
    data["temperature_distance_km"] = (o, tmatch.distance_km, {"units": "km"})
    for name, units in (("temperature", "degC"), ("salinity", "1"), ("dic", "umol kg-1"), ("ta", "umol kg-1"),
                        ("po4", "umol kg-1"), ("sio4", "umol kg-1")):
        data[f"{name}_path"] = (ol, masked(chem[name]), {
            "units": units, "long_name": f"{name} along the path ({chemistry.attrs.get('product')})"})
    data["pressure"] = (ol, pressure, {"units": "dbar", "long_name": "sea pressure at layer mid-depth "
                                       "(Saunders 1981)"})
    data["omega_calcite"] = (ol, masked(omega), {"units": "1", "long_name": "calcite saturation state"})
    for name in SURFACE:
        units = {"temperature": "degC", "salinity": "1"}.get(name, "umol kg-1")
        data[f"{name}_surface"] = (o, masked(surf[name]), {
            "units": units, "long_name": f"{name} in the top layer of {chemistry.attrs.get('product')}"})
    data["chemistry_distance_km"] = (o, cmatch.distance_km, {"units": "km"})
    if sst is not None:
        data["sst"] = (o, masked(ss["sst"]), {"units": "degC", "standard_name": "sea_surface_temperature"})
        data["sst_distance_km"] = (o, ssm.distance_km, {"units": "km"})
    for key, m in (("temperature", tmatch), ("chemistry", cmatch)):
        ext = np.maximum(depth - m.column_bottom_m, 0.0)
        data[f"{key}_extension_m"] = (o, ext, {"units": "m", "long_name": "depth of the point below the "
                                               f"wet bottom of the matched {key} column (deepest value used)"})
        attrs[f"n_{key}_extended"] = int(np.sum((ext > 0) & ok))
    data["deeper_than_product"] = (o, (tdeep | cdeep).astype(np.int8), {
        "units": "1", "long_name": "point below the deepest product layer (deepest value extended)"})
    data["included"] = (o, ok.astype(np.int8), {"units": "1"})
    data["exclusion"] = (o, reason.astype(str), {"long_name": "reason for exclusion ('' = included)"})
    coords = {"layer_top": ("layer", z[:-1], {"units": "m"}), "layer_bottom": ("layer", z[1:], {"units": "m"}),
              "lat": ("obs", lat, {"units": "degrees_north"}), "lon": ("obs", lon, {"units": "degrees_east"}),
              "depth": ("obs", depth, {"units": "m", "positive": "down"}),
              "month": ("obs", month, {"units": "1"})}
    attrs.update({"temperature_product": temperature.attrs.get("product", ""),
                  "chemistry_product": chemistry.attrs.get("product", ""),
                  "carbonate_options": repr(options),
                  "n_obs": n, "n_included": int(ok.sum()), "n_deeper_than_product": int((tdeep | cdeep).sum())})
    return xr.Dataset(data, coords=coords, attrs=attrs)
