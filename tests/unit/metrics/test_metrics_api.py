from __future__ import annotations

import tunecheck.metrics


def test_public_names_are_pinned() -> None:
    assert len(set(tunecheck.metrics.__all__)) == len(tunecheck.metrics.__all__)
    assert set(tunecheck.metrics.__all__) == {
        "ENTRY_POINT_GROUP",
        "LABEL_METRICS",
        "METRICS",
        "Bleu",
        "Chrf",
        "ClassificationF1",
        "FloatArray",
        "LabelF1",
        "LabelMatch",
        "LabelSet",
        "MeanMetric",
        "Metric",
        "MetricFactory",
        "MetricLoadError",
        "Reference",
        "Scorer",
        "UnknownMetricError",
        "corpus_bleu_from_stats",
        "corpus_chrf_from_stats",
        "entry_point_names",
        "exact_match_score",
        "get_metric",
        "normalize_answer",
        "normalize_label",
        "per_label_f1",
        "scorer_metric",
        "token_f1_score",
    }
    for name in tunecheck.metrics.__all__:
        assert hasattr(tunecheck.metrics, name), name
