import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.regions import REGION_ABBREV, read_reccap2_regions, region_of, regions_from_masks

# cells per seed region (0 = none) in RECCAP2_region_masks_all_v20221025.nc under BIOME_TO_REGION
CELLS = {0: 23133, 1: 5774, 2: 2206, 3: 2632, 4: 3805, 5: 2353, 6: 5048, 7: 7588, 8: 3939, 9: 2010,
         10: 709, 11: 1738, 12: 941, 13: 2924}


def small_masks():
    lat, lon = np.array([-60.5, -10.5, 0.5, 30.5, 80.5]), np.array([10.5, 200.5])
    z = np.zeros((5, 2), np.int8)
    basins = {k: z.copy() for k in ("atlantic", "pacific", "indian", "arctic", "southern")}
    basins["southern"][0, :] = [3, 1]       # AAZ, SAZ
    basins["indian"][1, 0] = 3              # Equatorial Indian -> SI
    basins["pacific"][2, 1] = 5             # PEQU-E -> EP
    basins["atlantic"][3, 0] = 3            # NA STPS -> NSTA
    basins["atlantic"][3, 1] = 6            # Mediterranean -> none
    basins["arctic"][4, :] = [2, 9]
    return xr.Dataset({k: (("lat", "lon"), v) for k, v in basins.items()}, coords={"lat": lat, "lon": lon})


def test_mapping_on_small_masks(tmp_path):
    r = regions_from_masks(small_masks())
    assert r.values.tolist() == [[8, 7], [13, 0], [0, 5], [9, 0], [1, 1]]
    assert region_of([-10.9, 0.2, 31.0], [10.0, -159.8, 10.9], r).tolist() == [13, 5, 9]
    small_masks().to_netcdf(tmp_path / "m.nc")
    assert read_reccap2_regions(tmp_path / "m.nc").values.tolist() == r.values.tolist()
    small_masks().drop_vars("indian").to_netcdf(tmp_path / "bad.nc")
    with pytest.raises(InputError, match="indian"):
        read_reccap2_regions(tmp_path / "bad.nc")


def test_real_masks(shared):
    r = read_reccap2_regions(shared("data", "reccap2_masks", "RECCAP2_region_masks_all_v20221025.nc"))
    values, counts = np.unique(r.values, return_counts=True)
    assert dict(zip(values.tolist(), counts.tolist())) == CELLS
    stations = {"ALOHA": (22.75, -158.0, "NSTP"), "K2": (47.0, 160.0, "NP"), "BATS/OFP": (31.8, -64.2, "NSTA"),
                "PAP": (49.0, -16.5, "NA"), "Kerguelen": (-50.5, 72.0, "SAZ"), "Ross Sea": (-76.5, 175.0, "AAZ"),
                "Arabian Sea": (15.0, 62.0, "NI"), "Eq. Pacific": (0.0, -140.0, "EP")}
    got = region_of([v[0] for v in stations.values()], [v[1] for v in stations.values()], r)
    assert [REGION_ABBREV[g - 1] for g in got] == [v[2] for v in stations.values()]
