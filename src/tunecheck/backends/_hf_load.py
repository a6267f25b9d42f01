"""Loading transformers tokenizers and models, GGUF files through a converted copy.

A local GGUF file is converted once (dequantised weights saved as a plain model, the
tokenizer saved as files; ``tunecheck.models.converted_copy``) and every later load reads
the copy: the same weights and tokenizer, loaded in seconds instead of ~20 s per model.
Hub GGUF files, and runs with the cache turned off, convert in memory as transformers
does. Nothing here imports torch at module import (the openai backend loads tokenizers
only).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tunecheck.models import ModelRef, converted_copy, discard_copy

log = logging.getLogger(__name__)


def load_tokenizer(ref: ModelRef, gguf_file: str | None = None, revision: str | None = None,
                   trust_remote_code: bool = False) -> Any:
    """The tokenizer of a model reference (a GGUF file's from its converted copy)."""
    from transformers import AutoTokenizer

    kwargs: dict[str, object] = {"revision": revision, "trust_remote_code": trust_remote_code}
    gguf = _local_gguf(ref, gguf_file)
    if gguf is not None:
        def build(directory: Path) -> None:
            AutoTokenizer.from_pretrained(ref.location, gguf_file=gguf.name, **kwargs).save_pretrained(directory)

        tokenizer = _from_copy(gguf, "tokenizer", build, AutoTokenizer.from_pretrained)
        if tokenizer is not None:
            return tokenizer
    if gguf_file is not None:
        kwargs["gguf_file"] = gguf_file
    return AutoTokenizer.from_pretrained(ref.location, **kwargs)


def load_model(ref: ModelRef, gguf_file: str | None, dtype: object, **kwargs: object) -> Any:
    """A causal LM from a reference; a local GGUF file's from its converted copy."""
    from transformers import AutoModelForCausalLM

    kwargs[_dtype_keyword()] = dtype
    gguf = _local_gguf(ref, gguf_file)
    if gguf is not None:
        def build(directory: Path) -> None:
            converted = AutoModelForCausalLM.from_pretrained(ref.location, gguf_file=gguf.name, **kwargs)
            plain_copy(converted, dtype).save_pretrained(directory)

        model = _from_copy(gguf, f"model-{str(dtype).removeprefix('torch.')}", build,
                           lambda copy: AutoModelForCausalLM.from_pretrained(copy, **kwargs))
        if model is not None:
            return model
    if gguf_file is not None:
        kwargs["gguf_file"] = gguf_file
    return AutoModelForCausalLM.from_pretrained(ref.location, **kwargs)


def plain_copy(model: Any, dtype: object) -> Any:
    """The same weights in a model transformers treats as unquantised (a GGUF-loaded model
    refuses ``save_pretrained`` and training while its config names GGUF quantisation)."""
    from transformers import AutoModelForCausalLM

    config = model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    plain = AutoModelForCausalLM.from_config(config, **{_dtype_keyword(): dtype})  # type: ignore[no-untyped-call]
    plain.load_state_dict(model.state_dict())
    plain.generation_config = model.generation_config
    return plain


def _dtype_keyword() -> str:
    """``dtype`` from transformers 4.56 on, ``torch_dtype`` before."""
    import transformers

    major, minor = (int(part) for part in transformers.__version__.split(".")[:2])
    return "dtype" if (major, minor) >= (4, 56) else "torch_dtype"


def _local_gguf(ref: ModelRef, gguf_file: str | None) -> Path | None:
    if gguf_file is None or ref.source == "hub":
        return None
    return Path(ref.location) / gguf_file


def _from_copy(gguf: Path, part: str, build: Callable[[Path], None], load: Callable[[Path], Any]) -> Any | None:
    """``load`` of the converted copy of ``part`` (built first if absent); ``None`` when the
    cache is off or the copy cannot be loaded (it is then removed: the next load rebuilds it)."""
    import transformers

    copy = converted_copy(gguf, part, f"transformers-{transformers.__version__}", build)
    if copy is None:
        return None
    try:
        return load(copy)
    except (OSError, ValueError) as error:
        log.warning("the converted copy %s could not be loaded (%s); converting the GGUF file again", copy, error)
        discard_copy(copy)
        return None
