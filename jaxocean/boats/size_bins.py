"""The BOATS spectrum in the FishMIP log10 weight bins (ISIMIP3b ``tcblog10`` / ``tclog10``).

The ISIMIP3b fisheries output protocol asks size-structured models for biomass and catch "in
equal log 10 g weight bins (1-10g, 10-100g, 100g-1kg, 1-10kg, 10-100kg, >100kg)" on a ``bins``
dimension (ISIMIP3b protocol, marine-fishery_global output variables ``tcblog10``, ``tclog10``;
github.com/ISI-MIP/isimip-protocol-3, definitions/ISIMIP3b/OutputData/marine-fishery_global.json).

BOATS resolves 10 g to 100 kg in 50 log-spaced classes (Carozza et al. 2016, Sect. 2.1), 12.5
classes per decade, so the classes around 100 g and 10 kg straddle a bin edge. Within a class the
model's biomass density B_k [per g] is uniform (class biomass = B_k dm_k, the finite-volume
reading of the BOATS mass grid), so a straddling class is split by the mass fraction of its
width on each side of the edge. Bins outside the grid's mass range hold no BOATS biomass; they
are not returned (``bins_in_range``) and the protocol writer marks them missing.
"""

from __future__ import annotations

import numpy as np

from jaxocean.boats.mass_grid import MassGrid
from jaxocean.boats.mass_sum import class_sum

EDGES_G = (1.0, 10.0, 100.0, 1.0e3, 1.0e4, 1.0e5, np.inf)   # g wet mass (ISIMIP3b protocol)
LABELS = ("1-10g", "10-100g", "100g-1kg", "1-10kg", "10-100kg", ">100kg")
NAMES = ("1g_10g", "10g_100g", "100g_1kg", "1kg_10kg", "10kg_100kg", "100kg_up")  # variable-name safe
_NEGLIGIBLE = 1e-9          # overlap fractions below this are rounding at a shared edge


def class_fractions(grid: MassGrid = MassGrid()) -> np.ndarray:
    """Fraction of each class's biomass in each protocol bin, (n_classes, 6); rows sum to 1.

    f[k, j] = |[m_k, m_k+1] n [E_j, E_j+1]| / (m_k+1 - m_k), class bounds m (``grid.bounds``, g)
    and bin edges E (``EDGES_G``).
    """
    lo, hi = grid.bounds[:-1, None], grid.bounds[1:, None]
    e_lo, e_hi = np.asarray(EDGES_G[:-1])[None, :], np.asarray(EDGES_G[1:])[None, :]
    f = np.clip(np.minimum(hi, e_hi) - np.maximum(lo, e_lo), 0.0, None) / (hi - lo)
    f = np.where(f < _NEGLIGIBLE, 0.0, np.where(f > 1.0 - _NEGLIGIBLE, 1.0, f))
    return f / f.sum(axis=1, keepdims=True)


def bins_in_range(grid: MassGrid = MassGrid()) -> tuple[int, ...]:
    """Indices (into ``LABELS``) of the protocol bins that hold part of the BOATS grid."""
    return tuple(int(j) for j in np.flatnonzero(class_fractions(grid).sum(axis=0) > 0.0))


def bin_sums(x, grid: MassGrid = MassGrid()) -> list:
    """Per-class amounts ``x`` (..., n_classes) [anything per class, e.g. g m-2 = B_k dm_k] ->
    one array (...,) per bin of ``bins_in_range(grid)``.

    Each bin is a fixed pairwise add tree (:func:`~jaxocean.boats.mass_sum.class_sum`) over its
    contiguous classes, each weighted by ``class_fractions`` (1 inside the bin): the same bits
    for any batch shape, and no reduction kernel (fuses with the operands on XLA CPU).
    """
    f = class_fractions(grid)
    out = []
    for j in bins_in_range(grid):
        k = np.flatnonzero(f[:, j])
        k0, k1 = int(k[0]), int(k[-1]) + 1
        out.append(class_sum(x[..., k0:k1] * f[k0:k1, j].astype(x.dtype)))
    return out
