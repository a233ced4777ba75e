"""Regular latitude-longitude grids: cell areas and index helpers.

The 1-degree pixel area follows the spherical-strip formula of seed 000 (Eq. 5): the
east-west side is the equatorial circumference times cos(latitude) / 360 and the
north-south side the meridional circumference / 2 / 180. Its sum over a 180 x 360 grid
is the area of a sphere of radius R = sqrt(C_eq * C_mer) / (2 pi) to O(dlat^2) accuracy;
``cell_area_exact`` integrates the strip exactly (sum = 4 pi R^2 to rounding).
All functions are jnp and jit/vmap/grad-safe except the ``*_index`` helpers, which
work on NumPy / pandas values at the edges.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

EQUATORIAL_CIRCUMFERENCE_KM = 40075.017  # km (seed 000 Eq. 5; WGS-84 equator)
MERIDIONAL_CIRCUMFERENCE_KM = 40007.864  # km (seed 000 Eq. 5; WGS-84 meridian)
SECONDS_PER_DAY = 86400.0
DAYS_PER_YEAR = 365.25


def cell_centres(resolution: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Cell-centre latitudes (south to north) and longitudes (-180..180) of a global grid [deg]."""
    lat = np.arange(-90.0 + resolution / 2, 90.0, resolution)
    lon = np.arange(-180.0 + resolution / 2, 180.0, resolution)
    return lat, lon


def pixel_area(lat, dlat: float = 1.0, dlon: float = 1.0,
               c_eq_km: float = EQUATORIAL_CIRCUMFERENCE_KM,
               c_mer_km: float = MERIDIONAL_CIRCUMFERENCE_KM):
    """Area of a dlat x dlon pixel centred at ``lat`` [m2] (seed 000 Eq. 5).

    Surface = [C_eq cos(pi lat / 180) / 360 * dlon] * [C_mer / 2 / 180 * dlat] * 1e6.
    """
    lat = jnp.asarray(lat)
    dx_km = c_eq_km * jnp.cos(jnp.pi / 180.0 * lat) / 360.0 * dlon
    dy_km = c_mer_km / 2.0 / 180.0 * dlat
    return dx_km * dy_km * 1e6


def cell_area_exact(lat, dlat: float = 1.0, dlon: float = 1.0,
                    c_eq_km: float = EQUATORIAL_CIRCUMFERENCE_KM,
                    c_mer_km: float = MERIDIONAL_CIRCUMFERENCE_KM):
    """Exact area of a cell on the sphere of radius sqrt(C_eq C_mer)/(2 pi) [m2].

    A = R^2 dlon_rad (sin(lat + dlat/2) - sin(lat - dlat/2)); sums to 4 pi R^2.
    """
    lat = jnp.asarray(lat)
    r_m = jnp.sqrt(c_eq_km * c_mer_km) * 1e3 / (2.0 * jnp.pi)
    d2r = jnp.pi / 180.0
    band = jnp.sin(d2r * (lat + dlat / 2.0)) - jnp.sin(d2r * (lat - dlat / 2.0))
    return r_m**2 * d2r * dlon * band


def sphere_area(c_eq_km: float = EQUATORIAL_CIRCUMFERENCE_KM,
                c_mer_km: float = MERIDIONAL_CIRCUMFERENCE_KM) -> float:
    """4 pi R^2 of the sphere with R = sqrt(C_eq C_mer) / (2 pi) [m2]."""
    r_m = np.sqrt(c_eq_km * c_mer_km) * 1e3 / (2.0 * np.pi)
    return float(4.0 * np.pi * r_m**2)


def area_map(lat, lon, **kw):
    """(nlat, nlon) map of pixel areas [m2] for cell-centre vectors ``lat``, ``lon``."""
    return jnp.broadcast_to(pixel_area(jnp.asarray(lat), **kw)[:, None],
                            (jnp.shape(lat)[0], jnp.shape(lon)[0]))


def global_total_pg_per_year(rate_g_m2_d, area_m2, mask=None, days_per_year: float = DAYS_PER_YEAR):
    """Global total of a rate map in Pg C yr-1 (seed 000 Sect. 2.2.2).

    ``rate_g_m2_d`` [g C m-2 d-1] times ``area_m2`` [m2], summed over the cells that are
    finite and in ``mask`` (bool, optional), times ``days_per_year``, / 1e15.
    """
    rate = jnp.asarray(rate_g_m2_d)
    ok = jnp.isfinite(rate) if mask is None else jnp.isfinite(rate) & jnp.asarray(mask, bool)
    return jnp.sum(jnp.where(ok, rate * area_m2, 0.0)) * days_per_year / 1e15


def wrap_longitude(lon):
    """Longitudes mapped to [-180, 180) [deg]."""
    return (np.asarray(lon, dtype=float) + 180.0) % 360.0 - 180.0


def cell_edges(centres) -> np.ndarray:
    """Edges (n + 1) of cells with the given centres (any spacing, either order): midpoints
    between neighbours, and the outer edges half a neighbouring spacing beyond the end centres."""
    c = np.asarray(centres, float)
    mid = 0.5 * (c[1:] + c[:-1])
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def cell_widths(centres) -> np.ndarray:
    """Absolute widths of cells with the given centres (e.g. dlat of a stretched ocean-model grid)."""
    return np.abs(np.diff(cell_edges(centres)))


def cell_index(lat, lon, lat_centres, lon_centres) -> tuple[np.ndarray, np.ndarray]:
    """Row/column of the grid cell holding each (lat, lon) point (NumPy, edges only).

    ``lat_centres`` may be irregular (stretched model grids) and in either order;
    ``lon_centres`` is regular, in any 360-degree convention (both sides are wrapped).
    Points exactly on a cell edge go to the cell to the north / east.
    """
    lat_c, lon_c = np.asarray(lat_centres, float), np.asarray(lon_centres, float)
    order_lat = np.argsort(lat_c)
    edges = cell_edges(lat_c[order_lat])
    i = np.clip(np.searchsorted(edges, np.asarray(lat, float), side="right") - 1, 0, lat_c.size - 1)
    dlon = abs(lon_c[1] - lon_c[0])
    lon_w = wrap_longitude(lon_c)
    order = np.argsort(lon_w)
    lon0 = lon_w[order[0]] - dlon / 2.0
    k = np.floor(((wrap_longitude(lon) - lon0) % 360.0) / dlon).astype(int) % lon_c.size
    return order_lat[i], order[k]


def one_degree_cell_id(lat, lon) -> np.ndarray:
    """Integer id of the 1-degree cell (floor lat, floor lon in [-180, 180)) of each point."""
    i = np.floor(np.asarray(lat, float)).astype(int) + 90
    k = np.floor(wrap_longitude(lon)).astype(int) + 180
    return np.minimum(i, 179) * 360 + k
