"""ROUGE-1, ROUGE-2 and ROUGE-L F-measures from Google's ``rouge-score`` package."""

from __future__ import annotations

from typing import Literal

from tunecheck.metrics._base import MeanMetric, Reference, reference_list

RougeType = Literal["rouge1", "rouge2", "rougeL"]


def rouge(rouge_type: RougeType, *, use_stemmer: bool = False) -> MeanMetric:
    """Mean over samples of the ROUGE F-measure (``rouge_score.rouge_scorer``).

    With several references, each sample takes the best F-measure (``score_multi``).
    ``rouge-score``'s default tokenizer lowercases and keeps only ``[a-z0-9]`` tokens, so
    text without Latin letters or digits scores 0.
    """
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer([rouge_type], use_stemmer=use_stemmer)

    def score(prediction: str, reference: Reference) -> float:
        refs = list(reference_list(reference))
        result = scorer.score_multi(refs, prediction)[rouge_type]
        return float(result.fmeasure)

    return MeanMetric(name=rouge_type, scorer=score)


def rouge1(*, use_stemmer: bool = False) -> MeanMetric:
    """ROUGE-1 (unigram overlap) F-measure, mean over samples."""
    return rouge("rouge1", use_stemmer=use_stemmer)


def rouge2(*, use_stemmer: bool = False) -> MeanMetric:
    """ROUGE-2 (bigram overlap) F-measure, mean over samples."""
    return rouge("rouge2", use_stemmer=use_stemmer)


def rouge_l(*, use_stemmer: bool = False) -> MeanMetric:
    """ROUGE-L (longest common subsequence) F-measure, mean over samples."""
    return rouge("rougeL", use_stemmer=use_stemmer)
