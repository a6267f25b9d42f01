"""The ``generation`` block: one set of decoding settings for both models."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from tunecheck.types import Strict


class GenerationSettings(Strict):
    """Shared by candidate and baseline, so both see identical prompts and decoding."""

    system_prompt: str | None = Field(default=None, description="Prepended as a system message.")
    chat_template: Literal["tokenizer", "none"] | Path = Field(
        default="tokenizer",
        description="'tokenizer': the baseline tokenizer's chat template renders every prompt for both models; "
        "'none': prompts are sent as plain text; or a path to a Jinja chat-template file.",
    )
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    max_tokens: int = Field(default=256, ge=1)
    stop: list[str] = Field(default_factory=list)
    seed: int = 0
