"""Prompt variants for robustness testing: seeded automatic rewrites and model-written paraphrases."""

from tunecheck.paraphrase._generated import (
    DEFAULT_PARAPHRASE_INSTRUCTION,
    DEFAULT_PARAPHRASER_SYSTEM,
    clean_paraphrase,
    paraphrase_request,
)
from tunecheck.paraphrase._rewrites import (
    DEFAULT_INSTRUCTIONS,
    DEFAULT_REWRITES,
    RewriteName,
    rewrite,
    variants,
)

__all__ = [
    "DEFAULT_INSTRUCTIONS",
    "DEFAULT_PARAPHRASER_SYSTEM",
    "DEFAULT_PARAPHRASE_INSTRUCTION",
    "DEFAULT_REWRITES",
    "RewriteName",
    "clean_paraphrase",
    "paraphrase_request",
    "rewrite",
    "variants",
]
