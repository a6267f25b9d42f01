"""Text as the contamination search compares it: normalised tokens, n-gram shingles, exact keys.

Normalisation lowercases, keeps runs of letters and runs of digits as tokens and drops the
rest (punctuation, whitespace). For shingles every number becomes ``0``, so a ticket that
differs only in its order number has the same shingles; and n-grams never cross a sentence
boundary (a sentence ends at ``.!?;:`` or a line break), so shuffling the sentences of a
text leaves its shingles as they were. A sentence shorter than ``n`` tokens is one shingle
of its own.
"""

from __future__ import annotations

import hashlib
import re

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_MARKER = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{1,2}[.)]|\[[A-Za-z0-9]{1,2}\])\s+")


def tokens(text: str) -> list[str]:
    """Lowercased runs of letters and of digits, in order."""
    return _TOKEN.findall(text.casefold())


def sentences(text: str) -> list[list[str]]:
    """The text's sentences as token lists (empty sentences dropped). A list marker that opens
    a line or sentence (``A.``, ``b)``, ``(C)``, ``1.``, ``[d]``) is not part of it, so options
    match whether they are lettered or not."""
    out = []
    for sentence in _SENTENCE.split(text):
        found = tokens(_MARKER.sub("", sentence, count=1))
        if found:
            out.append(found)
    return out


def shingles(text: str, n: int) -> frozenset[str]:
    """Word n-grams within sentences, numbers as ``0``; a shorter sentence is one shingle."""
    out: set[str] = set()
    for sentence in sentences(text):
        words = ["0" if w.isdigit() else w for w in sentence]
        if len(words) <= n:
            out.add(" ".join(words))
            continue
        out.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return frozenset(out)


def exact_key(text: str) -> str | None:
    """A digest of the text's tokens: equal for texts that differ only in case, spacing and
    punctuation; ``None`` for a text without tokens."""
    found = tokens(text)
    if not found:
        return None
    return hashlib.blake2b(" ".join(found).encode("utf-8"), digest_size=16).hexdigest()


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
