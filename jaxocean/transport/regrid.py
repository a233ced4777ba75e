"""Conservative regridding of surface fields between global latitude-longitude grids.

Maps a per-area field (e.g. an export flux, mg C m-2 d-1) from a source grid onto the
horizontal grid of a circulation, conserving the global total exactly:

* overlap fractions: a lat-lon cell is a rectangle in (longitude, sin latitude), so the share
  of source cell s that lies in destination cell d is the product of its 1-D overlaps in
  longitude (periodic, any 360-degree convention) and in sin(latitude) (first-order
  conservative remapping, Jones 1999, Mon. Weather Rev. 127:2204, Eq. 3 for rectangular cells);
  the outermost destination rows extend to the poles, so every source cell is fully covered
  and each source cell's fractions sum to 1;
* destination land: the share of a source cell falling on a dry destination column is moved
  to the NEAREST WET column (great-circle nearest centre) and reported by ``moved``;
* mass in, mass out: destination density = (G @ (f_src * A_src)) / A_dst with each grid's own
  cell areas, so sum(f_dst * A_dst) == sum(f_src * A_src) to rounding.

The mapping is a fixed sparse matrix (rows, cols, weights) built on the host; applying it is a
JAX scatter-add, so it jits, vmaps and differentiates.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from jaxocean.core.grid import cell_edges
from jaxocean.core.validate import InputError
from jaxocean.io.labelled import labelled
from jaxocean.io.netcdf import LAT_ATTRS, LON_ATTRS


def _lon_edges(lon, what: str) -> np.ndarray:
    """Edges of a regular, global longitude grid (any convention)."""
    lon = np.asarray(lon, float)
    d = np.diff(lon)
    if lon.size < 2 or not np.allclose(d, d[0], rtol=1e-6) or not np.isclose(abs(d[0]) * lon.size, 360.0,
                                                                               rtol=1e-6):
        raise InputError(f"{what}: longitudes must be a regular global grid (n x dlon = 360 degrees)")
    return cell_edges(lon)


def interval_overlap(src_edges, dst_edges, period=None) -> np.ndarray:
    """(n_dst, n_src) length of the overlap of every source and destination interval."""
    a, b = np.minimum(src_edges[:-1], src_edges[1:]), np.maximum(src_edges[:-1], src_edges[1:])
    c, d = np.minimum(dst_edges[:-1], dst_edges[1:]), np.maximum(dst_edges[:-1], dst_edges[1:])
    shifts = (0.0,) if period is None else (-period, 0.0, period)
    return sum(np.clip(np.minimum(b[None, :], d[:, None] + s) - np.maximum(a[None, :], c[:, None] + s), 0.0, None)
               for s in shifts)


def _sin_lat_edges(lat, poles: bool) -> np.ndarray:
    e = np.clip(cell_edges(np.asarray(lat, float)), -90.0, 90.0)
    if poles:                                     # outermost rows reach the poles
        lo, hi = (0, -1) if e[0] < e[-1] else (-1, 0)
        e[lo], e[hi] = -90.0, 90.0
    return np.sin(np.deg2rad(e))


def _unit_vectors(lat, lon) -> np.ndarray:
    la, lo = np.meshgrid(np.deg2rad(lat), np.deg2rad(lon), indexing="ij")
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], -1).reshape(-1, 3)


def _dst_coord(dim, attrs):
    return lambda args: {dim: (dim, np.asarray(getattr(args["self"], f"dst_{dim}")), attrs)}


def _labelled(arg, long_name):
    """xarray edge (``io.labelled``): a DataArray on the source grid (any units, carried through)
    comes back on the destination ``lat``/``lon`` with CF coordinates."""
    return labelled({arg: None}, ("regridded", f"={arg}", long_name), core_dims={arg: 2},
                    extra_dims={"lat": _dst_coord("lat", LAT_ATTRS), "lon": _dst_coord("lon", LON_ATTRS)})


_labelled_mass = _labelled("amount", "conservatively regridded amount per cell")
_labelled_field = _labelled("field", "conservatively regridded field")


@dataclass(frozen=True, eq=False)
class ConservativeRegrid:
    """Source mass -> destination mass: sparse G (dst cells x src cells), row-major flattening."""

    rows: np.ndarray           # (nnz,) destination cell (flat)
    cols: np.ndarray           # (nnz,) source cell (flat)
    weights: np.ndarray        # (nnz,) share of the source cell's amount sent to that destination
    on_land: np.ndarray        # (ny_s, nx_s) share of each source cell over destination land (moved)
    src_area: np.ndarray       # (ny_s, nx_s) source cell areas [m2]
    dst_area: np.ndarray       # (ny_d, nx_d) destination cell areas [m2], 0 on dry columns
    dst_lat: np.ndarray        # (ny_d,) destination cell-centre latitudes [degrees_north]
    dst_lon: np.ndarray        # (nx_d,) destination cell-centre longitudes [degrees_east]

    def _check_source_grid(self, name, x):
        """Static shape check (also under jit): JAX would clamp the gathers of a smaller grid."""
        if jnp.shape(x)[-2:] != self.src_area.shape:
            ny, nx = self.src_area.shape
            swapped = " (lat and lon swapped?)" if jnp.shape(x)[-2:] == (nx, ny) else ""
            raise InputError(f"{name}: expected (..., lat {ny}, lon {nx}) on the source grid, got shape "
                             f"{jnp.shape(x)}{swapped}")

    @_labelled_mass
    def mass(self, amount):
        """Per-cell amounts (..., ny_s, nx_s) -> (..., ny_d, nx_d); totals are conserved."""
        self._check_source_grid("amount", amount)
        a = jnp.asarray(amount)
        flat = a.reshape(a.shape[:-2] + (-1,))
        out = jnp.zeros(a.shape[:-2] + (self.dst_area.size,), a.dtype)
        out = out.at[..., jnp.asarray(self.rows)].add(jnp.asarray(self.weights) * flat[..., jnp.asarray(self.cols)])
        return out.reshape(a.shape[:-2] + self.dst_area.shape)

    @_labelled_field
    def density(self, field):
        """Per-area field (..., ny_s, nx_s) -> (..., ny_d, nx_d), 0 on dry destination columns;
        sum(out * dst_area) == sum(field * src_area)."""
        self._check_source_grid("field", field)
        m = self.mass(jnp.asarray(field) * jnp.asarray(self.src_area))
        area = jnp.asarray(self.dst_area)
        return jnp.where(area > 0, m / jnp.where(area > 0, area, 1.0), 0.0)

    @_labelled_field
    def mean(self, field, valid, fill):
        """Area-weighted mean of an intensive field (e.g. temperature) over the ``valid`` source
        cells feeding each destination cell; ``fill`` where none does."""
        self._check_source_grid("field", field)
        w = jnp.where(jnp.asarray(valid), jnp.asarray(self.src_area), 0.0)
        num = self.mass(jnp.where(jnp.asarray(valid), jnp.asarray(field), 0.0) * w)
        den = self.mass(jnp.broadcast_to(w, jnp.shape(field)))
        return jnp.where(den > 0, num / jnp.where(den > 0, den, 1.0), fill)

    def moved(self, field):
        """Amount of a per-area field (...) that fell on destination land and was moved to the
        nearest wet column: sum(field * src_area * on_land) [field units x m2]."""
        return jnp.sum(jnp.asarray(field) * jnp.asarray(self.src_area * self.on_land), axis=(-2, -1))


def conservative_regrid(src_lat, src_lon, src_area, dst_lat, dst_lon, dst_area, dst_wet) -> ConservativeRegrid:
    """Build the mapping from a source grid to a destination grid with wet columns ``dst_wet``.

    Longitudes of both grids: regular and global; latitudes: any monotonic centres (stretched
    grids allowed). ``src_area`` (ny_s, nx_s) and ``dst_area`` (ny_d, nx_d) [m2] are each grid's
    own cell areas (only wet destination areas are used).
    """
    for name, area_in, lat, lon in (("src_area", src_area, src_lat, src_lon), ("dst_area", dst_area, dst_lat, dst_lon)):
        if np.ndim(lat) != 1 or np.ndim(lon) != 1:
            raise InputError(f"{name[:3]}_lat, {name[:3]}_lon: expected 1-D cell centres, got shapes "
                             f"{np.shape(lat)}, {np.shape(lon)}")
        lat_name, lon_name = name[:3] + "_lat", name[:3] + "_lon"
        if not np.all(np.abs(np.asarray(lat, float)) <= 90.0):
            bad = np.asarray(lat, float)[~(np.abs(np.asarray(lat, float)) <= 90.0)][0]
            raise InputError(f"{lat_name}: {bad} is not a latitude (expected degrees_north in -90..90)")
        if not np.all(np.isfinite(np.asarray(lon, float))):
            raise InputError(f"{lon_name}: non-finite longitude (expected degrees_east)")
        try:
            np.broadcast_to(np.asarray(area_in), (len(lat), len(lon)))
        except ValueError:
            raise InputError(f"{name}: expected shape {(len(lat), len(lon))} (lat, lon), got "
                             f"{np.shape(area_in)}") from None
    src_area = np.broadcast_to(np.asarray(src_area, float), (len(src_lat), len(src_lon))).copy()
    wet = np.asarray(dst_wet, bool)
    if wet.shape != (len(dst_lat), len(dst_lon)):
        raise InputError(f"dst_wet: expected shape {(len(dst_lat), len(dst_lon))}, got {wet.shape}")
    if not wet.any():
        raise InputError("dst_wet: the destination grid has no wet column")
    area = np.where(wet, np.asarray(dst_area, float), 0.0)
    if np.any(area[wet] <= 0) or not np.all(np.isfinite(area)):
        raise InputError("dst_area: wet destination columns need finite, positive areas")
    lat_ov = interval_overlap(_sin_lat_edges(src_lat, False), _sin_lat_edges(dst_lat, True))
    lon_ov = interval_overlap(_lon_edges(src_lon, "src_lon"), _lon_edges(dst_lon, "dst_lon"), 360.0)
    share = sp.kron(sp.csr_matrix(lat_ov / lat_ov.sum(0)), sp.csr_matrix(lon_ov / lon_ov.sum(0))).tocsr()
    # dry destination cells -> nearest wet cell centre (3-D chord = great-circle order)
    xyz = _unit_vectors(dst_lat, dst_lon)
    flat_wet = np.flatnonzero(wet.ravel())
    target = flat_wet[cKDTree(xyz[flat_wet]).query(xyz)[1]]
    move = sp.csr_matrix((np.ones(wet.size), (target, np.arange(wet.size))), shape=(wet.size, wet.size))
    g = (move @ share).tocoo()
    on_land = np.asarray(share[np.flatnonzero(~wet.ravel())].sum(axis=0)).reshape(src_area.shape)
    return ConservativeRegrid(g.row.astype(np.int64), g.col.astype(np.int64), g.data, on_land, src_area, area,
                              np.asarray(dst_lat, float), np.asarray(dst_lon, float))
