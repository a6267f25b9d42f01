"""Where tunecheck keeps what it can rebuild: converted GGUF copies and file digests.

``$TUNECHECK_CACHE_DIR`` (default ``~/.cache/tunecheck``, under ``$XDG_CACHE_HOME`` when
set); ``TUNECHECK_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "TUNECHECK_CACHE_DIR"


def cache_root() -> Path | None:
    """Where the cache lives, or ``None`` when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tunecheck"
