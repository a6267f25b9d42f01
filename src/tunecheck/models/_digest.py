"""Content hashes of model files, read once per version of each file.

A model's identity is what its files hold, not where they are: the run store keys stored
answers by these hashes, so a file rewritten in place is a different model. Reading a
multi-GB model on every run would cost minutes, so a file's SHA-256 is kept, keyed by its
resolved path, size, inode, modification time and change time, in memory for the process
and on disk under the cache root (``digests/``). A later run stats the file instead of
reading it; a rewrite changes the change time even when a tool restores the modification
time, so it is hashed again. A file that changes while it is read is hashed again, and
a digest is only kept when the file's stat was the same before and after reading.

With ``TUNECHECK_CACHE_DIR=off`` digests are kept in memory only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from tunecheck.models._cache import cache_root

_CHUNK = 1 << 20
_ATTEMPTS = 3
# Files of a model or adapter directory that do not change its answers.
_NOT_MODEL = frozenset({"optimizer.pt", "scheduler.pt", "trainer_state.json", "training_args.bin"})
_NOT_MODEL_PREFIXES = ("rng_state", "events.out.tfevents")
_MEMORY: dict[str, str] = {}  # stat key -> digest, for this process


def sha256_file(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes, read at most once per version of the file."""
    resolved = path.resolve()
    for _ in range(_ATTEMPTS):
        key = _stat_key(resolved)
        found = _MEMORY.get(key) or _cached(key)
        if found is not None:
            return found
        digest = _hash(resolved)
        if _stat_key(resolved) == key:  # unchanged while it was read
            _keep(key, digest)
            return digest
    raise OSError(f"{resolved} kept changing while it was hashed; wait until it is written completely")


def file_digest(path: Path) -> str:
    """The first 16 hex digits of the file's SHA-256 (the converted-copy cache's key)."""
    return sha256_file(path)[:16]


def tree_digest(directory: Path) -> str:
    """The SHA-256 of a model or adapter directory: its top-level files' names and contents.

    ``from_pretrained`` reads only the top level (weights, config, tokenizer files, chat
    template); hidden files, Markdown and training state (optimizer, scheduler, RNG state)
    are left out, so a README edit or a resumed-training checkpoint is not a new model.
    """
    files = sorted(p for p in directory.iterdir() if p.is_file() and _answers_depend_on(p.name))
    if not files:
        raise FileNotFoundError(f"{directory} holds no model files")
    listing = "".join(f"{p.name}\0{sha256_file(p)}\n" for p in files)
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def _answers_depend_on(name: str) -> bool:
    if name.startswith(".") or name.lower().endswith(".md") or name in _NOT_MODEL:
        return False
    return not name.startswith(_NOT_MODEL_PREFIXES)


def _stat_key(path: Path) -> str:
    stat = path.stat()
    return f"{path}\0{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}"


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(key: str) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    return root / "digests" / hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _cached(key: str) -> str | None:
    entry = _entry(key)
    if entry is None:
        return None
    try:
        text = entry.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        return None
    _MEMORY[key] = text
    return text


def _keep(key: str, digest: str) -> None:
    _MEMORY[key] = digest
    entry = _entry(key)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".digest-", dir=entry.parent)
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(digest)
        os.replace(staging, entry)
    except OSError:  # a read-only cache costs a re-hash next run, never a wrong answer
        return
