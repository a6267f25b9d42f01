"""What a model reference in a config points to: a packaged model, a local path, or a hub id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tunecheck.models._packaged import PACKAGED_PREFIX, packaged_model, packaged_model_path

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")


@dataclass(frozen=True)
class ModelRef:
    """A resolved model reference.

    ``location`` is what ``from_pretrained`` takes (a directory or a hub id);
    ``gguf_file`` is set when the weights are one GGUF file inside that directory.
    """

    ref: str
    source: Literal["packaged", "local", "hub"]
    location: str
    gguf_file: str | None = None

    @property
    def file(self) -> Path | None:
        """The GGUF file on disk, when there is one."""
        if self.gguf_file is None or self.source == "hub":
            return None
        return Path(self.location) / self.gguf_file


def resolve_model_ref(ref: str, base_dir: Path) -> ModelRef:
    """Resolve ``packaged:<name>``, a local path (relative to ``base_dir``) or a hub id.

    A path that does not exist and cannot be a hub id raises ``FileNotFoundError``.
    """
    if ref.startswith(PACKAGED_PREFIX):
        path = packaged_model_path(ref)
        if packaged_model(ref).layout == "gguf":
            return ModelRef(ref, "packaged", str(path.parent), path.name)
        return ModelRef(ref, "packaged", str(path))
    path = Path(ref).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    if path.exists():
        path = path.resolve()
        if path.is_file():
            if path.suffix.lower() != ".gguf":
                raise FileNotFoundError(f"model '{ref}' is a file but not a .gguf file; give its directory")
            return ModelRef(ref, "local", str(path.parent), path.name)
        return ModelRef(ref, "local", str(path))
    if _HUB_ID.match(ref) and not ref.lower().endswith(".gguf"):
        return ModelRef(ref, "hub", ref)
    raise FileNotFoundError(
        f"model '{ref}' not found: no such path (relative paths are read from {base_dir}) "
        "and it is not a hub id ('org/name')"
    )


def resolve_gguf_file(ref: str, base_dir: Path) -> Path:
    """The GGUF file a reference names (llama.cpp reads local files only)."""
    resolved = resolve_model_ref(ref, base_dir)
    if resolved.file is None:
        where = "a hub id" if resolved.source == "hub" else f"the directory {resolved.location}"
        raise FileNotFoundError(
            f"model '{ref}' is {where}; llama.cpp needs a local .gguf file (or 'packaged:<name>')"
        )
    return resolved.file
