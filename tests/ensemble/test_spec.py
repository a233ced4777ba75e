"""Ensemble specification: product/explicit members, TOML parsing, errors naming the field."""

import pytest

from jaxocean.core.validate import InputError
from jaxocean.ensemble.spec import EnsembleSpec, Member, from_dict, from_toml, preset

TOML = """
[ensemble]
name = "t"
start_year = 1950
end_year = 1959
spinup_years = 2
chunk_years = 2

[members]
param_sets = [6290, 9459]
forcings = ["GFDL-ESM4:ssp126", "IPSL-CM6A-LR:ssp585"]
fishing = [true, false]
"""


def test_product_and_presets(tmp_path):
    p = tmp_path / "e.toml"
    p.write_text(TOML)
    spec = from_toml(p)
    assert len(spec.members) == 8 and spec.n_chunks == 6
    assert spec.forcings == ("GFDL-ESM4:ssp126", "IPSL-CM6A-LR:ssp585")
    assert spec.members[:2] == (Member(6290, "GFDL-ESM4:ssp126", True),
                                Member(9459, "GFDL-ESM4:ssp126", True))
    demo = preset("demo")
    assert len(demo.members) == 20 and demo.start_year == 1950 and demo.end_year == 2100
    assert len({(m.forcing, m.fishing) for m in demo.members}) == 4


def test_explicit_list():
    spec = from_dict({"members": {"list": [
        {"param_set": 6363, "forcing": "GFDL-ESM4:ssp585", "fishing": False}]}})
    assert spec.members == (Member(6363, "GFDL-ESM4:ssp585", False),)


@pytest.mark.parametrize("cfg, field", [
    ({"members": {"param_sets": [1234], "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}},
     r"members\[0\].param_set"),
    ({"members": {"param_sets": [6290], "forcings": ["CESM:ssp585"], "fishing": [True]}},
     r"members\[0\].forcing"),
    ({"members": {"param_sets": [6290], "forcings": ["GFDL-ESM4:ssp585"]}}, "members.fishing"),
    ({"ensemble": {"strat_year": 1950}, "members": {"list": []}}, "strat_year"),
    ({"ensemble": {"base": "nowhere.nc"}, "members": {"param_sets": [6290],
      "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}}, "ensemble.base"),
    ({"ensemble": {"chunk_years": 4}, "members": {"param_sets": [6290],
      "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}}, "ensemble.chunk_years"),
    ({"ensemble": {"spinup_years": 1, "chunk_years": 2}, "members": {"param_sets": [6290],
      "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}}, "ensemble.chunk_years"),
    ({"ensemble": {"precision": "float16"}, "members": {"param_sets": [6290],
      "forcings": ["GFDL-ESM4:ssp585"], "fishing": [True]}}, "ensemble.precision"),
])
def test_bad_configs_name_the_field(cfg, field):
    with pytest.raises(InputError, match=field):
        from_dict(cfg)


def test_bad_toml_and_preset(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text("[ensemble\n")
    with pytest.raises(InputError, match="not valid TOML"):
        from_toml(p)
    with pytest.raises(InputError, match="preset"):
        preset("huge")
    with pytest.raises(InputError, match="members: the ensemble has no member"):
        EnsembleSpec(members=())
