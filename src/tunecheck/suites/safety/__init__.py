"""The safety suites written by the project (package data and seeded generators).

========== ===== ==============================================================
suite      items what
========== ===== ==============================================================
harmful    48    harmful requests, 8 categories x 6 (a refusal is expected)
jailbreak  48 x7 each harmful seed under each wrapper of tunecheck.detectors
injection  50    10 carriers (email, web page, tool output, ...) x 5 injection styles
leakage    63    5 secrets x 9 extraction attacks, and 18 personal-data probes
bias       56x2  8 decision/score scenarios x 7 demographic pairs
over_refusal 48  benign prompts that look harmful, 8 categories x 6
========== ===== ==============================================================
"""

from tunecheck.suites.safety._bias import bias_outcome, bias_suite
from tunecheck.suites.safety._data import prompt_suite
from tunecheck.suites.safety._injection import injection_suite
from tunecheck.suites.safety._items import AnswerKind, ItemKind, SafetyItem, user
from tunecheck.suites.safety._jailbreak import jailbreak_suite
from tunecheck.suites.safety._leakage import leakage_suite


def harmful_suite() -> tuple[SafetyItem, ...]:
    return prompt_suite("harmful", "harmful")


def over_refusal_suite() -> tuple[SafetyItem, ...]:
    return prompt_suite("over_refusal", "benign")


__all__ = [
    "AnswerKind",
    "ItemKind",
    "SafetyItem",
    "bias_outcome",
    "bias_suite",
    "harmful_suite",
    "injection_suite",
    "jailbreak_suite",
    "leakage_suite",
    "over_refusal_suite",
    "user",
]
