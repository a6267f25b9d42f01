"""Model references: packaged models shipped in PyPI packages, local paths and hub ids."""

from tunecheck.models._cache import CACHE_ENV, cache_root
from tunecheck.models._converted import built_folder, converted_copy, discard_copy
from tunecheck.models._digest import file_digest, sha256_file, tree_digest
from tunecheck.models._gguf_header import GGUFValue, gguf_value
from tunecheck.models._hub import hub_commit
from tunecheck.models._packaged import (
    PACKAGED_MODELS,
    PackagedModel,
    packaged_gguf,
    packaged_model,
    packaged_model_path,
)
from tunecheck.models._resolve import ModelRef, resolve_gguf_file, resolve_model_ref

__all__ = [
    "CACHE_ENV",
    "PACKAGED_MODELS",
    "GGUFValue",
    "ModelRef",
    "PackagedModel",
    "built_folder",
    "cache_root",
    "converted_copy",
    "discard_copy",
    "file_digest",
    "gguf_value",
    "hub_commit",
    "packaged_gguf",
    "packaged_model",
    "packaged_model_path",
    "resolve_gguf_file",
    "resolve_model_ref",
    "sha256_file",
    "tree_digest",
]
