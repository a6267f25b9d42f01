from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tunecheck.metrics import LabelF1, LabelSet, get_metric, per_label_f1

LABELS = ["positive", "negative", "neutral"]


@pytest.mark.parametrize(
    ("prediction", "expected"),
    [
        ("Positive", 0),
        (" negative. ", 1),
        ("The sentiment is neutral.", 2),
        ("positive or negative", -1),  # ambiguous
        ("no idea", -1),
    ],
)
def test_prediction_mapping_contains(prediction: str, expected: int) -> None:
    assert LabelSet(tuple(LABELS)).predicted_index(prediction) == expected


def test_prediction_mapping_prefers_longest_label_containing_the_others() -> None:
    labels = LabelSet(("positive", "very positive"))
    assert labels.predicted_index("It is very positive!") == 1
    assert labels.predicted_index("positive") == 0


def test_exact_mapping_rejects_sentences() -> None:
    labels = LabelSet(tuple(LABELS), match="exact")
    assert labels.predicted_index("NEUTRAL!") == 2
    assert labels.predicted_index("The sentiment is neutral.") == -1


def test_invalid_label_sets() -> None:
    with pytest.raises(ValueError, match="empty"):
        LabelSet(())
    with pytest.raises(ValueError, match="collide"):
        LabelSet(("Yes", "yes!"))
    with pytest.raises(TypeError, match="single string"):
        get_metric("accuracy", labels="positive")


def test_accuracy_counts_unknown_as_wrong_and_accepts_several_gold_labels() -> None:
    acc = get_metric("accuracy", labels=LABELS)
    preds = ["positive", "I cannot tell", "neutral", "negative"]
    refs: list[str | list[str]] = ["positive", "negative", ["neutral", "positive"], "positive"]
    assert acc.binary
    assert acc.per_sample(preds, refs).tolist() == [1.0, 0.0, 1.0, 0.0]
    assert acc.compute(preds, refs) == 0.5


def test_reference_outside_label_set_is_an_error_naming_the_sample() -> None:
    f1 = get_metric("f1_macro", labels=LABELS)
    with pytest.raises(ValueError, match="sample 1: reference 'mixed'"):
        f1.statistics(["positive", "positive"], ["positive", "mixed"])


PREDS = ["positive", "positive", "negative", "neutral", "gibberish", "negative"]
REFS = ["positive", "negative", "negative", "positive", "neutral", "negative"]
# positive: tp 1, fp 1 (sample 1), fn 1 (sample 3) -> F1 = 2/4 = 0.5
# negative: tp 2, fp 0, fn 1 (sample 1)            -> F1 = 4/5 = 0.8
# neutral:  tp 0, fp 1 (sample 3), fn 1 (sample 4) -> F1 = 0
# micro: TP 3, FP 2 (unknown prediction is no FP), FN 3 -> 6 / 11


def test_f1_macro_hand_computed() -> None:
    metric = get_metric("f1_macro", labels=LABELS)
    assert metric.compute(PREDS, REFS) == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert metric.statistics(PREDS, REFS).shape == (6, 9)


def test_f1_micro_hand_computed() -> None:
    metric = get_metric("f1_micro", labels=LABELS)
    assert metric.compute(PREDS, REFS) == pytest.approx(6 / 11)
    assert metric.statistics(PREDS, REFS).shape == (6, 3)


def test_f1_micro_equals_accuracy_when_every_prediction_maps() -> None:
    preds = ["positive", "negative", "negative", "neutral"]
    refs = ["positive", "negative", "positive", "positive"]
    micro = get_metric("f1_micro", labels=LABELS).compute(preds, refs)
    assert micro == get_metric("accuracy", labels=LABELS).compute(preds, refs) == 0.5


def test_macro_f1_ignores_labels_absent_from_references_and_predictions() -> None:
    metric = get_metric("f1_macro", labels=LABELS)
    assert metric.compute(["positive", "negative"], ["positive", "negative"]) == 1.0


def test_per_label_f1() -> None:
    scores = per_label_f1(PREDS, REFS, LABELS)
    assert list(scores) == LABELS
    assert scores["positive"] == LabelF1(precision=0.5, recall=0.5, f1=0.5, support=2)
    negative = scores["negative"]
    assert (negative.precision, negative.support) == (1.0, 3)
    assert negative.recall == pytest.approx(2 / 3)
    assert negative.f1 == pytest.approx(0.8)
    assert scores["neutral"] == LabelF1(precision=0.0, recall=0.0, f1=0.0, support=1)


def _sklearn_free_macro_f1(preds: list[int], refs: list[int]) -> float:
    labels = sorted(set(refs) | {p for p in preds if p >= 0})
    f1s = []
    for label in labels:
        tp = sum(p == r == label for p, r in zip(preds, refs, strict=True))
        fp = sum(p == label != r for p, r in zip(preds, refs, strict=True))
        fn = sum(r == label != p for p, r in zip(preds, refs, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


@given(
    pairs=st.lists(st.tuples(st.integers(-1, 2), st.integers(0, 2)), min_size=1, max_size=40),
    subset_seed=st.integers(0, 1000),
)
def test_summed_statistics_reproduce_f1_on_any_subset(pairs: list[tuple[int, int]], subset_seed: int) -> None:
    names = [*LABELS, "unknown"]
    preds = [names[p] for p, _ in pairs]
    refs = [LABELS[r] for _, r in pairs]
    metric = get_metric("f1_macro", labels=LABELS)
    stats = metric.statistics(preds, refs)
    rng = np.random.default_rng(subset_seed)
    picked = rng.integers(0, len(pairs), size=len(pairs))
    from_sums = float(metric.aggregate(stats[picked].sum(axis=0)))
    expected = _sklearn_free_macro_f1([pairs[i][0] for i in picked], [pairs[i][1] for i in picked])
    assert from_sums == pytest.approx(expected)
