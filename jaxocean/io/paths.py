"""Where the optional real data live.

The project never ships or downloads the observations. They are looked up, in order, in
``$JAXOCEAN_SHARED`` and in ``../shared`` beside the source checkout (the layout used in
development and CI). ``None`` means absent: tests skip, experiments fall back to the
embedded synthetic defaults and say so.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """The shared data/reference folder, or ``None`` when it is not there."""
    env = os.environ.get("JAXOCEAN_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(_REPO_ROOT.parent / "shared")
    for c in candidates:
        if (c / "data").is_dir() or (c / "reference").is_dir():
            return c
    return None


def shared_path(*parts: str) -> Path | None:
    """``shared_dir()/parts...`` if it exists, else ``None``."""
    root = shared_dir()
    if root is None:
        return None
    p = root.joinpath(*parts)
    return p if p.exists() else None
