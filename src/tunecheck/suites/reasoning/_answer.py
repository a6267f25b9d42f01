"""Reading the numeric answer out of a worked solution.

The last ``Answer: <number>`` (also "answer is", "= " at the very end) wins; without
one, the last number in the text. Thousands separators (``1,234``), a leading ``$`` and
a trailing ``%`` are accepted. Nothing found scores as wrong.
"""

from __future__ import annotations

import math
import re

_NUMBER = r"-?\$?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_STATED = re.compile(rf"answer\s*(?:is|:|=)?\s*:?\s*\**\s*({_NUMBER})", re.IGNORECASE)
_ANY = re.compile(_NUMBER)


def extract_number(text: str) -> float | None:
    """The answer's number, or ``None`` when the text has none."""
    stated = _STATED.findall(text)
    found = stated[-1] if stated else (_ANY.findall(text) or [None])[-1]
    if found is None:
        return None
    cleaned = found.replace("$", "").replace(",", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def is_correct(text: str, answer: float) -> bool:
    """Whether the extracted number equals ``answer`` (to 1e-6, relative)."""
    value = extract_number(text)
    return value is not None and math.isclose(value, answer, rel_tol=1e-6, abs_tol=1e-9)
