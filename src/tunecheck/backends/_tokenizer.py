"""What the local engines (``hf``, ``vllm``) do with a Hugging Face tokenizer, written once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tunecheck.errors import CapabilityError
from tunecheck.types import Message


def render_chat(tokenizer: Any, messages: Sequence[Message], model: str) -> str:
    """The messages through the tokenizer's chat template, ready for the assistant's turn."""
    if not getattr(tokenizer, "chat_template", None):
        raise CapabilityError(
            f"the tokenizer of '{model}' has no chat template: set generation.chat_template "
            "to a Jinja template file, or to 'none' to send prompts as plain text")
    rendered = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in messages], add_generation_prompt=True, tokenize=False)
    return str(rendered)


def encode_prompt(tokenizer: Any, text: str) -> list[int]:
    """Token ids of a prompt; special tokens are added only when the text lacks the BOS text."""
    bos = tokenizer.bos_token
    if bos and text.startswith(bos):
        return list(tokenizer.encode(text, add_special_tokens=False))
    return list(tokenizer.encode(text))
