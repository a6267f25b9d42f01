"""The reasoning suite: problems from the templates, in a fixed order for a given seed."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass

from tunecheck.suites.reasoning._problems import TEMPLATES

INSTRUCTION = "Work it out briefly, then give the final answer on its own last line as 'Answer: <number>'."


@dataclass(frozen=True)
class ReasoningItem:
    """One problem: its id, template (the category), question, prompt and exact answer."""

    id: str
    category: str
    question: str
    answer: float

    @property
    def prompt(self) -> str:
        return f"{self.question}\n{INSTRUCTION}"


def reasoning_items(n: int = 60, seed: int = 0) -> list[ReasoningItem]:
    """``n`` problems cycling through the templates; the same ``(n, seed)`` gives the same list,
    and a longer list starts with the shorter one."""
    rng = random.Random(seed)
    names = list(TEMPLATES)
    items = []
    for index in range(n):
        category = names[index % len(names)]
        question, answer = TEMPLATES[category](rng)
        items.append(ReasoningItem(id=f"reasoning/{seed}/{index:04d}", category=category, question=question,
                                   answer=answer))
    return items


def content_hash(items: list[ReasoningItem]) -> str:
    payload = json.dumps([[i.id, i.question, i.answer] for i in items])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
