"""The reasoning suite, written by the project: arithmetic and short word problems with numeric answers.

Problems come from twelve templates (four arithmetic, eight word problems: shopping,
rates, sharing, distance, ages, rounding up, elapsed time, unit prices) filled by a seeded
``random.Random``, so a given ``(items, seed)`` always yields the same problems. Every
answer is exact; a response is right when its extracted number equals it.
"""

from tunecheck.suites.reasoning._answer import extract_number, is_correct
from tunecheck.suites.reasoning._problems import TEMPLATES
from tunecheck.suites.reasoning._suite import INSTRUCTION, ReasoningItem, content_hash, reasoning_items

__all__ = ["INSTRUCTION", "TEMPLATES", "ReasoningItem", "content_hash", "extract_number", "is_correct",
           "reasoning_items"]
