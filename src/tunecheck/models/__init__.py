"""Model references: packaged models shipped in PyPI packages, local paths and hub ids."""

from tunecheck.models._packaged import (
    PACKAGED_MODELS,
    PackagedModel,
    packaged_gguf,
    packaged_model,
    packaged_model_path,
)
from tunecheck.models._resolve import ModelRef, resolve_gguf_file, resolve_model_ref

__all__ = [
    "PACKAGED_MODELS",
    "ModelRef",
    "PackagedModel",
    "packaged_gguf",
    "packaged_model",
    "packaged_model_path",
    "resolve_gguf_file",
    "resolve_model_ref",
]
