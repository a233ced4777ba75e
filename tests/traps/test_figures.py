import numpy as np
import pandas as pd
import xarray as xr

from jaxocean.traps import TABLE1_LAYERS, figures


def test_figures_build_without_display():
    rng = np.random.default_rng(1)
    n = 70
    sel = pd.DataFrame({"cell": rng.integers(0, 5, n), "lat": rng.uniform(-60, 60, n), "lon": rng.uniform(-180, 180, n),
                        "layer": rng.choice(TABLE1_LAYERS, n), "pic": rng.lognormal(size=n),
                        "PP": rng.lognormal(5, size=n)})
    regions = xr.DataArray(rng.integers(0, 14, (18, 36)), dims=("lat", "lon"),
                           coords={"lat": np.arange(-85, 90, 10.0), "lon": np.arange(5, 360, 10.0)})
    fits = pd.DataFrame({"region": ["Global", "2"], "layer": ["100-500m", "0-100m"], "x": ["PP", "PP"],
                         "n": [30, 10], "r": [0.5, 0.1], "r2": [0.25, 0.01], "p": [0.001, 0.7],
                         "slope": [0.4, -0.2], "intercept": [0.0, 0.0]})
    bands = pd.DataFrame({"mean": [0.1, 0.2], "std": [0.01, 0.02], "n": [3, 4]}, index=[-5.0, 45.0])
    figs = [figures.trap_map(sel, regions), figures.flux_vs_production(sel, fits, {"PP": "PP"}),
            figures.slope_matrix(fits), figures.latitudinal_efficiency(bands, bands, {"cv": bands})]
    assert [len(f.axes) for f in figs] == [2, 8, 2, 2]
    hatched = [p for p in figs[2].axes[0].patches if p.get_hatch()]
    assert len(hatched) == 1                      # only the p >= 0.05 cell
