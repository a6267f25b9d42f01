"""What each part of the check contributes, and helpers the parts share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tunecheck.checks import Comparison
from tunecheck.config import GateSpec
from tunecheck.errors import StoreMissError
from tunecheck.report import Section
from tunecheck.session import Generation, Message, PromptItem, Session

Scalar = float | int | str | bool | None
Prompt = str | tuple[Message, ...]


@dataclass
class Part:
    """Measurements, default gates, report sections and counts of one part of the check."""

    comparisons: list[Comparison] = field(default_factory=list)
    gates: list[GateSpec] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    card: dict[str, Scalar] = field(default_factory=dict)
    n_samples: int = 0
    n_errors: int = 0


def generate_both(session: Session, check_id: str, items: Sequence[PromptItem],
                  max_tokens: int | None = None) -> tuple[list[Generation], list[Generation]]:
    """One output per item from the candidate and the baseline (the run's generation
    settings, answers cut at ``max_tokens`` when given)."""
    params = session.params() if max_tokens is None else session.params(max_tokens=max_tokens)
    outputs = session.generate(check_id, items, params=params)
    return [g[0] for g in outputs["candidate"]], [g[0] for g in outputs["baseline"]]


def rendered_texts(session: Session, check_id: str, name: str, items: Sequence[PromptItem]) -> list[str]:
    """The prompts as the models receive them. Kept in the run store, so that re-scoring
    without models (where the tokenizer's chat template is not at hand) sees the same text."""
    stored = session.memo(check_id, f"rendered.{name}", lambda: {item.id: session.render(item) for item in items},
                          reuse=False, missing=f"the rendered {name} prompts")
    if not isinstance(stored, dict) or any(item.id not in stored for item in items):
        raise StoreMissError(f"{check_id}: the rendered {name} prompts are not in the run store; run it again")
    return [str(stored[item.id]) for item in items]


def user_text(prompt: Prompt) -> str:
    """The text of the (last) user message of a prompt."""
    if isinstance(prompt, str):
        return prompt
    users = [m for m in prompt if m.role == "user"]
    if not users:
        raise ValueError("the prompt template has no user message to vary; add one")
    return users[-1].content


def with_user_text(prompt: Prompt, text: str) -> Prompt:
    """The prompt with its (last) user message replaced by ``text``."""
    if isinstance(prompt, str):
        return text
    last = max(i for i, m in enumerate(prompt) if m.role == "user")
    return tuple(Message("user", text) if i == last else m for i, m in enumerate(prompt))
