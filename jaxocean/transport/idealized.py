"""A built-in IDEALIZED circulation on any regular lat/lon/depth grid and land mask.

Not a real ocean: it exists so that the export -> injection -> sequestration pipeline runs
without the OCIM files. Three mass-conserving pieces, assembled as a finite-volume operator
(dC/dt = T C, yr-1):

* vertical diffusion Kv (m2 s-1; scalar or one value per inner interface),
* horizontal (isopycnal-free, along-level) diffusion Kh (m2 s-1), zonally periodic,
* one meridional overturning cell per longitude, from a streamfunction psi(lat, z) defined on
  box corners and zeroed at every corner that touches land, the surface or the floor; face
  transports are differences of psi, so each box is divergence-free, and first-order upwind
  advection keeps tracer mass exactly (V^T T = 0) and uniform fields uniform (T 1 = 0).
  Positive ``overturning_sv`` sinks at the northern end and upwells at the southern end.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from jaxocean.core.grid import DAYS_PER_YEAR, SECONDS_PER_DAY, cell_edges
from jaxocean.core.validate import InputError
from jaxocean.transport.operator import TransportOperator

EARTH_RADIUS = 6.371e6         # m
SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY


def _edges(centres):
    """Cell edges from centres (``core.grid.cell_edges``; a single centre gets a 1-degree cell)."""
    c = np.asarray(centres, float)
    return cell_edges(c) if c.size > 1 else np.array([c[0] - 0.5, c[0] + 0.5])


def grid_geometry(lat, lon, z_interfaces):
    """dx (ny,), dy (ny,), dz (nz,) [m] and north-face widths (ny+1,) of a regular grid."""
    lat_e = np.clip(_edges(lat), -90.0, 90.0)
    dlon = np.deg2rad(np.abs(np.diff(_edges(lon))))
    dy = EARTH_RADIUS * np.deg2rad(np.diff(lat_e))
    dx = EARTH_RADIUS * np.cos(np.deg2rad(np.asarray(lat, float)))[:, None] * dlon[None, :]
    dx_face = EARTH_RADIUS * np.cos(np.deg2rad(lat_e))[:, None] * dlon[None, :]
    return dx, dy, np.diff(np.asarray(z_interfaces, float)), dx_face, lat_e


def exchange_matrix(a, b, exchange, flow, volume):
    """Finite-volume T (n, n) [yr-1] from box pairs (a, b): diffusive ``exchange`` and upwind
    ``flow`` a->b, both m3 s-1 (mass-conserving: V^T T = 0; T 1 = 0 for divergence-free flow)."""
    a, b, v = np.asarray(a), np.asarray(b), np.asarray(volume, float)
    fwd = np.maximum(flow, 0.0) + exchange                                   # a->b rate
    bwd = np.maximum(-np.asarray(flow), 0.0) + exchange                      # b->a rate
    rows = np.concatenate([b, a, a, b])
    cols = np.concatenate([a, b, a, b])
    vals = np.concatenate([fwd / v[b], bwd / v[a], -fwd / v[a], -bwd / v[b]]) * SECONDS_PER_YEAR
    return sp.csc_matrix((vals, (rows, cols)), shape=(v.size, v.size))


def idealized_circulation(lat, lon, z_interfaces, wet, *, kv=1e-4, kh=1e3, overturning_sv=20.0,
                          periodic=True, name="idealized") -> TransportOperator:
    """Build the idealized operator (see module docstring); ``wet`` is (ny, nx, nz) bool."""
    wet = np.asarray(wet, bool)
    ny, nx, nz = wet.shape
    if (len(lat), len(lon), len(z_interfaces) - 1) != (ny, nx, nz):
        raise InputError(f"idealized_circulation: lat/lon/z_interfaces sizes do not match wet mask {wet.shape}")
    dx, dy, dz, dx_face, lat_e = grid_geometry(lat, lon, z_interfaces)
    vol = dx[:, :, None] * dy[:, None, None] * dz[None, None, :]              # (ny, nx, nz)
    f_idx = np.flatnonzero(wet.ravel(order="F"))
    number = -np.ones(wet.size, int)
    number[f_idx] = np.arange(f_idx.size)                                   # OCIM ordering
    number = number.reshape(wet.shape, order="F")
    a_list, b_list, q_list, d_list = [], [], [], []

    def faces(sa, sb, exch, flow):
        """Faces between boxes sa -> sb (index tuples); exch: diffusive m3 s-1, flow: a->b m3 s-1."""
        both = wet[sa] & wet[sb]
        a_list.append(number[sa][both])
        b_list.append(number[sb][both])
        d_list.append(np.broadcast_to(exch, both.shape)[both])
        q_list.append(np.broadcast_to(flow, both.shape)[both])

    kv_i = np.broadcast_to(np.asarray(kv, float), (nz - 1,))
    zc = 0.5 * (np.asarray(z_interfaces[1:], float) + np.asarray(z_interfaces[:-1], float))
    area_h = (dx * dy[:, None])[:, :, None]
    # streamfunction on (lat edge, depth interface) corners, per longitude [m3 s-1]
    phi = (lat_e - lat_e[0]) / (lat_e[-1] - lat_e[0])
    zeta = np.asarray(z_interfaces, float) / float(z_interfaces[-1])
    psi = -(overturning_sv * 1e6 / nx) * np.sin(np.pi * phi)[:, None, None] * np.sin(np.pi * zeta)[None, None, :]
    pad = np.zeros((ny + 2, nx, nz + 2), bool)
    pad[1:-1, :, 1:-1] = wet
    corner_ok = pad[:-1, :, :-1] & pad[1:, :, :-1] & pad[:-1, :, 1:] & pad[1:, :, 1:]   # (ny+1, nx, nz+1)
    psi = np.where(corner_ok, psi, 0.0)
    # vertical faces: layer k -> k+1 (downward flow = -W_up); W_up(j, k+1) = psi(j,k+1) - psi(j+1,k+1)
    w_up = psi[:-1, :, 1:-1] - psi[1:, :, 1:-1]                              # (ny, nx, nz-1)
    faces((slice(None), slice(None), slice(0, nz - 1)), (slice(None), slice(None), slice(1, nz)),
          kv_i[None, None, :] * area_h / (zc[1:] - zc[:-1])[None, None, :], -w_up)
    # meridional faces: row j -> j+1; V(j+1/2, k) = psi(j+1,k) - psi(j+1,k+1)
    v_n = psi[1:-1, :, :-1] - psi[1:-1, :, 1:]                               # (ny-1, nx, nz)
    dist_y = 0.5 * (dy[1:] + dy[:-1])
    faces((slice(0, ny - 1),), (slice(1, ny),),
          kh * dx_face[1:-1, :, None] * dz[None, None, :] / dist_y[:, None, None], v_n)
    # zonal faces: column i -> i+1 (periodic), diffusion only
    dist_x = dx[:, :, None]
    east = (slice(None), slice(0, nx - 1))
    faces(east, (slice(None), slice(1, nx)), kh * dy[:, None, None] * dz[None, None, :] / dist_x[:, :-1], 0.0)
    if periodic and nx > 2:
        faces((slice(None), slice(nx - 1, nx)), (slice(None), slice(0, 1)),
              kh * dy[:, None, None] * dz[None, None, :] / dist_x[:, -1:], 0.0)
    v = vol.ravel(order="F")[f_idx]
    matrix = exchange_matrix(np.concatenate(a_list), np.concatenate(b_list), np.concatenate(d_list),
                             np.concatenate(q_list), v)
    return TransportOperator(matrix=matrix, wet=wet, volume=v, lat=np.asarray(lat, float),
                             lon=np.asarray(lon, float), z_interfaces=np.asarray(z_interfaces, float),
                             name=name)


def idealized_basin(ny=18, nx=36, z_interfaces=None, *, depth_m=4000.0, land_fraction=0.25, seed=0,
                    **kw) -> TransportOperator:
    """An idealized global ocean on a regular grid with a smooth random bathymetry and continents.

    Regular lat (-80..80) x lon grid; default layers are 24 OCIM-like layers (``OCIM_LIKE_24_INTERFACES``)
    scaled to ``depth_m``. Columns shallower than the second interface are land.
    """
    if z_interfaces is None:
        z_interfaces = OCIM_LIKE_24_INTERFACES * depth_m / OCIM_LIKE_24_INTERFACES[-1]
    z = np.asarray(z_interfaces, float)
    lat = np.linspace(-80.0, 80.0, ny)
    lon = (np.arange(nx) + 0.5) * 360.0 / nx
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((ny, nx))
    for _ in range(3):                                           # smooth, zonally periodic
        noise = 0.25 * (np.roll(noise, 1, 1) + np.roll(noise, -1, 1)) + 0.5 * noise
        noise[1:-1] = 0.25 * (noise[2:] + noise[:-2]) + 0.5 * noise[1:-1]
    land = noise > np.quantile(noise, 1.0 - land_fraction)
    floor = z[-1] * (0.55 + 0.45 * (noise.max() - noise) / (noise.max() - noise.min()))
    centres = 0.5 * (z[1:] + z[:-1])
    wet = (centres[None, None, :] < floor[:, :, None]) & ~land[:, :, None]
    return idealized_circulation(lat, lon, z, wet, **kw)


# 24 layer interfaces [m] shaped like the OCIM vertical grid (surface layer ~36 m, thickening
# to ~450 m at depth; DeVries 2014). An approximation for idealized runs, not the OCIM file's grid.
OCIM_LIKE_24_INTERFACES = np.array([0.0, 36.1, 72.2, 113.0, 165.9, 237.6, 331.5, 451.0, 600.0, 780.0,
                                990.0, 1228.0, 1492.0, 1781.0, 2093.0, 2426.0, 2778.0, 3148.0,
                                3534.0, 3935.0, 4349.0, 4775.0, 5211.0, 5657.0, 6100.0])
