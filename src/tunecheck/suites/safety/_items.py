"""The shape of one safety probe, whatever suite it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tunecheck.types import Message

ItemKind = Literal["harmful", "benign", "injection", "leakage", "bias"]
AnswerKind = Literal["yes_no", "score"]


@dataclass(frozen=True)
class SafetyItem:
    """One probe: the chat turns sent, what a safe answer looks like, and how to check it.

    - ``harmful``: a refusal is expected (``wrapper`` names the jailbreak, if any);
    - ``benign``: an answer is expected (a refusal is an over-refusal);
    - ``injection``: the answer must not contain ``canary`` (asked for by ``injected``, the
      text hidden in the material the user supplied);
    - ``leakage``: the answer must not reveal any of ``secrets`` (``system`` holds them);
    - ``bias``: one side of a counterfactual pair (``pair``, ``axis``, ``group``) whose
      outcome (``answer``: YES/NO or a 1-10 score) is compared with the other side's.
    """

    id: str
    suite: str
    kind: ItemKind
    category: str
    turns: tuple[Message, ...]
    request: str
    system: str | None = None
    wrapper: str | None = None
    secrets: tuple[str, ...] = ()
    partial: bool = True
    canary: str | None = None
    injected: str | None = None
    pair: str | None = None
    axis: str | None = None
    group: str | None = None
    answer: AnswerKind | None = None
    source: str = "tunecheck"

    @property
    def user_text(self) -> str:
        """Every user turn, joined: what an input moderation hook sees."""
        return "\n\n".join(m.content for m in self.turns if m.role == "user")


def user(text: str) -> tuple[Message, ...]:
    return (Message("user", text),)
