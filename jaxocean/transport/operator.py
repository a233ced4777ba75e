"""Transport-matrix container: sparse operator on wet boxes, grid, volumes and masks.

Box ordering follows the OCIM convention: the wet boxes of the (lat, lon, depth) mask taken in
MATLAB column-major order (``iwet = find(M3d(:))``), so OCIM vectors load without reordering.
The operator is the flux convergence T in dC/dt = T C + s (seed 002 Eq. 28), in yr-1, held on
the host as a scipy sparse matrix (it is factorized there; see ``solvers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp

from jaxocean.core.validate import InputError, check_finite, check_last_axis
from jaxocean.io.netcdf import LAT_ATTRS, LON_ATTRS

DEPTH_ATTRS = {"units": "m", "standard_name": "depth", "long_name": "layer-centre depth", "positive": "down"}


@dataclass(frozen=True, eq=False)
class TransportOperator:
    """A circulation: ``matrix`` (n, n) yr-1 on the wet boxes of ``wet`` (ny, nx, nz)."""

    matrix: sp.csc_matrix          # flux convergence T [yr-1], dC/dt = T C
    wet: np.ndarray                # (ny, nx, nz) bool wet mask
    volume: np.ndarray             # (n,) box volumes [m3]
    lat: np.ndarray                # (ny,) box-centre latitude [degrees north]
    lon: np.ndarray                # (nx,) box-centre longitude [degrees east]
    z_interfaces: np.ndarray       # (nz+1,) layer interfaces [m, positive down]
    name: str = "circulation"
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        wet = np.asarray(self.wet, bool)
        if wet.ndim != 3:
            raise InputError(f"wet mask: expected (lat, lon, depth), got shape {wet.shape}")
        n = int(wet.sum())
        if self.matrix.shape != (n, n):
            raise InputError(f"transport matrix: shape {self.matrix.shape} does not match {n} wet boxes")
        if np.shape(self.volume) != (n,):
            raise InputError(f"volume: expected ({n},), got {np.shape(self.volume)}")
        check_finite("transport matrix", self.matrix.data)
        if len(self.z_interfaces) != wet.shape[2] + 1:
            raise InputError(f"z_interfaces: expected {wet.shape[2] + 1} interfaces, got {len(self.z_interfaces)}")
        f_idx = np.flatnonzero(wet.ravel(order="F"))             # MATLAB find(M3d(:))
        j, i, k = np.unravel_index(f_idx, wet.shape, order="F")
        self._index.update(j=j, i=i, k=k, c_flat=np.ravel_multi_index((j, i, k), wet.shape))

    @property
    def n(self) -> int:
        return self.matrix.shape[0]

    @property
    def shape3d(self) -> tuple[int, int, int]:
        return tuple(self.wet.shape)

    @property
    def layer(self) -> np.ndarray:
        """(n,) layer index of each wet box (0 = surface)."""
        return self._index["k"]

    @property
    def surface(self) -> np.ndarray:
        """(n,) True for surface boxes (held at C = 0: instant air-sea equilibration)."""
        return self._index["k"] == 0

    @property
    def interior(self) -> np.ndarray:
        """Indices of the interior (non-surface) boxes, the unknowns of the solves."""
        return np.flatnonzero(~self.surface)

    @property
    def dz(self) -> np.ndarray:
        """(n,) layer thickness of each box [m]."""
        return np.diff(np.asarray(self.z_interfaces, float))[self._index["k"]]

    @property
    def area(self) -> np.ndarray:
        """(ny, nx) sea-surface area of each wet column [m2] (0 on land)."""
        out = np.zeros(self.wet.shape[:2])
        s = self.surface
        out[self._index["j"][s], self._index["i"][s]] = (self.volume / self.dz)[s]
        return out

    @property
    def n_wet_layers(self) -> np.ndarray:
        """(ny, nx) number of wet layers per column."""
        return self.wet.sum(axis=2)

    def from_field(self, field3d):
        """(..., ny, nx, nz) gridded field -> (..., n) values at the wet boxes (JAX gather)."""
        f = jnp.asarray(field3d)
        if f.shape[-3:] != self.shape3d:      # static: also checked under jit
            ny, nx, nz = self.shape3d
            swapped = " (lat and lon swapped?)" if f.shape[-3:] == (nx, ny, nz) else ""
            raise InputError(f"field3d: expected (..., lat {ny}, lon {nx}, depth {nz}), got shape "
                             f"{f.shape}{swapped}")
        flat = f.reshape(f.shape[:-3] + (-1,))
        return jnp.take(flat, jnp.asarray(self._index["c_flat"]), axis=-1)

    def check_boxes(self, name: str, v) -> None:
        """Raise unless the last axis of ``v`` is this operator's ``n`` boxes (a static shape
        check, so also under jit: JAX would otherwise clamp out-of-range gathers silently)."""
        check_last_axis(name, v, self.n, f"the operator's {self.n} wet boxes")

    def to_field(self, values, fill=jnp.nan):
        """(..., n) box values -> (..., ny, nx, nz) field, ``fill`` on land (JAX scatter)."""
        v = jnp.asarray(values)
        self.check_boxes("values", v)
        out = jnp.full(v.shape[:-1] + (int(np.prod(self.shape3d)),), fill, dtype=v.dtype)
        out = out.at[..., jnp.asarray(self._index["c_flat"])].set(v)
        return out.reshape(v.shape[:-1] + self.shape3d)

    def box_coords(self) -> dict:
        """Coordinates of the box axis of labelled (xarray) results: ``box`` (OCIM order) and the
        latitude, longitude and layer-centre depth of each wet box, with CF attributes (a
        result unstacks to (lat, lon, depth) with ``.set_index(box=["lat", "lon", "depth"])``
        ``.unstack("box")``, or use :meth:`to_dataarray`)."""
        aux = lambda attrs: {k: v for k, v in attrs.items() if k != "axis"}   # noqa: E731
        z = np.asarray(self.z_interfaces, float)
        return {"box": ("box", np.arange(self.n)),
                "lat": ("box", np.asarray(self.lat, float)[self._index["j"]], aux(LAT_ATTRS)),
                "lon": ("box", np.asarray(self.lon, float)[self._index["i"]], aux(LON_ATTRS)),
                "depth": ("box", (0.5 * (z[1:] + z[:-1]))[self._index["k"]], DEPTH_ATTRS)}

    def grid_coords(self, depth: bool = True) -> dict:
        """CF coordinates ``lat``, ``lon`` (and ``depth``, layer centres) of the grid."""
        z = np.asarray(self.z_interfaces, float)
        out = {"lat": ("lat", np.asarray(self.lat, float), LAT_ATTRS),
               "lon": ("lon", np.asarray(self.lon, float), LON_ATTRS)}
        return out | ({"depth": ("depth", 0.5 * (z[1:] + z[:-1]), DEPTH_ATTRS | {"axis": "Z"})} if depth else {})

    def to_dataarray(self, values, name: str, units: str, long_name: str):
        """(..., n) box values -> labelled (..., lat, lon, depth) DataArray, NaN on land, with
        ``units`` and ``long_name`` (xarray out for any per-box result, e.g.
        ``mean_first_passage_time``)."""
        import xarray as xr

        field = np.asarray(self.to_field(values))
        lead = [f"{name}_dim{i}" for i in range(field.ndim - 3)]
        return xr.DataArray(field, dims=(*lead, "lat", "lon", "depth"), coords=self.grid_coords(), name=name,
                            attrs={"units": units, "long_name": long_name})

    def interior_matrix(self) -> sp.csc_matrix:
        """T restricted to interior boxes (surface boxes removed: the C = 0 boundary)."""
        idx = self.interior
        return self.matrix[idx][:, idx].tocsc()

    def mass_imbalance(self) -> float:
        """max |V^T T| / max |diag(V) T|: 0 for a tracer-mass-conserving operator."""
        v = np.asarray(self.volume)
        col = np.abs(self.matrix.T @ v)
        return float(col.max() / (np.abs(self.matrix).T @ v).max())
