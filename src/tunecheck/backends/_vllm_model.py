"""The folders vLLM loads: model and tokenizer files together, a merged LoRA as full weights.

vLLM reads a model directory (or hub id) holding both the weights and the tokenizer. A
GGUF file is dequantised once, as the ``hf`` backend does (the same converted weights and
tokenizer, so both engines read the same numbers), and saved as one folder; a LoRA adapter
to be merged is merged once into a copy of its base. Both are kept in tunecheck's cache
(``tunecheck.models.cache_root``), keyed by the content of what they were built from, the
dtype and the transformers version; with the cache off they are built in a temporary
directory that lives as long as the process.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from tunecheck.config import VLLMSpec
from tunecheck.models import ModelRef, built_folder, cache_root, file_digest, resolve_model_ref, tree_digest

SUPPORTED_LORA_RANKS = (1, 8, 16, 32, 64, 128, 256, 320, 512)  # vLLM's accepted max_lora_rank values


def engine_folder(spec: VLLMSpec, base_dir: Path) -> str:
    """What vLLM's ``model`` argument gets: a directory with weights and tokenizer, or a hub id."""
    ref = resolve_model_ref(spec.model, base_dir)
    gguf_file = spec.gguf_file or ref.gguf_file
    if gguf_file is None:
        return ref.location
    if ref.source == "hub":
        raise ValueError(f"model '{spec.model}': the vllm backend reads GGUF files from local disk only; give "
                         "the hub id of the unquantised model, or download the GGUF file and give its path")
    gguf = Path(ref.location) / gguf_file
    key = f"gguf-{file_digest(gguf)}-{_conversion_dtype(spec)}-{_transformers_version()}"
    return str(cached_folder(key, lambda folder: _save_converted(ref, gguf_file, spec, folder)))


def merged_folder(base: str, adapter: ModelRef, spec: VLLMSpec) -> str:
    """A copy of ``base`` with the LoRA ``adapter`` merged into its weights."""
    base_key = tree_digest(Path(base)) if Path(base).is_dir() else f"{base}@{spec.revision or 'main'}"
    digest = hashlib.sha256(f"{base_key}\0{tree_digest(Path(adapter.location))}".encode()).hexdigest()[:16]
    key = f"merged-{digest}-{_conversion_dtype(spec)}-{_transformers_version()}"
    return str(cached_folder(key, lambda folder: _save_merged(base, adapter, spec, folder)))


def lora_rank(adapter: Path, configured: int | None) -> int:
    """``max_lora_rank`` for an adapter: the configured one, else its ``r`` rounded up to a rank vLLM takes."""
    if configured is not None:
        return configured
    config_file = adapter / "adapter_config.json"
    try:
        rank = json.loads(config_file.read_text(encoding="utf-8")).get("r")
    except (OSError, ValueError, AttributeError) as exc:
        raise ValueError(f"adapter {adapter}: cannot read the LoRA rank 'r' from {config_file} ({exc})") from None
    if not isinstance(rank, int) or rank < 1:
        raise ValueError(f"adapter {adapter}: 'r' in {config_file} is {rank!r}, not a positive integer")
    fitting = [r for r in SUPPORTED_LORA_RANKS if r >= rank]
    if not fitting:
        raise ValueError(f"adapter {adapter}: rank {rank} is above vLLM's largest ({SUPPORTED_LORA_RANKS[-1]})")
    return fitting[0]


def cached_folder(key: str, build: Callable[[Path], None]) -> Path:
    """``<cache>/vllm/<key>``, built by ``build(folder)`` in a staging folder renamed into place."""
    root = cache_root()
    if root is None:
        folder = Path(tempfile.mkdtemp(prefix="tunecheck-vllm-"))
        atexit.register(shutil.rmtree, folder, True)
        build(folder)
        return folder
    return built_folder(root / "vllm" / key, build, ready=lambda target: (target / "config.json").is_file())


def _save_converted(ref: ModelRef, gguf_file: str, spec: VLLMSpec, folder: Path) -> None:
    from tunecheck.backends._hf_load import load_model, load_tokenizer

    model = load_model(ref, gguf_file, _torch_dtype(spec), trust_remote_code=spec.trust_remote_code)
    model.save_pretrained(folder)
    load_tokenizer(ref, gguf_file, trust_remote_code=spec.trust_remote_code).save_pretrained(folder)


def _save_merged(base: str, adapter: ModelRef, spec: VLLMSpec, folder: Path) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from tunecheck.backends._hf_load import _dtype_keyword

    kwargs: dict[str, object] = {"revision": spec.revision, "trust_remote_code": spec.trust_remote_code,
                                 _dtype_keyword(): _torch_dtype(spec)}
    model = AutoModelForCausalLM.from_pretrained(base, **kwargs)
    merged = PeftModel.from_pretrained(model, adapter.location, is_trainable=False).merge_and_unload()
    merged.save_pretrained(folder)
    AutoTokenizer.from_pretrained(base, revision=spec.revision,
                                  trust_remote_code=spec.trust_remote_code).save_pretrained(folder)


def _conversion_dtype(spec: VLLMSpec) -> str:
    """The dtype weights are saved in: the engine's, float32 for ``auto``."""
    return "float32" if spec.engine.dtype == "auto" else spec.engine.dtype


def _torch_dtype(spec: VLLMSpec) -> object:
    import torch

    return getattr(torch, _conversion_dtype(spec))


def _transformers_version() -> str:
    import transformers

    return f"transformers-{transformers.__version__}"
