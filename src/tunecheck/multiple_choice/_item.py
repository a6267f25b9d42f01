"""A multiple-choice item as lm-evaluation-harness scores it.

``context`` is the whole scored prompt (description, few-shot examples and the
question, as lm-eval's ``fewshot_context`` builds it); each choice is scored as the
continuation ``" " + choice`` (lm-eval's default ``target_delimiter``). ``options`` are
the human-readable answer texts, used in reports and by the generative fallback,
whose prompt is ``prompt``.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_DELIMITER = " "
LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class MCItem:
    """One question: what is scored, what is shown, and where it came from."""

    id: str
    group: str
    context: str
    choices: tuple[str, ...]
    gold: int
    question: str
    options: tuple[str, ...]
    prompt: str
    source: str
    line: int

    def continuations(self) -> tuple[str, ...]:
        """The scored continuations, one per choice."""
        return tuple(TARGET_DELIMITER + choice for choice in self.choices)

    def option_text(self, index: int | None) -> str:
        """``"B. text"`` for an option index; ``"(no answer)"`` for ``None``."""
        if index is None:
            return "(no answer)"
        return f"{LETTERS[index]}. {self.options[index]}"
