"""Accuracy and F1 over a closed label set.

A prediction is mapped onto the label set (see :class:`LabelSet`); a prediction that maps
to no label counts as wrong: a false negative for its reference label and a false
positive for no label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from tunecheck.metrics._base import MeanMetric, Metric, Reference, reference_list
from tunecheck.metrics._labels import LabelMatch, LabelSet
from tunecheck.types import FloatArray

Average = Literal["macro", "micro"]


@dataclass(frozen=True)
class LabelF1:
    """Precision, recall and F1 of one label, with its support (reference count)."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class ClassificationF1(Metric):
    """Macro or micro F1 over a label set.

    Statistics: per-label true positive, false positive and false negative counts,
    ``[tp_0..tp_L-1, fp_0..fp_L-1, fn_0..fn_L-1]`` (k = 3L) for ``macro``, and their
    totals ``[tp, fp, fn]`` (k = 3) for ``micro``.

    Macro F1 averages ``2tp / (2tp + fp + fn)`` over the labels that occur among the
    references or the mapped predictions, like scikit-learn without an explicit ``labels``
    argument. Under the bootstrap that label set is fixed from the full sample
    (:meth:`fixed_aggregate`): a resample that misses a rare label still averages over it.
    Micro F1 is ``2TP / (2TP + FP + FN)``; it equals accuracy when every prediction maps
    to a label.
    """

    name: str
    label_set: LabelSet
    average: Average
    higher_is_better: bool = True
    binary: bool = False
    unit: str = "fraction (0-1)"

    def statistics(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        counts = _label_counts(self.label_set, predictions, references)
        if self.average == "micro":
            n_labels = len(self.label_set.labels)
            totals: FloatArray = counts.reshape(-1, 3, n_labels).sum(axis=2)
            return totals
        return counts

    def aggregate(self, summed: FloatArray) -> FloatArray:
        if self.average == "micro":
            return _f1(summed[..., 0], summed[..., 1], summed[..., 2])
        tp, fp, fn = np.split(summed, 3, axis=-1)
        present = (tp + fp + fn) > 0
        f1 = _f1(tp, fp, fn)
        macro: FloatArray = f1.sum(axis=-1) / present.sum(axis=-1)
        return macro

    def fixed_aggregate(self, stats: FloatArray) -> Callable[[FloatArray], FloatArray]:
        if self.average == "micro":
            return self.aggregate
        tp, fp, fn = np.split(np.asarray(stats, dtype=np.float64).sum(axis=0), 3, axis=-1)
        present = (tp + fp + fn) > 0
        count = max(1, int(present.sum()))

        def macro(summed: FloatArray) -> FloatArray:
            s_tp, s_fp, s_fn = np.split(summed, 3, axis=-1)
            value: FloatArray = np.where(present, _f1(s_tp, s_fp, s_fn), 0.0).sum(axis=-1) / count
            return value

        return macro

    def per_sample(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        """1.0 where the mapped prediction equals the reference label, else 0.0."""
        pred, ref = self.label_set.encode(predictions, references)
        correct: FloatArray = (pred == ref).astype(np.float64)
        return correct


def _f1(tp: FloatArray, fp: FloatArray, fn: FloatArray) -> FloatArray:
    denom = 2 * tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        value: FloatArray = np.where(denom > 0, 2 * tp / denom, 0.0)
    return value


def _label_counts(
    label_set: LabelSet, predictions: Sequence[str], references: Sequence[Reference]
) -> FloatArray:
    pred, ref = label_set.encode(predictions, references)
    n, n_labels = len(pred), len(label_set.labels)
    rows = np.arange(n)
    correct = pred == ref
    counts = np.zeros((n, 3, n_labels), dtype=np.float64)
    counts[rows[correct], 0, ref[correct]] = 1.0
    wrong_known = ~correct & (pred >= 0)
    counts[rows[wrong_known], 1, pred[wrong_known]] = 1.0
    counts[rows[~correct], 2, ref[~correct]] = 1.0
    return counts.reshape(n, 3 * n_labels)


def per_label_f1(
    predictions: Sequence[str],
    references: Sequence[Reference],
    labels: Sequence[str],
    *,
    match: LabelMatch = "contains",
) -> dict[str, LabelF1]:
    """Precision, recall, F1 and support of every label, in label-set order.

    A ratio with a zero denominator is reported as 0.0.
    """
    label_set = LabelSet(_as_tuple(labels), match=match)
    totals = _label_counts(label_set, predictions, references).sum(axis=0)
    tp, fp, fn = np.split(totals, 3)
    f1 = _f1(tp, fp, fn)
    return {
        label: LabelF1(
            precision=_ratio(tp[i], tp[i] + fp[i]),
            recall=_ratio(tp[i], tp[i] + fn[i]),
            f1=float(f1[i]),
            support=int(tp[i] + fn[i]),
        )
        for i, label in enumerate(label_set.labels)
    }


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else 0.0


def accuracy(labels: Sequence[str], *, match: LabelMatch = "contains") -> MeanMetric:
    """Share of samples whose prediction maps to a correct label (binary).

    A sample may list several acceptable labels; a prediction mapping to no label is wrong.
    """
    label_set = LabelSet(_as_tuple(labels), match=match)

    def score(prediction: str, reference: Reference) -> float:
        index = label_set.predicted_index(prediction)
        refs = reference_list(reference)
        gold = {label_set.reference_index(r) for r in refs}
        return float(index in gold)

    return MeanMetric(name="accuracy", scorer=score, binary=True)


def f1_macro(labels: Sequence[str], *, match: LabelMatch = "contains") -> ClassificationF1:
    """Macro-averaged F1 over the label set."""
    return ClassificationF1("f1_macro", LabelSet(_as_tuple(labels), match=match), "macro")


def f1_micro(labels: Sequence[str], *, match: LabelMatch = "contains") -> ClassificationF1:
    """Micro-averaged F1 over the label set."""
    return ClassificationF1("f1_micro", LabelSet(_as_tuple(labels), match=match), "micro")


def _as_tuple(labels: Sequence[str]) -> tuple[str, ...]:
    if isinstance(labels, str):
        msg = f"labels must be a list of strings, not the single string {labels!r}"
        raise TypeError(msg)
    return tuple(labels)
