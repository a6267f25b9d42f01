"""Percentile bootstrap confidence intervals, for one model and for paired differences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tunecheck.stats._resample import as_stats, resampled_sums
from tunecheck.types import FloatArray

#: Turns statistics summed over samples, shape (..., k), into metric values, shape (...).
Aggregate = Callable[[FloatArray], FloatArray]


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[low, high]``."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        """True when ``low <= value <= high``."""
        return self.low <= value <= self.high


@dataclass(frozen=True)
class BootstrapCI:
    """Bootstrap percentile confidence interval of one model's metric value."""

    value: float
    ci: Interval
    confidence: float
    n_samples: int
    n_resamples: int
    seed: int


@dataclass(frozen=True)
class PairedBootstrap:
    """Paired bootstrap of ``candidate - baseline`` on the same samples.

    ``candidate``, ``baseline`` and ``delta`` are computed on all samples;
    ``relative_delta`` is ``100 * delta / |baseline|`` (``None`` when the baseline is 0).
    The intervals are two-sided percentile intervals at ``confidence``. ``deltas`` holds the
    delta of every resample, so that one-sided bootstrap p-values can be computed for any
    threshold with :meth:`p_value_above` / :meth:`p_value_below`.
    """

    candidate: float
    baseline: float
    delta: float
    relative_delta: float | None
    delta_ci: Interval
    candidate_ci: Interval
    baseline_ci: Interval
    confidence: float
    n_samples: int
    n_resamples: int
    seed: int
    deltas: FloatArray = field(repr=False, compare=False)
    candidate_values: FloatArray = field(repr=False, compare=False, default_factory=lambda: np.empty(0))

    @property
    def delta_se(self) -> float:
        """Bootstrap standard error of the delta: standard deviation of the resampled deltas."""
        return float(np.std(self.deltas, ddof=1)) if self.deltas.size > 1 else 0.0

    def p_value_above(self, threshold: float) -> float:
        """One-sided p-value for ``delta > threshold``: ``(1 + #{deltas <= threshold}) / (B + 1)``.

        Floored at ``1 / (B + 1)``: a bootstrap of ``B`` resamples cannot show more.
        """
        return floored_share(self.deltas <= threshold)

    def p_value_below(self, threshold: float) -> float:
        """One-sided p-value for ``delta < threshold``: ``(1 + #{deltas >= threshold}) / (B + 1)``."""
        return floored_share(self.deltas >= threshold)


def floored_share(hits: npt.NDArray[np.bool_]) -> float:
    """A bootstrap p-value from the resamples on the null side: ``(1 + hits) / (B + 1)``."""
    return float((1 + np.count_nonzero(hits)) / (hits.size + 1))


def bootstrap_ci(
    stats: npt.ArrayLike,
    aggregate: Aggregate,
    *,
    n_resamples: int = 10_000,
    seed: int = 0,
    confidence: float = 0.95,
    chunk_size: int | None = None,
) -> BootstrapCI:
    """Percentile bootstrap CI of ``aggregate(sum of stats)`` for one model.

    ``stats`` has shape (n_samples, k): one row of sufficient statistics per sample.
    """
    _check_confidence(confidence)
    array = as_stats(stats, role="model")
    sums = resampled_sums(array, n_resamples=n_resamples, seed=seed, chunk_size=chunk_size)
    return BootstrapCI(
        value=_value(array, aggregate),
        ci=percentile_interval(aggregate(sums), confidence),
        confidence=confidence,
        n_samples=array.shape[0],
        n_resamples=n_resamples,
        seed=seed,
    )


def paired_bootstrap(
    candidate_stats: npt.ArrayLike,
    baseline_stats: npt.ArrayLike,
    aggregate: Aggregate,
    *,
    n_resamples: int = 10_000,
    seed: int = 0,
    confidence: float = 0.95,
    chunk_size: int | None = None,
    baseline_aggregate: Aggregate | None = None,
) -> PairedBootstrap:
    """Paired percentile bootstrap of ``candidate - baseline``.

    Both models are resampled with the SAME sample indices in every resample. Row ``i`` of
    ``candidate_stats`` and of ``baseline_stats`` must describe the same sample. The result
    depends only on the data and ``seed``, not on ``chunk_size`` (which bounds memory).
    ``baseline_aggregate`` (default ``aggregate``) aggregates the baseline's statistics, for
    metrics whose aggregation is fixed from each model's full sample (macro-F1's label set).
    """
    _check_confidence(confidence)
    cand = as_stats(candidate_stats, role="candidate")
    base = as_stats(baseline_stats, role="baseline")
    _check_paired(cand, base)
    joined = np.concatenate([cand, base], axis=1)
    sums = resampled_sums(joined, n_resamples=n_resamples, seed=seed, chunk_size=chunk_size)
    k = cand.shape[1]
    cand_values = aggregate(sums[:, :k])
    base_aggregate = baseline_aggregate or aggregate
    base_values = base_aggregate(sums[:, k:])
    deltas = np.asarray(cand_values - base_values, dtype=np.float64)
    cand_value = _value(cand, aggregate)
    base_value = _value(base, base_aggregate)
    delta = cand_value - base_value
    return PairedBootstrap(
        candidate=cand_value,
        baseline=base_value,
        delta=delta,
        relative_delta=None if base_value == 0 else 100.0 * delta / abs(base_value),
        delta_ci=percentile_interval(deltas, confidence),
        candidate_ci=percentile_interval(cand_values, confidence),
        baseline_ci=percentile_interval(base_values, confidence),
        confidence=confidence,
        n_samples=cand.shape[0],
        n_resamples=n_resamples,
        seed=seed,
        deltas=deltas,
        candidate_values=np.asarray(cand_values, dtype=np.float64),
    )


def _value(stats: FloatArray, aggregate: Aggregate) -> float:
    return float(aggregate(stats.sum(axis=0)))


def percentile_interval(values: FloatArray, confidence: float) -> Interval:
    """The two-sided percentile interval of resampled ``values`` at ``confidence``."""
    alpha = 1.0 - confidence
    low, high = np.percentile(values, [100.0 * alpha / 2, 100.0 * (1 - alpha / 2)])
    return Interval(low=float(low), high=float(high))


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        msg = f"confidence must be strictly between 0 and 1 (e.g. 0.95), got {confidence}"
        raise ValueError(msg)


def _check_paired(cand: FloatArray, base: FloatArray) -> None:
    if cand.shape[0] != base.shape[0]:
        msg = (
            f"paired bootstrap needs the same samples for both models: candidate has "
            f"{cand.shape[0]} samples, baseline has {base.shape[0]}"
        )
        raise ValueError(msg)
    if cand.shape[1] != base.shape[1]:
        msg = (
            f"candidate and baseline statistics must come from the same metric: "
            f"{cand.shape[1]} vs {base.shape[1]} columns"
        )
        raise ValueError(msg)
