"""Exact match and token F1 with SQuAD-style answer normalisation."""

from __future__ import annotations

import re
import string
from collections import Counter

from tunecheck.metrics._base import MeanMetric, Reference, reference_list

_ARTICLES = re.compile(r"\b(a|an|the)\b", flags=re.UNICODE)
_PUNCTUATION = frozenset(string.punctuation)


def normalize_answer(text: str) -> str:
    """SQuAD answer normalisation, applied in this order.

    1. lowercase;
    2. remove ASCII punctuation (``string.punctuation``);
    3. remove the articles ``a``, ``an``, ``the`` (whole words);
    4. collapse runs of whitespace to one space and strip both ends.

    >>> normalize_answer("  The Eiffel-Tower!  ")
    'eiffeltower'
    """
    lowered = text.lower()
    no_punct = "".join(ch for ch in lowered if ch not in _PUNCTUATION)
    no_articles = _ARTICLES.sub(" ", no_punct)
    return " ".join(no_articles.split())


def exact_match_score(prediction: str, reference: Reference) -> float:
    """1.0 when the normalised prediction equals any normalised reference, else 0.0.

    Normalisation is :func:`normalize_answer` (lowercase, strip punctuation and articles,
    collapse whitespace), as in the SQuAD evaluation script.
    """
    pred = normalize_answer(prediction)
    return float(any(pred == normalize_answer(ref) for ref in reference_list(reference)))


def token_f1_score(prediction: str, reference: Reference) -> float:
    """SQuAD token F1: best over references of the F1 between normalised token bags.

    Tokens are the whitespace-split words of :func:`normalize_answer`. Overlap counts
    repeated tokens at most as often as they occur in both (bag intersection). When the
    prediction or the reference has no tokens, the score is 1.0 if both are empty, else 0.0.
    """
    pred_tokens = normalize_answer(prediction).split()
    return max(_token_f1(pred_tokens, normalize_answer(ref).split()) for ref in reference_list(reference))


def _token_f1(pred_tokens: list[str], ref_tokens: list[str]) -> float:
    if not pred_tokens or not ref_tokens:
        return float(pred_tokens == ref_tokens)
    overlap = sum((Counter(pred_tokens) & Counter(ref_tokens)).values())
    if overlap == 0:
        return 0.0
    precision = overlap / len(pred_tokens)
    recall = overlap / len(ref_tokens)
    return 2 * precision * recall / (precision + recall)


def exact_match() -> MeanMetric:
    """Exact match after SQuAD normalisation (binary; mean over samples)."""
    return MeanMetric(name="exact_match", scorer=exact_match_score, binary=True)


def token_f1() -> MeanMetric:
    """SQuAD token F1 (mean over samples of the best F1 against the references)."""
    return MeanMetric(name="token_f1", scorer=token_f1_score)
