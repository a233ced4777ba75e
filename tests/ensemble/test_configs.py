"""The example configs in experiments/ensemble_configs parse (the ISIMIP one needs its files)."""

from pathlib import Path

import pytest

from jaxocean.core.validate import InputError
from jaxocean.ensemble.spec import from_toml

CONFIGS = Path(__file__).resolve().parents[2] / "experiments" / "ensemble_configs"


def test_example_configs_parse():
    assert len(from_toml(CONFIGS / "seed20_ssp585.toml").members) == 20
    assert len(from_toml(CONFIGS / "both_ssps_demo.toml").members) == 40
    with pytest.raises(InputError, match="ensemble.isimip_dir"):
        from_toml(CONFIGS / "isimip3b_seed20.toml")
