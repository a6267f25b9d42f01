"""Abstention detection by documented phrase lists: "I don't know" and premise corrections.

An answer *abstains* when, within its opening (``window`` characters, after folding
whitespace, case and curly apostrophes), it contains a phrase of one of two lists,
matched as whole words:

- ``ABSTENTION_PHRASES``: the model says it does not know, cannot tell, or that the
  information is not available ("I don't know", "not mentioned in the context",
  "there is no information");
- ``CORRECTION_PHRASES``: the model rejects the question's premise ("does not exist",
  "there is no such", "is a common misconception", "never landed").

An empty answer also counts as an abstention (it states nothing false). Phrases deeper
in a long answer do not count: a confident answer often ends with "but I'm not sure".
Abstention phrases are checked first, so an answer that both abstains and corrects is
reported as an abstention.

Known failure modes, by design of a phrase list: an abstention worded in an unlisted
way is missed (add the deployment's own wording through ``extra`` phrases); a
confident answer that opens with a listed phrase ("There is no fee: returns are
free") counts as an abstention — the hallucination check therefore tests the
reference first and only asks this detector about answers that do not contain it.
A judge model is the higher-fidelity alternative.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

AbstentionKind = Literal["abstention", "correction", "empty"]

ABSTENTION_PHRASES: tuple[str, ...] = (
    "i don't know", "i do not know", "i dont know", "i don't have", "i do not have", "i'm not sure",
    "i am not sure", "not sure", "i'm not certain", "i am not certain", "i cannot answer", "i can't answer",
    "i can not answer", "unable to answer", "cannot be answered", "can't be answered", "i cannot provide",
    "i can't provide", "i cannot determine", "i can't determine", "cannot be determined", "can't be determined",
    "impossible to determine", "i'm unable to", "i am unable to", "i have no information", "no information",
    "not enough information", "insufficient information", "does not mention", "doesn't mention",
    "not mentioned", "does not say", "doesn't say", "does not state", "doesn't state", "not stated",
    "does not specify", "doesn't specify", "not specified", "does not provide", "doesn't provide",
    "not provided", "does not contain", "doesn't contain", "does not include", "doesn't include",
    "not included in the context", "not in the context", "the context does not", "the context doesn't",
    "the text does not", "the text doesn't", "i couldn't find", "i could not find", "i can't find",
    "i cannot find", "no record of", "no records of", "i'm not aware", "i am not aware", "not aware of any",
    "i have no knowledge", "i don't have any information", "unknown", "no reliable information",
    "i'm not familiar", "i am not familiar", "not familiar with", "i can't say", "i cannot say",
    "hard to say", "no way to know", "i can't verify", "i cannot verify", "unable to verify",
)

CORRECTION_PHRASES: tuple[str, ...] = (
    "does not exist", "doesn't exist", "did not exist", "didn't exist", "do not exist", "don't exist",
    "never existed", "no such", "there is no", "there was no", "there are no", "there were no",
    "not a real", "isn't a real", "is not a real", "not real", "fictional", "fictitious", "made up",
    "made-up", "imaginary", "hypothetical", "false premise", "incorrect premise", "the premise",
    "based on a misconception", "a common misconception", "is a misconception", "is a myth", "a common myth",
    "that is not correct", "that's not correct", "that is incorrect", "that's incorrect", "is not true",
    "isn't true", "not accurate", "is inaccurate", "never happened", "did not happen", "didn't happen",
    "has never", "have never", "had never", "never been", "never landed", "never won", "never visited",
    "never wrote", "never received", "never had", "actually,", "in fact,", "contrary to",
    "i think you may be", "you may be thinking of", "you might be thinking of", "i believe you are thinking",
    "no one has ever", "nobody has ever",
)

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class AbstentionMatch:
    """Whether an answer abstained, how, and the phrase that showed it."""

    abstained: bool
    kind: AbstentionKind | None = None
    phrase: str | None = None


def fold(text: str) -> str:
    """Lowercase, straight apostrophes, single spaces: the form phrases are matched in."""
    return re.sub(r"\s+", " ", text.translate(_FOLD).strip().lower())


@lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of whole-word phrases, longest first (so the longest phrase is reported)."""
    ordered = sorted({fold(p) for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered) or r"(?!)"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def detect_abstention(output: str, *, window: int = 300, extra: Sequence[str] = (),
                      abstention_phrases: Sequence[str] = ABSTENTION_PHRASES,
                      correction_phrases: Sequence[str] = CORRECTION_PHRASES) -> AbstentionMatch:
    """Whether ``output`` abstains or corrects a false premise within its first ``window`` characters.

    ``extra`` phrases count as abstentions (for example the deployment's own fallback
    sentence, "Please contact our support team").
    """
    head = fold(output)[:window]
    if not head:
        return AbstentionMatch(True, "empty", "")
    found = _pattern((*abstention_phrases, *extra)).search(head)
    if found is not None:
        return AbstentionMatch(True, "abstention", found.group(0))
    found = _pattern(tuple(correction_phrases)).search(head)
    if found is not None:
        return AbstentionMatch(True, "correction", found.group(0))
    return AbstentionMatch(False)


def is_abstention(output: str) -> bool:
    return detect_abstention(output).abstained
