"""Detectors over model outputs: refusals, abstentions, leaks, jailbreak wrappers, instruction checks.

Refusals are read by one instrument everywhere: ``refusal_classifier()`` (sure phrase
rules, then a learned head over the packaged sentence embedder). ``detect_refusal`` is
the phrase-list detector it builds on, kept for installs without an embedder.
"""

from tunecheck.detectors._abstention import (
    ABSTENTION_PHRASES,
    CORRECTION_PHRASES,
    AbstentionKind,
    AbstentionMatch,
    detect_abstention,
    is_abstention,
)
from tunecheck.detectors._instructions import INSTRUCTION_KINDS, FollowResult, Instruction, follows, parse_instruction
from tunecheck.detectors._jailbreak import leetspeak, readable_forms, wrap
from tunecheck.detectors._leak import PII_PATTERNS, LeakMatch, PiiMatch, alnum, detect_leaks, find_pii
from tunecheck.detectors._refusal import REFUSAL_PATTERNS, REFUSAL_PHRASES, RefusalMatch, detect_refusal, is_refusal
from tunecheck.detectors._refusal_classifier import (
    RefusalClassifier,
    RefusalHead,
    RefusalVerdict,
    classify_refusal,
    phrase_verdict,
    refusal_classifier,
)

__all__ = [
    "ABSTENTION_PHRASES",
    "CORRECTION_PHRASES",
    "INSTRUCTION_KINDS",
    "PII_PATTERNS",
    "REFUSAL_PATTERNS",
    "REFUSAL_PHRASES",
    "AbstentionKind",
    "AbstentionMatch",
    "FollowResult",
    "Instruction",
    "LeakMatch",
    "PiiMatch",
    "RefusalClassifier",
    "RefusalHead",
    "RefusalMatch",
    "RefusalVerdict",
    "alnum",
    "classify_refusal",
    "detect_abstention",
    "detect_leaks",
    "detect_refusal",
    "find_pii",
    "follows",
    "is_abstention",
    "is_refusal",
    "leetspeak",
    "parse_instruction",
    "phrase_verdict",
    "readable_forms",
    "refusal_classifier",
    "wrap",
]
