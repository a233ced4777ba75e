"""From distributed monthly products to the monthly climatology the trap matchups use.

    prod = ez_pic_production_from_products({"pic": [...], "sst": [...], "par": [...], "kd490": [...]})
    clim = production_climatology(prod, npp=read_monthly_product(npp_files, "npp"))
    write_climatology(clim, "clim.nc")   # read back by read_climatology / pic_trap_analysis --climatology
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from jaxocean.core.validate import InputError
from jaxocean.io.netcdf import write_netcdf
from jaxocean.satellite.calcification import ez_pic_production_checked
from jaxocean.satellite.params import CalcificationParams
from jaxocean.satellite.readers import climatology_of, read_monthly_product

INPUTS = ("pic", "sst", "par", "kd490")


def ez_pic_production_from_products(paths: dict, params: CalcificationParams = CalcificationParams()) -> xr.DataArray:
    """EZ PIC production [mg C m-2 d-1] (time, lat, lon) from monthly PIC, SST, PAR and Kd490 files.

    ``paths`` maps each of ``INPUTS`` to a file or list of files; the four products must share
    their grid and months (checked).
    """
    missing = [k for k in INPUTS if k not in paths]
    if missing:
        raise InputError(f"EZ PIC production needs the products {missing}")
    fields = {k: read_monthly_product(paths[k], k) for k in INPUTS}
    ref = fields["pic"]
    for k, da in fields.items():
        if da.shape != ref.shape or not all(np.array_equal(da[c].values, ref[c].values) for c in da.dims):
            raise InputError(f"{k}: grid/months {dict(da.sizes)} differ from pic {dict(ref.sizes)}")
    g = ez_pic_production_checked(*(fields[k].values for k in INPUTS), params)
    return ref.copy(data=1e3 * np.asarray(g)).rename("pic_production").assign_attrs(
        units="mg m-2 d-1", long_name="euphotic-zone PIC production (seed 000 Eq. 2, after Hopkins & Balch 2018)")


def production_climatology(pic_production: xr.DataArray, npp: xr.DataArray | None = None) -> xr.Dataset:
    """(month, lat, lon) climatologies of EZ PIC production and, if given, NPP [mg C m-2 d-1]."""
    out = {"pic_production": climatology_of(pic_production).assign_attrs(units="mg m-2 d-1")}
    if npp is not None:
        out["npp"] = climatology_of(npp.rename("npp")).assign_attrs(units="mg m-2 d-1")
    return xr.Dataset(out)


def write_climatology(clim: xr.Dataset, path) -> None:
    """CF netCDF of a ``production_climatology`` (readable by ``read_climatology``)."""
    write_netcdf(clim, path, title="monthly climatology of EZ PIC production and NPP",
                 history="jaxocean.satellite.pipeline")
