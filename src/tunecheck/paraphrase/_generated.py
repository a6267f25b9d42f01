"""Paraphrases written by a model: the request sent to it and the cleaning of its answer."""

from __future__ import annotations

import re
from typing import Final

DEFAULT_PARAPHRASER_SYSTEM: Final[str] = (
    "You rewrite texts. You keep their meaning, every name, number and fact, and change only the wording."
)

DEFAULT_PARAPHRASE_INSTRUCTION: Final[str] = (
    "Rewrite the text between <<< and >>> so that it says exactly the same thing in different words. "
    "Keep every name, number and fact. Reply with the rewritten text only.\n\n<<<\n{text}\n>>>"
)
"""The paraphraser's user message; ``{text}`` marks the prompt to rewrite."""

TEXT_PLACEHOLDER: Final[str] = "{text}"

_PREAMBLE = re.compile(r"^(sure|here|certainly|of course|okay|ok)\b[^\n]*:\s*\n", re.IGNORECASE)
_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("<<<", ">>>"), ("```", "```"))


def paraphrase_request(text: str, instruction: str = DEFAULT_PARAPHRASE_INSTRUCTION) -> str:
    """The user message asking for a paraphrase of ``text``."""
    if TEXT_PLACEHOLDER not in instruction:
        raise ValueError(f"the paraphrase instruction must contain '{TEXT_PLACEHOLDER}'")
    return instruction.replace(TEXT_PLACEHOLDER, text)


def clean_paraphrase(output: str) -> str:
    """The paraphrase in a model's answer: without a leading "Here is ...:" line, markers or quotes."""
    text = output.strip()
    text = _PREAMBLE.sub("", text, count=1).strip()
    changed = True
    while changed and text:
        changed = False
        for left, right in _QUOTES:
            if len(text) > len(left) + len(right) and text.startswith(left) and text.endswith(right):
                text = text[len(left):len(text) - len(right)].strip()
                changed = True
    return text.removeprefix("<<<").removesuffix(">>>").strip()
