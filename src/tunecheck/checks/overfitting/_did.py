"""Difference in differences over two independent sets, paired across models.

A model's *gap* is its metric on set B minus its metric on set A (validation minus
training loss; in-domain minus related-domain score). The measurement is the candidate's
gap minus the baseline's gap.

The two sets are different samples, so their uncertainties add: each bootstrap resample
draws set A's items and set B's items independently (an unpaired two-sample bootstrap of
the two set-level values). Within a set the candidate and the baseline were scored on the
same items, so both models' rows are drawn with the same indices (paired across models):
what the two models share on an item cancels out of the difference in differences.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from tunecheck.checks import Comparison
from tunecheck.config import PolicySettings
from tunecheck.report import Measurement
from tunecheck.stats import (
    Aggregate,
    PairedBootstrap,
    grouping,
    percentile_interval,
    resampled_sums,
    summed_by_cluster,
)
from tunecheck.types import FloatArray
from tunecheck.verdict import PairedResampled, Resampled


def did_bootstrap(candidate_a: npt.ArrayLike, baseline_a: npt.ArrayLike, candidate_b: npt.ArrayLike,
                  baseline_b: npt.ArrayLike, aggregate: Aggregate, policy: PolicySettings) -> PairedBootstrap:
    """Bootstrap of ``(cand(B) - cand(A)) - (base(B) - base(A))`` from per-sample statistics.

    In the result, ``candidate`` and ``baseline`` are the two models' gaps (with their CIs)
    and ``delta``/``deltas`` the difference in differences.
    """
    a = _joined(candidate_a, baseline_a, "set A")
    b = _joined(candidate_b, baseline_b, "set B")
    k = a.shape[1] // 2
    sums_a = resampled_sums(a, n_resamples=policy.n_resamples, seed=policy.seed)
    sums_b = resampled_sums(b, n_resamples=policy.n_resamples, seed=policy.seed + 1)
    cand_gaps = aggregate(sums_b[:, :k]) - aggregate(sums_a[:, :k])
    base_gaps = aggregate(sums_b[:, k:]) - aggregate(sums_a[:, k:])
    deltas = np.asarray(cand_gaps - base_gaps, dtype=np.float64)
    total_a, total_b = a.sum(axis=0), b.sum(axis=0)
    cand = float(aggregate(total_b[:k]) - aggregate(total_a[:k]))
    base = float(aggregate(total_b[k:]) - aggregate(total_a[k:]))
    return PairedBootstrap(
        candidate=cand, baseline=base, delta=cand - base, relative_delta=None,
        delta_ci=percentile_interval(deltas, policy.confidence),
        candidate_ci=percentile_interval(cand_gaps, policy.confidence),
        baseline_ci=percentile_interval(base_gaps, policy.confidence), confidence=policy.confidence,
        n_samples=min(a.shape[0], b.shape[0]), n_resamples=policy.n_resamples, seed=policy.seed, deltas=deltas,
        candidate_values=np.asarray(cand_gaps, dtype=np.float64),
    )


def did_comparison(name: str, candidate_a: npt.ArrayLike, baseline_a: npt.ArrayLike, candidate_b: npt.ArrayLike,
                   baseline_b: npt.ArrayLike, aggregate: Aggregate, policy: PolicySettings, *, unit: str | None,
                   description: str, higher_is_better: bool = False, n_errors: int = 0,
                   clusters: tuple[npt.ArrayLike | None, npt.ArrayLike | None] = (None, None)) -> Comparison:
    """The difference in differences as a measurement; ``n`` is the smaller set's size.

    ``clusters`` (set A's, set B's): each sample's cluster, where a set's samples are not
    independent; that set's statistics are then summed per cluster and whole clusters resampled,
    and the measurement's ``clusters`` is the smaller set's count of independent units."""
    sizes = [np.asarray(x).shape[0] for x in (candidate_a, candidate_b)]
    if min(sizes) == 0:
        return Comparison(Measurement(name=name, candidate=None, baseline=None, n=0, n_errors=n_errors, unit=unit,
                                      higher_is_better=higher_is_better, description=description),
                          missing="no valid samples to judge")
    (candidate_a, baseline_a), units_a = _by_cluster(candidate_a, baseline_a, clusters[0])
    (candidate_b, baseline_b), units_b = _by_cluster(candidate_b, baseline_b, clusters[1])
    clustered = units_a < sizes[0] or units_b < sizes[1]
    boot = did_bootstrap(candidate_a, baseline_a, candidate_b, baseline_b, aggregate, policy)
    whole = " by whole clusters" if clustered else ""
    measurement = Measurement(
        name=name, candidate=_f(boot.candidate), baseline=_f(boot.baseline), delta=_f(boot.delta),
        ci_low=_f(boot.delta_ci.low), ci_high=_f(boot.delta_ci.high), n=min(sizes), n_errors=n_errors,
        clusters=min(units_a, units_b) if clustered else None,
        test=f"two-sample bootstrap, sets resampled independently{whole}, models paired "
             f"({policy.n_resamples} resamples)",
        unit=unit, higher_is_better=higher_is_better, description=description,
        candidate_ci=(boot.candidate_ci.low, boot.candidate_ci.high),
        baseline_ci=(boot.baseline_ci.low, boot.baseline_ci.high),
    )
    own = Resampled(boot.candidate, boot.candidate_values, boot.n_samples)
    return Comparison(measurement, paired=PairedResampled(boot), candidate=own)


def _by_cluster(candidate: npt.ArrayLike, baseline: npt.ArrayLike,
                clusters: npt.ArrayLike | None) -> tuple[tuple[npt.ArrayLike, npt.ArrayLike], int]:
    """A set's statistics summed per cluster (unchanged without clusters) and its count of units."""
    size = np.asarray(candidate).shape[0]
    ids = grouping(clusters, size)
    if ids is None:
        return (candidate, baseline), size
    summed = summed_by_cluster(_rows(candidate), ids), summed_by_cluster(_rows(baseline), ids)
    return summed, summed[0].shape[0]


def _rows(stats: npt.ArrayLike) -> FloatArray:
    array = np.asarray(stats, dtype=np.float64)
    return array[:, None] if array.ndim == 1 else array


def _joined(candidate: npt.ArrayLike, baseline: npt.ArrayLike, label: str) -> FloatArray:
    cand = np.asarray(candidate, dtype=np.float64)
    base = np.asarray(baseline, dtype=np.float64)
    if cand.ndim == 1:
        cand, base = cand[:, None], base[:, None]
    if cand.shape != base.shape or cand.shape[0] == 0:
        raise ValueError(f"{label}: candidate and baseline need statistics for the same non-empty items, "
                         f"got shapes {cand.shape} and {base.shape}")
    if not (np.isfinite(cand).all() and np.isfinite(base).all()):
        raise ValueError(f"{label}: the statistics contain NaN or infinite values")
    return np.concatenate([cand, base], axis=1)


def _f(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
