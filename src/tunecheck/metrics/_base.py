"""The metric abstraction: per-sample sufficient statistics plus an aggregation.

Every metric turns predictions and references into a float64 matrix of per-sample
statistics, shape (n, k). Summing rows over any subset (or bootstrap resample) of samples
and calling :meth:`Metric.aggregate` gives the metric value on that subset. This is what
lets the paired bootstrap stay vectorised even for corpus-level metrics such as BLEU.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tunecheck.types import FloatArray

#: One reference per sample: a string, or several acceptable strings.
Reference = str | Sequence[str]

#: Scores one prediction against its reference(s).
Scorer = Callable[[str, Reference], float]


def reference_list(reference: Reference) -> tuple[str, ...]:
    """The acceptable references of one sample as a tuple (a bare string is one reference)."""
    if isinstance(reference, str):
        return (reference,)
    refs = tuple(reference)
    if not refs:
        msg = "a sample has an empty list of references; give at least one reference string"
        raise ValueError(msg)
    return refs


def check_lengths(predictions: Sequence[str], references: Sequence[Reference]) -> None:
    """Raise when predictions and references are not aligned one to one."""
    if len(predictions) != len(references):
        msg = (
            f"got {len(predictions)} predictions but {len(references)} references; "
            "each sample needs exactly one prediction and one reference entry"
        )
        raise ValueError(msg)


class Metric(abc.ABC):
    """A metric defined by per-sample sufficient statistics and an aggregation.

    Concrete metrics are frozen dataclasses providing ``name``, ``higher_is_better``,
    ``binary`` (per-sample outcomes are 0/1, so McNemar's test applies) and ``unit``.
    """

    name: str
    higher_is_better: bool
    binary: bool
    unit: str

    @abc.abstractmethod
    def statistics(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        """Per-sample sufficient statistics, shape (n, k), float64."""

    @abc.abstractmethod
    def aggregate(self, summed: FloatArray) -> FloatArray:
        """Metric value(s) from statistics summed over samples: (..., k) -> (...)."""

    @abc.abstractmethod
    def per_sample(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        """One score per sample, shape (n,), for listing the worst samples.

        For corpus-level metrics this is a sentence-level score, which does not average
        to the corpus value.
        """

    def fixed_aggregate(self, stats: FloatArray) -> Callable[[FloatArray], FloatArray]:
        """The aggregation to resample with, fixed from the full sample's statistics ``stats``.

        Most metrics aggregate the same way on any subset; a metric whose aggregation depends
        on the sample (macro-F1 averages over the labels that occur) fixes it here, so that
        a bootstrap resample missing a rare label still averages over the same labels.
        """
        del stats
        return self.aggregate

    def compute(self, predictions: Sequence[str], references: Sequence[Reference]) -> float:
        """The metric value over all samples."""
        stats = self.statistics(predictions, references)
        if stats.shape[0] == 0:
            msg = f"metric {self.name!r} needs at least one sample, got none"
            raise ValueError(msg)
        return float(self.aggregate(stats.sum(axis=0)))


@dataclass(frozen=True)
class MeanMetric(Metric):
    """The mean of a per-sample score. Statistics: ``(score, 1)`` per sample (k = 2)."""

    name: str
    scorer: Scorer
    higher_is_better: bool = True
    binary: bool = False
    unit: str = "fraction (0-1)"

    def statistics(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        scores = self.per_sample(predictions, references)
        return np.column_stack([scores, np.ones_like(scores)])

    def aggregate(self, summed: FloatArray) -> FloatArray:
        values: FloatArray = summed[..., 0] / summed[..., 1]
        return values

    def per_sample(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        check_lengths(predictions, references)
        scores = np.fromiter(
            (self._score(p, r) for p, r in zip(predictions, references, strict=True)),
            dtype=np.float64,
            count=len(predictions),
        )
        if self.binary and not np.all((scores == 0.0) | (scores == 1.0)):
            msg = f"metric {self.name!r} is declared binary but produced scores other than 0/1"
            raise ValueError(msg)
        return scores

    def _score(self, prediction: str, reference: Reference) -> float:
        score = float(self.scorer(prediction, reference))
        if not np.isfinite(score):
            msg = f"metric {self.name!r} returned {score} for prediction {prediction[:80]!r}"
            raise ValueError(msg)
        return score
