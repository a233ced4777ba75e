"""Export of sinking carbon through the water column (seed 002, Eqs. 25-27).

One abstraction: a profile is an ``equinox.Module`` of parameters with a source depth ``z0``
and ``optical_depth(z_a, z_b, env)`` (the attenuation integral over a segment of one layer);
one integrator turns it into fluxes.

    from jaxocean.export import (ExponentialQ10, MartinCurve, DetritusREcoM, CalciteDissolution,
                                 flux_profile, flux_at, injection, export_injection,
                                 coarse_to_grid, detrend_against_control,
                                 export_efficiency, transfer_efficiency, profile_transfer_efficiency)

    z = jnp.array([0., 50., 100., ...])                  # nz+1 interfaces, m, positive down
    env = {"temperature": T_layers}                       # (..., nz) degC; "omega_calcite" for PIC
    F = flux_profile(ExponentialQ10.fecal_pellets(), flux_top, z, env)   # (..., nz+1)
    F_trap = flux_at(profile, flux_top, z_trap, z, env)  # (..., nq), any depths, differentiable
    inj = injection(F, n_wet)                             # (..., nz), sum = flux_top exactly
    T_layers = coarse_to_grid(T_coarse, z)                # 5 coarse layers (seed 002) -> grid

Shapes: ``z_interfaces`` is 1-D (nz+1,); ``flux_top`` any batch shape (...); environment
fields (..., nz) or scalars. Units: flux in any unit (carried through; mg C m-2 d-1 in the
BOATS chain), depths m, rates d-1, speeds m d-1, temperature degC. Everything jits, vmaps and
differentiates in the profile's parameters (Q10, k1, W_sink, b, k_diss, ...).
"""

from jaxocean.export import attenuation
from jaxocean.export.attenuation import (bottom_index_from_mask, export_injection, flux_at,
                                         injection, transit_time)
from jaxocean.export.efficiency import (export_efficiency, profile_transfer_efficiency,
                                        transfer_efficiency)
from jaxocean.export.profiles import (CalciteDissolution, DetritusREcoM, ExponentialQ10,
                                      MartinCurve, q10_rate)
from jaxocean.export.temperature import (COARSE_EDGES, coarse_to_grid, coarse_to_grid_weights,
                                         detrend_against_control, linear_trend)

__all__ = [
    "ExponentialQ10", "MartinCurve", "DetritusREcoM", "CalciteDissolution", "q10_rate",
    "flux_profile", "flux_at", "injection", "export_injection", "bottom_index_from_mask",
    "transit_time", "coarse_to_grid", "coarse_to_grid_weights", "detrend_against_control",
    "linear_trend", "COARSE_EDGES", "export_efficiency", "transfer_efficiency",
    "profile_transfer_efficiency",
]
from jaxocean.io.labelled import labelled

# xarray edge: flux_top as a DataArray (any flux units, carried through) -> labelled profile
flux_profile = labelled({"flux_top": None}, ("flux", "=flux_top", "sinking flux on the layer interfaces"),
                        extra_dims={"z_interface": "z_interfaces"})(attenuation.flux_profile)
