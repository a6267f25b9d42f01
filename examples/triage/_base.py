"""Load the packaged SmolLM2-135M-Instruct GGUF as a plain, trainable transformers model."""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from tunecheck.backends import plain_copy


def load_base(gguf_path: Path) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """The base model and its tokenizer, dequantised to float32.

    transformers refuses to train a model loaded with ``gguf_file=`` (it is marked as
    quantised), so the weights are copied into a model built from the same config without
    ``quantization_config``; the copy computes the same logits and can be saved or trained.
    """
    folder, name = str(gguf_path.parent), gguf_path.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    model: PreTrainedModel = plain_copy(loaded, torch.float32)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer
