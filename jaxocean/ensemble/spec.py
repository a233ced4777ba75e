"""Ensemble specification: members (parameter set x forcing x fishing), years and options.

Written as TOML (parsed with the standard library's ``tomllib``) or built in Python::

    [ensemble]
    name = "seed20"
    start_year = 1950          # first simulated (and written) year
    end_year = 2100            # last year, inclusive
    spinup_years = 20          # years of start_year forcing run first, without fishing
    effort_freeze_year = 2015  # fishing effort dynamic before, held at its level from then on
    base = "cesm"              # "demo" (embedded 5-degree), "cesm" (1-degree, ../shared) or a
                               # netCDF path holding monthly intpp + to; demo and cesm: CESM NPP
                               # with OBSERVED temperature (COBE SST, Levitus at depth)
    coarsen = 1                # block-average the base by this factor
    forcing = "synthetic"      # or "isimip" (real ISIMIP3b netCDF under isimip_dir)
    isimip_dir = ""
    precision = "float32"      # or "float64"
    chunk_years = 1            # years per compiled scan (outputs are annual either way)
    checkpoint_every = 1       # chunks between checkpoints (the state is ~0.5 GB at 1 degree x 20)
    log10_bins = false         # also keep biomass and catch in the FishMIP log10 weight bins
                               # (for tcblog10 / tclog10; set by --isimip; step ~2x slower)

    [transport]                # circulation of the sequestration summary (optional table)
    circulation = "f100"       # "f100": F100-constrained (OCIM2-48L, Siegel et al. 2021; mean
                               # first-passage time bounded after DeVries & Primeau 2011),
                               # "f100-only": the same fitted to F100 alone, or
                               # "idealized": the built-in IDEALIZED one on the ensemble grid
    ocim = ""                  # OCIM .mat file (e.g. "OCIM2_CTL_He.mat"); overrides circulation
    tr_units = "yr-1"          # units of output.TR in that file: "yr-1" (OCIM2) or "s-1" (OCIM0/1)

    [members]                  # the product of these three lists ...
    param_sets = [6290, 6363, 6920, 8874, 9459]
    forcings = ["GFDL-ESM4:ssp585", "IPSL-CM6A-LR:ssp585"]
    fishing = [true, false]

    # ... or an explicit list instead:
    # [[members.list]]
    # param_set = 6290
    # forcing = "GFDL-ESM4:ssp585"
    # fishing = true

Everything is checked here, before any compute; errors are :class:`InputError` naming the field.
"""

from __future__ import annotations

import dataclasses
import itertools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from jaxocean.core.validate import InputError
from jaxocean.io.matlab import check_complete

PUBLISHED_PARAM_SETS = (6290, 6363, 6920, 8874, 9459)   # Carozza et al. (2017), seed 002 Suppl. Table 3
ESMS = ("GFDL-ESM4", "IPSL-CM6A-LR")
SSPS = ("ssp126", "ssp585")
BASES = ("demo", "cesm")


@dataclass(frozen=True)
class Member:
    param_set: int
    forcing: str          # "<ESM>:<SSP>"
    fishing: bool

    @property
    def label(self) -> str:
        return f"p{self.param_set}_{self.forcing.replace(':', '_')}_{'fish' if self.fishing else 'nofish'}"


@dataclass(frozen=True)
class TransportSpec:
    circulation: str = "f100"  # "f100" (F100-constrained, transport.ventilated), "f100-only" or "idealized"
    ocim: str = ""             # OCIM .mat file (overrides circulation)
    tr_units: str = "yr-1"     # units of output.TR in the file: "yr-1" or "s-1"


@dataclass(frozen=True)
class EnsembleSpec:
    members: tuple[Member, ...]
    name: str = "ensemble"
    start_year: int = 1950
    end_year: int = 2100
    spinup_years: int = 0
    effort_freeze_year: int = 2015
    base: str = "demo"
    coarsen: int = 1
    forcing: str = "synthetic"
    isimip_dir: str = ""
    precision: str = "float32"
    chunk_years: int = 1
    checkpoint_every: int = 1
    log10_bins: bool = False
    transport: TransportSpec = TransportSpec()

    def __post_init__(self):
        validate(self)

    @property
    def forcings(self) -> tuple[str, ...]:
        """Distinct forcings in first-appearance order (members index into this)."""
        return tuple(dict.fromkeys(m.forcing for m in self.members))

    @property
    def n_years(self) -> int:
        return self.end_year - self.start_year + 1

    @property
    def n_chunks(self) -> int:
        return (self.spinup_years + self.n_years) // self.chunk_years

    def to_dict(self) -> dict:
        """The fields that determine the BOATS run (hashed into its checkpoint); the
        ``transport`` table only affects the summary, so changing it keeps a run resumable."""
        d = dataclasses.asdict(self)
        d.pop("transport")
        if not d["log10_bins"]:     # the default: runs begun before the option keep their hash
            d.pop("log10_bins")
        return d


def _check_int(name, v, lo=None, hi=None):
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{name}: expected an integer, got {v!r}")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise InputError(f"{name}: {v} outside the allowed range [{lo}, {hi}]")


def validate(spec: EnsembleSpec) -> None:
    """Raise :class:`InputError` naming the first bad field of ``spec``."""
    name = spec.name
    if not isinstance(name, str) or not name.strip() or name in (".", "..") or any(c in name for c in "/\\"):
        raise InputError(f"ensemble.name: {name!r} is also the default output folder runs/<name>; "
                         "give a plain name (no '/', '\\', '.' or '..')")
    if not spec.members:
        raise InputError("members: the ensemble has no member")
    for i, m in enumerate(spec.members):
        if m.param_set not in PUBLISHED_PARAM_SETS:
            raise InputError(f"members[{i}].param_set: unknown parameter set {m.param_set!r}; "
                             f"published sets: {list(PUBLISHED_PARAM_SETS)}")
        esm, _, ssp = str(m.forcing).partition(":")
        if esm not in ESMS or ssp not in SSPS:
            raise InputError(f"members[{i}].forcing: {m.forcing!r} is not '<ESM>:<SSP>' with ESM "
                             f"in {list(ESMS)} and SSP in {list(SSPS)}")
        if not isinstance(m.fishing, bool):
            raise InputError(f"members[{i}].fishing: expected true/false, got {m.fishing!r}")
    _check_int("ensemble.start_year", spec.start_year, 1850, 2300)
    _check_int("ensemble.end_year", spec.end_year, spec.start_year, 2300)
    _check_int("ensemble.spinup_years", spec.spinup_years, 0, 10000)
    _check_int("ensemble.effort_freeze_year", spec.effort_freeze_year, spec.start_year, 10000)
    _check_int("ensemble.coarsen", spec.coarsen, 1, 90)
    _check_int("ensemble.chunk_years", spec.chunk_years, 1, 1000)
    _check_int("ensemble.checkpoint_every", spec.checkpoint_every, 1, 100000)
    if spec.spinup_years % spec.chunk_years or spec.n_years % spec.chunk_years:   # no mixed chunk
        raise InputError(f"ensemble.chunk_years: {spec.chunk_years} does not divide both the spin-up "
                         f"and the run length ({spec.spinup_years} and {spec.n_years} years)")
    if spec.base not in BASES and not Path(spec.base).exists():
        raise InputError(f"ensemble.base: {spec.base!r} is neither one of {list(BASES)} nor a file")
    if spec.forcing not in ("synthetic", "isimip"):
        raise InputError(f"ensemble.forcing: {spec.forcing!r} is not 'synthetic' or 'isimip'")
    if spec.forcing == "isimip" and not Path(spec.isimip_dir or "/nonexistent").is_dir():
        raise InputError(f"ensemble.isimip_dir: {spec.isimip_dir!r} is not a directory")
    if spec.precision not in ("float32", "float64"):
        raise InputError(f"ensemble.precision: {spec.precision!r} is not 'float32' or 'float64'")
    if not isinstance(spec.log10_bins, bool):
        raise InputError(f"ensemble.log10_bins: expected true/false, got {spec.log10_bins!r}")
    validate_transport(spec.transport)


def validate_transport(tr: TransportSpec) -> None:
    """The OCIM file exists, is a complete MATLAB file (``io.matlab.check_complete``: element
    sizes against the file size, nothing large is read) holding ``output``; ``tr_units`` is
    one read_ocim knows."""
    if not isinstance(tr, TransportSpec):
        raise InputError(f"transport: expected a TransportSpec, got {type(tr).__name__}")
    if tr.circulation not in ("f100", "f100-only", "idealized"):
        raise InputError(f"transport.circulation: {tr.circulation!r} is not 'f100', 'f100-only' or 'idealized'")
    if tr.tr_units not in ("yr-1", "s-1"):
        raise InputError(f"transport.tr_units: {tr.tr_units!r} is not 'yr-1' or 's-1'")
    if not isinstance(tr.ocim, str):
        raise InputError(f"transport.ocim: expected a path string, got {tr.ocim!r}")
    if not tr.ocim:
        return
    path = Path(tr.ocim)
    if not path.is_file():
        raise InputError(f"transport.ocim: {tr.ocim!r} does not exist (or is not a file)")
    try:
        names = check_complete(path)      # header, element sizes: truncation caught before compute
    except InputError as err:
        raise InputError(f"transport.ocim: {err}") from None
    if "output" not in names:
        raise InputError(f"transport.ocim: {tr.ocim!r} holds no 'output' struct (OCIM layout: "
                         "output.TR, output.M3d, output.grid)")


def product(param_sets, forcings, fishing) -> tuple[Member, ...]:
    """Members = parameter sets x forcings x fishing scenarios; parameter sets vary fastest, so
    each (forcing, fishing) group is a contiguous block."""
    return tuple(Member(int(p), str(f), fi) for f, fi, p in itertools.product(forcings, fishing, param_sets))


_ENSEMBLE_KEYS = {f.name for f in dataclasses.fields(EnsembleSpec)} - {"members", "transport"}
_TRANSPORT_KEYS = {f.name for f in dataclasses.fields(TransportSpec)}


def from_dict(cfg: dict) -> EnsembleSpec:
    """Build a spec from the parsed TOML layout documented in the module docstring."""
    unknown = set(cfg) - {"ensemble", "members", "transport"}
    if unknown:
        raise InputError(f"config: unknown table(s) {sorted(unknown)}; expected [ensemble], [members], "
                         "[transport]")
    tr = dict(cfg.get("transport", {}))
    bad = set(tr) - _TRANSPORT_KEYS
    if bad:
        raise InputError(f"transport: unknown key(s) {sorted(bad)}; known: {sorted(_TRANSPORT_KEYS)}")
    ens = dict(cfg.get("ensemble", {}))
    bad = set(ens) - _ENSEMBLE_KEYS
    if bad:
        raise InputError(f"ensemble: unknown key(s) {sorted(bad)}; known: {sorted(_ENSEMBLE_KEYS)}")
    mem = cfg.get("members")
    if not mem:
        raise InputError("members: missing [members] table")
    if "list" in mem:
        if set(mem) != {"list"}:
            raise InputError("members: give either 'list' or param_sets/forcings/fishing, not both")
        members = []
        for i, m in enumerate(mem["list"]):
            missing = {"param_set", "forcing", "fishing"} - set(m)
            if missing:
                raise InputError(f"members.list[{i}]: missing key(s) {sorted(missing)}")
            members.append(Member(m["param_set"], m["forcing"], m["fishing"]))
        members = tuple(members)
    else:
        for key in ("param_sets", "forcings", "fishing"):
            if key not in mem:
                raise InputError(f"members.{key}: missing (or use [[members.list]])")
        members = product(mem["param_sets"], mem["forcings"], mem["fishing"])
    return EnsembleSpec(members=members, transport=TransportSpec(**tr), **ens)


def from_toml(path) -> EnsembleSpec:
    path = Path(path)
    if not path.exists():
        raise InputError(f"--config: {path} does not exist")
    try:
        cfg = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"--config {path}: not valid TOML ({err})") from err
    return from_dict(cfg)


def preset(name: str) -> EnsembleSpec:
    """``demo``: the seed's 20 members on the embedded forcing block-averaged to 10 degrees,
    1950-2100 after 50 spin-up years (~100 CPU-seconds; 3.5 min wall on a busy 2-core host).
    ``seed20``: the same 20 members at 1 degree on the CESM base (needs ../shared)."""
    members = {"param_sets": list(PUBLISHED_PARAM_SETS),
               "forcings": ["GFDL-ESM4:ssp585", "IPSL-CM6A-LR:ssp585"], "fishing": [True, False]}
    presets = {
        "demo": {"ensemble": {"name": "demo", "base": "demo", "coarsen": 2, "spinup_years": 50},
                 "members": members},
        "seed20": {"ensemble": {"name": "seed20", "base": "cesm", "spinup_years": 50,
                                "checkpoint_every": 10},
                   "members": members},
    }
    if name not in presets:
        raise InputError(f"--preset: unknown preset {name!r}; known: {sorted(presets)}")
    return from_dict(presets[name])
