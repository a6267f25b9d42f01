from __future__ import annotations

import numpy as np
import pytest
from rouge_score import rouge_scorer

from tunecheck.metrics import get_metric

PREDS = [
    "the cat was found under the bed",
    "police killed the gunman",
    "",
    "The quick brown fox jumps over the lazy dog",
]
REFS = [
    "the cat was under the bed",
    "the gunman was shot dead by police",
    "an empty prediction",
    "A quick brown dog jumps on the log.",
]


@pytest.mark.parametrize("name", ["rouge1", "rouge2", "rougeL"])
def test_mean_f_measure_equals_rouge_score(name: str) -> None:
    scorer = rouge_scorer.RougeScorer([name])
    expected = [scorer.score(r, p)[name].fmeasure for p, r in zip(PREDS, REFS, strict=True)]
    metric = get_metric(name)
    np.testing.assert_allclose(metric.per_sample(PREDS, REFS), expected)
    assert metric.compute(PREDS, REFS) == pytest.approx(float(np.mean(expected)))
    assert metric.statistics(PREDS, REFS).shape == (len(PREDS), 2)


def test_several_references_take_the_best() -> None:
    metric = get_metric("rouge1")
    single = metric.per_sample(["police killed the gunman"], ["a totally unrelated text"])
    best = metric.per_sample(
        ["police killed the gunman"], [["a totally unrelated text", "police killed him"]]
    )
    assert single[0] == 0.0
    assert best[0] == pytest.approx(
        rouge_scorer.RougeScorer(["rouge1"])
        .score("police killed him", "police killed the gunman")["rouge1"]
        .fmeasure
    )


def test_stemmer_option() -> None:
    plain = get_metric("rouge1").compute(["running dogs"], ["run dog"])
    stemmed = get_metric("rouge1", use_stemmer=True).compute(["running dogs"], ["run dog"])
    assert plain == 0.0
    assert stemmed == 1.0
