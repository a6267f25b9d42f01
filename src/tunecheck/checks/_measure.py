"""Building measurements: the paired comparison of a metric, with the evidence for its gates.

Every comparison is paired (the same samples for both models) and its interval comes from
the method that fits the data, the one the verdict layer tests gates with:

- ``binary`` (0/1 per sample): Tango's score interval of the paired difference,
  Clopper-Pearson per model, McNemar's exact two-sided p-value;
- ``mean`` (continuous per-sample scores): paired t interval, t interval per model;
- ``corpus`` (a metric aggregated over the corpus: BLEU, macro-F1, per-token loss):
  the paired percentile bootstrap (seeded, vectorised).

Where samples are clustered (``clusters[i]`` names sample i's cluster: rows written from one
template, about one document), a cluster is the unit: binary comparisons (and others whose
values are known to be bounded) use the betting test and interval on the cluster means,
other means the cluster-robust t-test, corpus metrics the bootstrap of whole clusters; the
measurement records how many clusters there were.

The checks only measure; :mod:`tunecheck.verdict` decides the gates.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt

from tunecheck.config import PolicySettings
from tunecheck.report import Measurement
from tunecheck.stats import Aggregate, PairedBootstrap, grouping, mcnemar_exact, paired_bootstrap, summed_by_cluster
from tunecheck.types import FloatArray
from tunecheck.verdict import (
    ClusteredMean,
    Comparison,
    Evidence,
    Mean,
    PairedBinary,
    PairedMean,
    PairedResampled,
    Rate,
    Resampled,
)

Kind = Literal["binary", "mean", "corpus"]


def mean_stats(values: npt.ArrayLike) -> FloatArray:
    """Per-sample values as (value, 1) statistics, whose aggregate is the mean."""
    array = np.asarray(values, dtype=np.float64)
    return np.stack([array, np.ones_like(array)], axis=1)


def mean_aggregate(summed: FloatArray) -> FloatArray:
    return np.asarray(summed[..., 0] / np.maximum(summed[..., 1], 1e-300), dtype=np.float64)


def compare(
    name: str,
    candidate_stats: npt.ArrayLike,
    baseline_stats: npt.ArrayLike,
    aggregate: Aggregate,
    policy: PolicySettings,
    *,
    higher_is_better: bool = True,
    unit: str | None = None,
    description: str | None = None,
    binary: bool = False,
    n_errors: int = 0,
    baseline_aggregate: Aggregate | None = None,
    clusters: npt.ArrayLike | None = None,
) -> Comparison:
    """Paired comparison of a corpus-level metric given per-sample sufficient statistics (n, k).

    ``binary``: the statistics are ``(outcome, 1)`` rows of a 0/1 outcome, compared with the
    binary methods instead of the bootstrap. ``clusters``: each sample's cluster id, where
    samples are not independent (see the module's note).
    """
    cand = np.asarray(candidate_stats, dtype=np.float64)
    base = np.asarray(baseline_stats, dtype=np.float64)
    labels = _Labels(name, higher_is_better, unit, description, n_errors)
    if cand.shape[0] == 0:
        return labels.empty()
    groups = grouping(clusters, cand.shape[0])
    if binary:
        return _binary(cand[:, 0], base[:, 0], labels, policy) if groups is None \
            else _clustered(cand[:, 0], base[:, 0], groups, labels, policy)
    test = f"paired percentile bootstrap ({policy.n_resamples} resamples)"
    if groups is not None:
        cand, base = summed_by_cluster(cand, groups), summed_by_cluster(base, groups)
        test = f"paired percentile bootstrap of whole clusters ({policy.n_resamples} resamples)"
    boot = paired_bootstrap(cand, base, aggregate, n_resamples=policy.n_resamples, seed=policy.seed,
                            confidence=policy.confidence, baseline_aggregate=baseline_aggregate)
    found = resampled_comparison(boot, labels, test=test)
    if groups is None:
        return found
    update = {"n": int(groups.size), "clusters": boot.n_samples}
    return Comparison(found.measurement.model_copy(update=update), paired=found.paired, candidate=found.candidate)


def compare_means(
    name: str, candidate: npt.ArrayLike, baseline: npt.ArrayLike, policy: PolicySettings, *,
    higher_is_better: bool = True, unit: str | None = None, description: str | None = None, n_errors: int = 0,
    clusters: npt.ArrayLike | None = None, bounds: tuple[float, float] | None = None,
) -> Comparison:
    """Paired comparison of per-sample values: binary methods when all are 0/1, t-based otherwise.

    Where ``clusters`` groups the samples: the betting test on cluster means when the values are
    known to lie in ``bounds`` (0/1 values: inferred), else the cluster-robust t-test."""
    cand, base = np.asarray(candidate, dtype=np.float64), np.asarray(baseline, dtype=np.float64)
    labels = _Labels(name, higher_is_better, unit, description, n_errors)
    if cand.size == 0:
        return labels.empty()
    groups = grouping(clusters, cand.size)
    if groups is not None:
        return _clustered(cand, base, groups, labels, policy, bounds)
    if np.isin(cand, (0.0, 1.0)).all() and np.isin(base, (0.0, 1.0)).all():
        return _binary(cand, base, labels, policy)
    paired, own = PairedMean.of(cand, base), Mean.of(cand)
    return labels.comparison(float(cand.mean()), float(base.mean()), paired, own, Mean.of(base), policy,
                             test="paired t-test; t intervals")


class _Labels:
    """What names and describes a measurement, whichever method measures it."""

    def __init__(self, name: str, higher_is_better: bool, unit: str | None, description: str | None,
                 n_errors: int) -> None:
        self.name, self.higher_is_better, self.unit = name, higher_is_better, unit
        self.description, self.n_errors = description, n_errors

    def empty(self) -> Comparison:
        return Comparison(Measurement(name=self.name, candidate=None, baseline=None, n=0, n_errors=self.n_errors,
                                      unit=self.unit, higher_is_better=self.higher_is_better,
                                      description=self.description), missing="no valid samples to judge")

    def comparison(self, candidate: float, baseline: float, paired: Evidence, own: Evidence, other: Evidence,
                   policy: PolicySettings, *, test: str, p_value: float | None = None,
                   samples: int | None = None, clusters: int | None = None) -> Comparison:
        low, high = paired.interval(policy.confidence)
        delta = candidate - baseline
        measurement = Measurement(
            name=self.name, candidate=_f(candidate), baseline=_f(baseline), delta=_f(delta),
            relative_delta=None if baseline == 0 else _f(delta / abs(baseline)),
            ci_low=_f(low), ci_high=_f(high), p_value=p_value, test=test,
            n=paired.n if samples is None else samples, clusters=clusters, n_errors=self.n_errors,
            unit=self.unit, higher_is_better=self.higher_is_better,
            candidate_ci=_pair(own.interval(policy.confidence)), baseline_ci=_pair(other.interval(policy.confidence)),
            description=self.description,
        )
        return Comparison(measurement, paired=paired, candidate=own)


def _binary(cand: FloatArray, base: FloatArray, labels: _Labels, policy: PolicySettings) -> Comparison:
    paired = PairedBinary.of(cand, base)
    n = paired.n
    own = Rate(int(paired.candidate.sum()), n)
    other = Rate(int(paired.baseline.sum()), n)
    p_value = mcnemar_exact(paired.candidate, paired.baseline).p_value
    return labels.comparison(own.k / n, other.k / n, paired, own, other, policy, p_value=p_value,
                             test="exact McNemar (two-sided p); Tango score CI of the difference; "
                                  "Clopper-Pearson per model")


def _clustered(cand: FloatArray, base: FloatArray, groups: npt.NDArray[np.int64], labels: _Labels,
               policy: PolicySettings, bounds: tuple[float, float] | None = None) -> Comparison:
    if bounds is None and np.isin(cand, (0.0, 1.0)).all() and np.isin(base, (0.0, 1.0)).all():
        bounds = (0.0, 1.0)
    spread = None if bounds is None else (bounds[0] - bounds[1], bounds[1] - bounds[0])
    paired = ClusteredMean.of(cand - base, groups, bounds=spread, alpha=policy.alpha)
    own = ClusteredMean.of(cand, groups, bounds=bounds, paired=False, alpha=policy.alpha)
    other = ClusteredMean.of(base, groups, bounds=bounds, paired=False, alpha=policy.alpha)
    test = f"cluster-robust paired t-test ({paired.n} clusters, {paired.n - 1} df); cluster-robust t intervals" \
        if bounds is None else f"betting test and interval on the means of {paired.n} clusters (each model's " \
                               f"values in [{bounds[0]:g}, {bounds[1]:g}])"
    return labels.comparison(float(cand.mean()), float(base.mean()), paired, own, other, policy,
                             p_value=paired.p_two_sided(), samples=int(cand.size), clusters=paired.n, test=test)


def resampled_comparison(boot: PairedBootstrap, labels: _Labels, *, test: str) -> Comparison:
    """A measurement from a paired bootstrap (intervals are the bootstrap's percentiles)."""
    own = Resampled(boot.candidate, boot.candidate_values, boot.n_samples)
    measurement = Measurement(
        name=labels.name, candidate=_f(boot.candidate), baseline=_f(boot.baseline), delta=_f(boot.delta),
        relative_delta=None if boot.relative_delta is None else _f(boot.relative_delta / 100.0),
        ci_low=_f(boot.delta_ci.low), ci_high=_f(boot.delta_ci.high), test=test, n=boot.n_samples,
        n_errors=labels.n_errors, unit=labels.unit, higher_is_better=labels.higher_is_better,
        candidate_ci=(_f(boot.candidate_ci.low), _f(boot.candidate_ci.high)),
        baseline_ci=(_f(boot.baseline_ci.low), _f(boot.baseline_ci.high)),
        description=labels.description,
    )
    return Comparison(measurement, paired=PairedResampled(boot), candidate=own)


def _pair(bounds: tuple[float | None, float | None]) -> tuple[float | None, float | None] | None:
    low, high = (_f(bounds[0]), _f(bounds[1]))
    return None if low is None and high is None else (low, high)


def _f(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)
