"""``jaxocean data``: where the real observations come from, and an explicit download.

Nothing in jaxocean downloads at import or in tests. This command is the only network
access, and only when a user runs ``jaxocean data fetch NAME``. Products without a stable
direct link are listed with their landing page and fetched by hand.
"""

from __future__ import annotations

import hashlib
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from jaxocean.core.validate import InputError
from jaxocean.io.paths import shared_dir

HELP = "list the real datasets jaxocean reads, and download them explicitly"


@dataclass(frozen=True)
class Dataset:
    name: str
    target: str          # path under <shared>/data
    citation: str
    url: str | None      # direct link, or None when only a landing page exists
    landing: str


DATASETS = {d.name: d for d in [
    Dataset("mouw2016", "mouw2016_goflux/GO_flux.tab",
            "Mouw et al. (2016) ESSD 8:531, PANGAEA doi:10.1594/PANGAEA.855594",
            "https://doi.pangaea.de/10.1594/PANGAEA.855594?format=textfile",
            "https://doi.org/10.1594/PANGAEA.855594"),
    Dataset("reccap2-regions", "reccap2_masks/RECCAP2_region_masks_all_v20221025.nc",
            "RECCAP2-ocean shared resources (Hauck et al. 2023)",
            "https://github.com/RECCAP2-ocean/shared-resources/raw/master/regions/"
            "RECCAP2_region_masks_all_v20221025.nc",
            "https://github.com/RECCAP2-ocean/shared-resources"),
    Dataset("ocim2", "ocim/OCIM2_48L_base_transport.mat",
            "DeVries & Holzer (2019) JGR Oceans 124:3036, OCIM2 transport matrices",
            None, "https://tdevries.eri.ucsb.edu/models-and-data-products/"),
    Dataset("isimip3b", "isimip3b/",
            "ISIMIP3b ocean forcing (GFDL-ESM4, IPSL-CM6A-LR; intpp, tos, thetao)",
            None, "https://data.isimip.org"),
    Dataset("globcolour", "globcolour/",
            "GlobColour / CMEMS monthly 1-degree PIC, POC, PAR, Kd490, SST, NPP",
            None, "https://hermes.acri.fr"),
]}


def default_destination() -> Path:
    root = shared_dir()
    return (root / "data") if root is not None else Path("shared") / "data"


def fetch(name: str, dest: Path | None = None, *, sha256: str | None = None) -> Path:
    """Download dataset ``name`` into ``dest`` (default: the shared data folder)."""
    if name not in DATASETS:
        raise InputError(f"dataset: unknown name {name!r}; known: {sorted(DATASETS)}")
    ds = DATASETS[name]
    if ds.url is None:
        raise InputError(f"dataset {name}: no direct download; get it from {ds.landing} "
                         f"and place it at <data>/{ds.target}")
    out = Path(dest or default_destination()) / ds.target
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".part")
    with urllib.request.urlopen(ds.url, timeout=60) as resp, open(tmp, "wb") as fh:
        shutil.copyfileobj(resp, fh)
    if sha256 is not None:
        got = hashlib.sha256(tmp.read_bytes()).hexdigest()
        if got != sha256:
            tmp.unlink()
            raise InputError(f"dataset {name}: checksum mismatch ({got} != {sha256})")
    tmp.replace(out)
    return out


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("list", help="list datasets, their sources and whether they are present")
    f = sub.add_parser("fetch", help="download one dataset (explicit network access)")
    f.add_argument("name", choices=sorted(DATASETS))
    f.add_argument("--dest", type=Path, default=None, help="data folder (default: shared data)")


def run(args) -> int:
    if args.action == "list":
        dest = default_destination()
        print(f"data folder: {dest}")
        for ds in DATASETS.values():
            have = "present" if (dest / ds.target).exists() else "absent "
            how = "fetch" if ds.url else "manual"
            print(f"  {ds.name:16s} {have} [{how}] {ds.citation}\n{'':20s}{ds.url or ds.landing}")
        return 0
    path = fetch(args.name, args.dest)
    print(f"wrote {path}")
    return 0
