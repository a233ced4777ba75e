"""A VENTILATED-COLUMN circulation fitted to the F100 of Siegel et al. (2021, OCIM2-48L).

Each water column is a 1-D ocean with two mass-conserving, divergence-free processes
(dC/dt = T C, yr-1; finite volumes, upwind advection as in ``idealized``):

* vertical diffusion between adjacent layers, flux Kv(z) (C_k - C_k+1) / (z_k+1 - z_k) with
  Kv in m2 s-1 at the layer interface (centre distances as in ``idealized``);
* a ventilation loop: surface water is subducted into each sub-surface layer k at a rate
  q_k (yr-1, volume renewed per volume of the layer), and the subducted water returns to the
  surface by upwelling through the layers above, upward velocity at the top of layer k
  w_k = sum_{j >= k} q_j dz_j (m yr-1). This is the column form of the "leaky pipe"
  (subduction, then slow advective return) that sets ventilation in OCIM; unlike a purely
  diffusive or exchange model (symmetric, so survival curves are mixtures of exponentials and
  a high F100 forces a long mean residence), advection lets carbon stored for 100 years
  return at a finite transit time (Primeau 2005, JPO 35:545; Siegel et al. 2021, ERL
  16:104003: both quantities depend only on when injected carbon first touches the surface).

With the surface held at C = 0 (``sequestration``), F100, the mean first-passage time, C_seq
and the origin maps depend only on each box's distribution of time to first surface contact,
which this model represents; it does NOT represent where stored carbon travels laterally (a
steady C field stays in the column where it was injected). F100 constrains that distribution
at 100 years only. The longer tail sets the mean first-passage time tau, hence steady-state
C_seq / export when most export reaches the floor; fitted to F100 alone the model put tau up to
~4,900 yr (deep North Pacific mean ~2,000 yr), whereas the data-constrained OCIM of DeVries &
Primeau (2011, JPO 41:2381) finds the mean re-exposure time "reaches a maximum of about
1400-1500 yr in the deep North Pacific". The default fit therefore also penalises tau above
1,500 yr (one-sided, sigma 100 yr); the F100-only fit stays available (``F100_ONLY_PATH``,
``[transport] circulation = "f100-only"``). Both fits' statistics (held-out |dF100|, tau) are
attributes of their files.

Parameters (``VentilationParams``): ln Kv and ln q at depth nodes on a regular lat-lon
node grid; at a column they are bilinear in (lat, lon) (periodic in longitude, constant
beyond the outermost latitude nodes) and piecewise linear in depth between the nodes
(constant above the first and below the last). ``load_fitted`` returns the set fitted BY
GRADIENT to F100.mat (``experiments/fit_f100_circulation.py``, embedded in
``jaxocean/data/f100_circulation.nc`` with the OCIM2-48L layers and column depths, so the
circulation builds without ../shared: ``ocim2_model`` on the grid it was fitted on, the
ensemble's default; ``f100_circulation`` on any regular grid).

Grid dependence: on a coarse grid (``f100_circulation``) each column takes the AREA-MEAN floor
depth of the OCIM2 columns it covers, so shelves and slopes disappear and their export (which
meets the floor at a few hundred metres, where F100 is low) is injected at depth instead; the
demo injection's export-weighted F100 is 0.846 on 10-degree columns against 0.809 on
OCIM2-48L and 0.812 from F100.mat (``experiments/fit_f100_circulation.py --demo-run``). Use
``ocim2_model`` (per-column tridiagonal solves: ~4e5 boxes cost about as much as a coarse grid
with sparse LU) wherever the F100 of a realistic injection matters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from jaxocean.core.validate import InputError
from jaxocean.transport.idealized import SECONDS_PER_YEAR, exchange_matrix, grid_geometry
from jaxocean.transport.operator import TransportOperator
from jaxocean.transport.regrid import conservative_regrid
from jaxocean.transport.sequestration import SequestrationModel
from jaxocean.transport.solvers import TridiagonalSolver

FITTED_PATH = Path(__file__).resolve().parents[1] / "data" / "f100_circulation.nc"
F100_ONLY_PATH = FITTED_PATH.with_name("f100_circulation_f100_only.nc")   # no bound on tau
# bound on the mean first-passage time of the default fit: the mean re-exposure time "reaches a
# maximum of about 1400-1500 yr in the deep North Pacific" (DeVries & Primeau 2011, JPO 41:2381,
# data-constrained OCIM); one-sided Gaussian penalty above TAU_MAX_YR, width SIGMA_TAU_YR
TAU_MAX_YR, SIGMA_TAU_YR = 1500.0, 100.0
LABEL = "F100-constrained (OCIM2-48L, Siegel et al. 2021)"
Z_NODES = (25.0, 100.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0)   # m


class VentilationParams(eqx.Module):
    """ln Kv [ln(m2 s-1)] and ln q (subduction rate) [ln(yr-1)], each (n_lat, n_lon, n_nodes)."""

    log_kv: jnp.ndarray
    log_vent: jnp.ndarray
    node_lat: tuple = eqx.field(static=True)     # degrees north, increasing
    node_lon: tuple = eqx.field(static=True)     # degrees east, regular, global
    z_nodes: tuple = eqx.field(static=True)      # m, increasing

    @classmethod
    def uniform(cls, resolution: float = 5.0, kv=(1e-2, 1e-3, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4),
                vent=1e-3, z_nodes=Z_NODES) -> "VentilationParams":
        """Horizontally uniform start (the fit's first guess): Kv per node [m2 s-1], q [yr-1]."""
        lat = tuple(np.arange(-90.0 + resolution / 2, 90.0, resolution))
        lon = tuple(np.arange(resolution / 2, 360.0, resolution))
        shape = (len(lat), len(lon), len(z_nodes))
        log_kv = np.broadcast_to(np.log(np.asarray(kv, float)), shape)
        log_vent = np.broadcast_to(np.log(np.asarray(vent, float)), shape)
        return cls(jnp.asarray(log_kv), jnp.asarray(log_vent), tuple(map(float, lat)), tuple(map(float, lon)),
                   tuple(map(float, z_nodes)))


def _bilinear(lat, lon, node_lat, node_lon):
    """(n, 4) flat node indices and weights of points (lat, lon) on the node grid."""
    nla, nlo = np.asarray(node_lat), np.asarray(node_lon)
    y = np.clip(np.interp(lat, nla, np.arange(nla.size)), 0, nla.size - 1)
    dlon = nlo[1] - nlo[0]
    x = np.mod(np.asarray(lon, float) - nlo[0], 360.0) / dlon
    j0 = np.minimum(np.floor(y).astype(int), nla.size - 2)
    i0 = np.floor(x).astype(int) % nlo.size
    fy, fx = y - j0, x - np.floor(x)
    i1 = (i0 + 1) % nlo.size
    idx = np.stack([j0 * nlo.size + i0, j0 * nlo.size + i1, (j0 + 1) * nlo.size + i0, (j0 + 1) * nlo.size + i1], -1)
    w = np.stack([(1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx], -1)
    return idx, w


def _depth_weights(z, z_nodes):
    """(len(z), n_nodes) piecewise-linear interpolation weights (constant beyond the nodes)."""
    eye = np.eye(len(z_nodes))
    return np.stack([np.interp(z, z_nodes, eye[i]) for i in range(len(z_nodes))], -1)


@dataclass(frozen=True, eq=False)
class Columns:
    """Column geometry of an operator's grid for ``VentilationParams`` (host, numpy)."""

    h_idx: np.ndarray       # (ncol, 4) bilinear node indices of each wet column
    h_w: np.ndarray         # (ncol, 4) bilinear weights
    z_face: np.ndarray      # (nz-1, n_nodes) depth weights at inner interfaces
    z_box: np.ndarray       # (nz, n_nodes) depth weights at layer centres
    wet: np.ndarray         # (ncol, nz) wet layers of each wet column
    dz: np.ndarray          # (nz,) layer thickness [m]
    dzc: np.ndarray         # (nz-1,) distance between layer centres [m]
    col: np.ndarray         # (n,) wet-column number of each box (operator order)
    k: np.ndarray           # (n,) layer of each box

    @classmethod
    def of(cls, wet, lat, lon, z_interfaces, params: VentilationParams) -> "Columns":
        """Geometry of the wet mask (ny, nx, nz) in OCIM box order (``TransportOperator``)."""
        wet = np.asarray(wet, bool)
        j, i, k = np.unravel_index(np.flatnonzero(wet.ravel(order="F")), wet.shape, order="F")
        surf = np.zeros(wet.shape[:2], int) - 1
        cj, ci = np.nonzero(wet[:, :, 0])
        surf[cj, ci] = np.arange(cj.size)
        col = surf[j, i]
        if np.any(col < 0):
            raise InputError("ventilated circulation: every wet column needs a wet surface layer")
        z = np.asarray(z_interfaces, float)
        zc = 0.5 * (z[1:] + z[:-1])
        h_idx, h_w = _bilinear(np.asarray(lat, float)[cj], np.asarray(lon, float)[ci], params.node_lat,
                               params.node_lon)
        return cls(h_idx, h_w, _depth_weights(z[1:-1], params.z_nodes), _depth_weights(zc, params.z_nodes),
                   wet[cj, ci], np.diff(z), np.diff(zc), col, k)

    def rates(self, params: VentilationParams):
        """Kv (ncol, nz-1) [m2 s-1] at inner interfaces and q (ncol, nz) [yr-1] at centres."""
        def field(logs, zw):
            flat = logs.reshape(-1, logs.shape[-1])                            # (nodes, n_nodes)
            col = jnp.einsum("cq,cqn->cn", jnp.asarray(self.h_w), flat[jnp.asarray(self.h_idx)])
            return jnp.exp(col @ jnp.asarray(zw).T)
        return field(params.log_kv, self.z_face), field(params.log_vent, self.z_box)

    def exchange(self, params: VentilationParams):
        """Diffusive face velocity e (ncol, nz-1) [m yr-1] (0 into dry layers), subduction q
        (ncol, nz) [yr-1] (0 in the surface and dry layers) and upwelling w (ncol, nz) [m yr-1]
        through the top of each layer."""
        kv, vent = self.rates(params)
        e = jnp.where(jnp.asarray(self.wet[:, 1:]), kv * SECONDS_PER_YEAR / jnp.asarray(self.dzc), 0.0)
        q = jnp.where(jnp.asarray(self.wet) & (np.arange(self.dz.size) > 0), vent, 0.0)
        w = jnp.cumsum((q * jnp.asarray(self.dz))[:, ::-1], axis=1)[:, ::-1]
        return e, q, w

    def interior_diagonals(self, params: VentilationParams):
        """(dl, d, du), each (ncol, nz-1): the interior operator A (surface removed) per column,
        yr-1; dry padding rows are -1 on the diagonal."""
        e, _, w = self.exchange(params)
        dz = jnp.asarray(self.dz[1:])
        zero = jnp.zeros_like(e[:, :1])
        above, below = e, jnp.concatenate([e[:, 1:], zero], 1)               # faces of layers 1..
        d = -(above + below + w[:, 1:]) / dz
        d = jnp.where(jnp.asarray(self.wet[:, 1:]), d, -1.0)
        dl = jnp.concatenate([zero, above[:, 1:] / dz[1:]], 1)
        du = jnp.concatenate([(below[:, :-1] + w[:, 2:]) / dz[:-1], zero], 1)  # + upwelling from below
        return dl, d, du

    def interior_position(self) -> np.ndarray:
        """(n_interior,) flat position in the (ncol, nz-1) padding of each interior box."""
        idx = np.flatnonzero(self.k > 0)
        return self.col[idx] * (self.dz.size - 1) + self.k[idx] - 1


def ventilated_circulation(params: VentilationParams, lat, lon, z_interfaces, wet,
                           name: str = "ventilated columns") -> TransportOperator:
    """The circulation (host sparse T) on a grid with wet mask (ny, nx, nz); see module docstring."""
    wet = np.asarray(wet, bool)
    dx, dy, dz, _, _ = grid_geometry(lat, lon, z_interfaces)
    vol = (dx[:, :, None] * dy[:, None, None] * dz[None, None, :]).ravel(order="F")
    volume = vol[np.flatnonzero(wet.ravel(order="F"))]
    cols = Columns.of(wet, lat, lon, z_interfaces, params)
    e, q, w = (np.asarray(x, float) for x in jax.jit(cols.exchange)(params))    # one compile
    number = -np.ones((cols.wet.shape[0], dz.size), int)
    number[cols.col, cols.k] = np.arange(volume.size)
    area = volume[number[:, 0]] / dz[0]                                     # (ncol,) m2
    c, k = np.nonzero(cols.wet[:, 1:])                                      # boxes below the top
    box, top = number[c, k + 1], number[c, k]
    zeros = np.zeros(c.size)
    # pairs (a, b): diffusion box-above <-> box; upwelling box -> box above; subduction surface -> box
    a = np.concatenate([top, box, number[c, 0]])
    b = np.concatenate([box, top, box])
    exch = np.concatenate([e[c, k] * area[c] / SECONDS_PER_YEAR, zeros, zeros])          # m3 s-1
    flow = np.concatenate([zeros, w[c, k + 1] * area[c], q[c, k + 1] * volume[box]]) / SECONDS_PER_YEAR
    matrix = exchange_matrix(a, b, exch, flow, volume)
    return TransportOperator(matrix=matrix, wet=wet, volume=volume, lat=np.asarray(lat, float),
                             lon=np.asarray(lon, float), z_interfaces=np.asarray(z_interfaces, float), name=name)


def ventilated_model(params: VentilationParams, op: TransportOperator, dt: float = 1.0,
                     columns: Columns | None = None) -> SequestrationModel:
    """SequestrationModel on ``op``'s geometry whose solvers are built from ``params`` in JAX
    (``TridiagonalSolver``: -A and I - dt A per column), so ``fraction_remaining`` /
    ``steady_state`` differentiate with respect to the circulation parameters (the fit)."""
    cols = Columns.of(op.wet, op.lat, op.lon, op.z_interfaces, params) if columns is None else columns
    dl, d, du = jax.jit(cols.interior_diagonals)(params)                    # one compile, not one per op
    pos = cols.interior_position()
    return SequestrationModel(op, TridiagonalSolver(-dl, -d, -du, pos),
                              TridiagonalSolver(-dt * dl, 1.0 - dt * d, -dt * du, pos), float(dt))


def load_fitted(path=None) -> tuple[VentilationParams, dict]:
    """The embedded fitted parameters and OCIM2-48L geometry: (params, info) where info holds
    ``z_interfaces`` (49,) [m], ``lat``, ``lon`` and ``n_wet_layers`` (91, 180) of OCIM2-48L,
    and ``attrs`` (provenance and fit statistics)."""
    import xarray as xr

    path = FITTED_PATH if path is None else Path(path)
    if not path.is_file():
        raise InputError(f"ventilated circulation: parameter file {path} does not exist")
    with xr.open_dataset(path) as ds:
        missing = {"log_kv", "log_vent", "n_wet_layers", "z_interfaces"} - set(ds.variables)
        if missing:
            raise InputError(f"{path}: missing variable(s) {sorted(missing)}")
        params = VentilationParams(jnp.asarray(ds["log_kv"].values), jnp.asarray(ds["log_vent"].values),
                                   tuple(ds["node_lat"].values.tolist()), tuple(ds["node_lon"].values.tolist()),
                                   tuple(ds["z_node"].values.tolist()))
        info = {"z_interfaces": ds["z_interfaces"].values.astype(float), "lat": ds["lat"].values.astype(float),
                "lon": ds["lon"].values.astype(float), "n_wet_layers": ds["n_wet_layers"].values.astype(int),
                "attrs": dict(ds.attrs)}
    return params, info


def f100_circulation(lat, lon, ocean=None, params: VentilationParams | None = None, info: dict | None = None,
                     name: str = LABEL) -> TransportOperator:
    """The F100-constrained circulation on any regular grid: columns where ``ocean`` (ny, nx;
    default: cells at least half covered by OCIM2-48L ocean), OCIM2-48L layers down to the
    area-mean OCIM2 floor depth of the ocean columns feeding each cell (conservative overlap;
    the mean OCIM2 ocean floor depth where none does); ``params``/``info`` default: ``load_fitted()``."""
    if params is None or info is None:
        params, info = load_fitted()
    z = info["z_interfaces"]
    src_wet = info["n_wet_layers"] > 0
    floor = z[info["n_wet_layers"]]                                          # (91, 180) m
    src_area = np.cos(np.deg2rad(info["lat"]))[:, None] * np.ones(info["lon"].size)
    dst_area = np.cos(np.deg2rad(np.asarray(lat, float)))[:, None] * np.ones(len(lon))
    if ocean is None:
        everywhere = np.ones(dst_area.shape, bool)
        frac = conservative_regrid(info["lat"], info["lon"], src_area, lat, lon, dst_area, everywhere)
        ocean = np.asarray(jax.jit(frac.mean)(src_wet.astype(float), np.ones(src_wet.shape, bool), 0.0)) >= 0.5
    ocean = np.asarray(ocean, bool)
    rg = conservative_regrid(info["lat"], info["lon"], src_area, lat, lon, dst_area, ocean)
    depth = np.asarray(jax.jit(rg.mean)(floor, src_wet, np.nan))
    if np.isnan(depth[ocean]).any():
        depth = np.where(np.isnan(depth), np.nanmean(depth[ocean]), depth)
    centres = 0.5 * (z[1:] + z[:-1])
    wet = ocean[:, :, None] & ((centres[None, None, :] < depth[:, :, None]) | (np.arange(z.size - 1) < 2))
    return ventilated_circulation(params, lat, lon, z, wet, name=name)


def ocim2_wet(info: dict) -> np.ndarray:
    """(91, 180, 48) wet mask of OCIM2-48L (the finite F100 boxes) from ``load_fitted``'s info."""
    nz = info["z_interfaces"].size - 1
    return np.arange(nz) < info["n_wet_layers"][..., None]


def ocim2_circulation(params: VentilationParams, info: dict, name: str = LABEL) -> TransportOperator:
    """The circulation on the grid it was fitted on (OCIM2-48L, 91 x 180 x 48, real bathymetry)."""
    return ventilated_circulation(params, info["lat"], info["lon"], info["z_interfaces"], ocim2_wet(info), name=name)


def ocim2_model(path=None) -> SequestrationModel:
    """The fit in ``path`` (default the embedded ``FITTED_PATH``; ``F100_ONLY_PATH``: without
    the bound on tau) on OCIM2-48L as a ``SequestrationModel`` with the per-column tridiagonal
    solvers (``ventilated_model``, dt = 1 yr); built once per process and file."""
    return _ocim2_model(Path(FITTED_PATH if path is None else path).resolve())


@functools.lru_cache(maxsize=2)
def _ocim2_model(path: Path) -> SequestrationModel:
    params, info = load_fitted(path)
    return ventilated_model(params, ocim2_circulation(params, info))
