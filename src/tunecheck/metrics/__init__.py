"""Metrics: predictions + references -> per-sample statistics -> values.

Every metric exposes per-sample sufficient statistics (:meth:`Metric.statistics`) and an
aggregation of their sums (:meth:`Metric.aggregate`), so paired bootstrap resampling stays
vectorised for corpus-level metrics too.
"""

from tunecheck.metrics._base import MeanMetric, Metric, Reference, Scorer
from tunecheck.metrics._classification import ClassificationF1, LabelF1, per_label_f1
from tunecheck.metrics._custom import ENTRY_POINT_GROUP, MetricLoadError, entry_point_names, scorer_metric
from tunecheck.metrics._labels import LabelMatch, LabelSet, normalize_label
from tunecheck.metrics._match import exact_match_score, normalize_answer, token_f1_score
from tunecheck.metrics._registry import LABEL_METRICS, METRICS, MetricFactory, UnknownMetricError, get_metric
from tunecheck.metrics._sacrebleu import (
    Bleu,
    Chrf,
    corpus_bleu_from_stats,
    corpus_chrf_from_stats,
)
from tunecheck.types import FloatArray

__all__ = [
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
]
