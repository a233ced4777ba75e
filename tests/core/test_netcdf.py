import numpy as np
import pytest
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.io.netcdf import open_dataset, pick_variable, variable_in_units, write_netcdf


def test_write_and_reopen_with_cf_attributes_and_units(tmp_path):
    ds = xr.Dataset({"intpp": (("lat",), np.array([1.0, 2.0]), {"units": "mol/m2/s"})},
                    coords={"lat": [-0.5, 0.5]}, attrs={"title": "kept"})
    path = write_netcdf(ds, tmp_path / "a.nc", source="unit test", history="made in a test")
    back = open_dataset(path, ["intpp"])
    assert back.attrs["Conventions"] == "CF-1.8" and back.attrs["title"] == "kept"
    assert back.attrs["source"] == "unit test" and back.attrs["history"].endswith(": made in a test")
    name = pick_variable(back, ("npp", "intpp"), what="forcing")
    np.testing.assert_allclose(variable_in_units(back, name, "mmol m-2 s-1").values, [1000.0, 2000.0])


def test_errors_name_the_variable(tmp_path):
    with pytest.raises(InputError, match=r"without a 'units' attribute: \['x'\]"):
        write_netcdf(xr.Dataset({"x": ("t", [1.0])}), tmp_path / "b.nc")
    write_netcdf(xr.Dataset({"x": ("t", [1.0], {"units": "1"})}), tmp_path / "c.nc")
    with pytest.raises(InputError, match=r"missing variable\(s\) \['tos'\]"):
        open_dataset(tmp_path / "c.nc", ["tos"], what="forcing")
    with pytest.raises(InputError, match="none of the variable names"):
        pick_variable(xr.open_dataset(tmp_path / "c.nc"), ("tos", "thetao"), what="temperature")
