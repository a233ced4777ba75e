"""Member axis sharded over 8 (virtual CPU) devices, also run in cell blocks, equals the
single-device run.

XLA_FLAGS must be set before JAX initialises, so the comparison runs in a subprocess.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

from jaxocean.ensemble.sharding import pad_members, padded_size

SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    import jax, jaxocean
    jaxocean.enable_float64()
    from jaxocean.ensemble.runner import run_ensemble
    from jaxocean.ensemble.spec import from_dict
    spec = from_dict({"ensemble": {"name": "s", "start_year": 1950, "end_year": 1951, "coarsen": 6,
                                   "precision": "float64"},
                      "members": {"param_sets": [6290, 6363, 9459], "forcings": ["GFDL-ESM4:ssp585"],
                                  "fishing": [True, False]}})
    out = {}
    for key, n, cells in (("1", 1, None), ("8", 8, None), ("8 blocks", 8, 10)):
        got = []
        run = run_ensemble(spec, sys.argv[1] + f"/{key}", n_devices=n, progress=False,
                           on_year=lambda k, y, a: got.append(a), cell_block=cells)
        shard = run.result.state.biomass.sharding
        out[key] = {"annual": {k: np.concatenate([g[k] for g in got]).tolist() for k in got[0]},
                  "n_shards": len(shard.device_set), "compilations": run.result.compilations}
    print(json.dumps({"devices": jax.device_count(), **out}))
""")


def test_sharded_equals_single_device(tmp_path):
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=8", JAX_PLATFORMS="cpu")
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    assert res["devices"] == 8 and res["8"]["n_shards"] == res["8 blocks"]["n_shards"] == 8
    assert res["1"]["n_shards"] == 1 and res["8"]["compilations"] == 1
    for name, one in res["1"]["annual"].items():
        one = np.array(one)
        for key in ("8", "8 blocks"):       # sharded; sharded and in blocks of 10 of the 47 cells
            eight = np.array(res[key]["annual"][name])
            assert one.shape == eight.shape == (2, 6, 47)         # 6 real members, padding dropped
            np.testing.assert_array_equal(eight, one, err_msg=f"{name} ({key})")      # bitwise


def test_padding_repeats_last_member():
    assert padded_size(20, 8) == 24 and padded_size(20, 4) == 20 and padded_size(1, 8) == 8
    tree = {"a": np.arange(6.0).reshape(3, 2), "b": np.array([1, 2, 3])}
    p = pad_members(tree, 5)
    np.testing.assert_array_equal(p["a"][3:], [[4.0, 5.0], [4.0, 5.0]])
    np.testing.assert_array_equal(p["b"], [1, 2, 3, 3, 3])
