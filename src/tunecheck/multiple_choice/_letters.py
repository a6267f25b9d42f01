"""Reading the chosen option out of a generated answer (the generative fallback).

Tried in order; the first rule that finds a letter among the item's options wins:

1. an explicit statement: "answer is C", "Answer: (C)", "correct option is **C**" (capital letters only);
2. the answer opens with the letter: "C", "C.", "(C)", "C) ..." (a lone "A" followed by a
   word is read as the article, not an option);
3. a letter in parentheses anywhere: "(C)";
4. exactly one option's text appears in the answer (case-insensitive).

Nothing found scores as wrong: the model did not answer the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tunecheck.multiple_choice._item import LETTERS

_STATED = re.compile(r"(?i:answer|option|choice)\s*(?i:is|would be|:)?\s*:?\s*[(*]{0,2}([A-J])\b")
_OPENING = re.compile(r"^\W{0,3}([A-J])(?:\s*[).:\]*]|\s*$|\s+-)")
_PARENS = re.compile(r"\(([A-J])\)")


def extract_letter(text: str, options: Sequence[str]) -> int | None:
    """Index of the option the answer chose, or ``None``."""
    letters = LETTERS[:len(options)]
    for pattern in (_STATED, _OPENING, _PARENS):
        for match in pattern.finditer(text.strip()):
            if match.group(1) in letters:
                return letters.index(match.group(1))
    return _option_text(text, options)


def _option_text(text: str, options: Sequence[str]) -> int | None:
    lowered = " ".join(text.lower().split())
    found = [i for i, option in enumerate(options)
             if (o := " ".join(option.lower().split())) and len(o) > 1 and o in lowered]
    return found[0] if len(found) == 1 else None
