"""Converted copies of GGUF models, kept on disk so a run loads them in seconds.

transformers dequantises a GGUF file and rebuilds its tokenizer on every load: about
20 seconds for SmolLM2-135M on two CPU cores, paid by each model of a run. The result is
the same every time, so the first load saves it (a plain ``save_pretrained`` copy: float
weights, the tokenizer files) and later loads read that copy. A copy is keyed by the
GGUF file's content hash, the transformers version and what was converted, so a changed
file or library never reuses a stale one. Copies are written to a temporary directory and
renamed into place, so a killed run or two runs at once never leave half a copy (a killed
build's staging directory is removed by a later build after an hour).

The cache lives in ``$TUNECHECK_CACHE_DIR`` (default ``~/.cache/tunecheck``, under
``$XDG_CACHE_HOME`` when set); ``TUNECHECK_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tunecheck.models._cache import cache_root
from tunecheck.models._digest import file_digest

_ABANDONED_AFTER_S = 3600.0


def converted_copy(gguf: Path, part: str, version: str, build: Callable[[Path], None]) -> Path | None:
    """The directory holding ``part`` of ``gguf``'s conversion, built by ``build(directory)``
    the first time; ``None`` when the cache is off (the caller then converts in memory).

    ``version`` names what the conversion depends on besides the file (the transformers
    version, a dtype); ``part`` names what is converted (``tokenizer``, ``model-float32``).
    """
    root = cache_root()
    if root is None:
        return None
    target = root / "gguf" / f"{file_digest(gguf)}-{_safe(version)}" / _safe(part)
    return built_folder(target, build, ready=Path.is_dir)


def built_folder(target: Path, build: Callable[[Path], None], *, ready: Callable[[Path], bool]) -> Path:
    """``target``, built by ``build(folder)`` in a staging folder renamed into place unless ``ready(target)``.

    A killed build leaves no half folder (its staging folder is removed by a later build after
    an hour); two builds at once both succeed, the first rename wins.
    """
    if ready(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        build(staging)
        try:
            staging.rename(target)
        except OSError:
            if not ready(target):  # not another process winning the race: a real failure
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def discard_copy(copy: Path) -> None:
    """Remove a converted copy that failed to load; the next load converts again."""
    shutil.rmtree(copy, ignore_errors=True)


def _remove_abandoned(target: Path) -> None:
    """Staging directories of builds killed mid-way (older than an hour) are removed."""
    cutoff = time.time() - _ABANDONED_AFTER_S
    for staging in target.parent.glob(f".{target.name}-*"):
        try:
            if staging.stat().st_mtime < cutoff:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError:
            continue


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in text)
