"""Means of clustered samples: the cluster-robust (CR1) t-test and interval.

Samples drawn from the same template, document or author are not independent: a model that
misreads one template misreads every sample written from it. Treating them as independent
makes the interval too narrow by the square root of the design effect. Here the mean of all
samples is kept, and its standard error is the cluster-robust one,

    se^2 = G / (G - 1) * sum_g (sum_{i in g} (x_i - mean))^2 / n^2,

with Student's t on ``G - 1`` degrees of freedom (``G`` clusters, ``n`` samples). With one
sample per cluster it is exactly the ordinary t-test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tunecheck.stats._bootstrap import Interval
from tunecheck.types import FloatArray


def cluster_ids(labels: Sequence[object]) -> npt.NDArray[np.int64]:
    """Each label's cluster as 0..G-1, numbered in order of first appearance."""
    seen: dict[object, int] = {}
    return np.asarray([seen.setdefault(label, len(seen)) for label in labels], dtype=np.int64)


def grouping(clusters: npt.ArrayLike | None, size: int) -> npt.NDArray[np.int64] | None:
    """The cluster ids of ``size`` samples, or None where there are none or every sample is its own
    cluster (then the methods for independent samples apply)."""
    if clusters is None:
        return None
    ids = np.asarray(clusters, dtype=np.int64).reshape(-1)
    if ids.size != size:
        raise ValueError(f"{size} samples but {ids.size} cluster labels")
    return None if np.unique(ids).size == ids.size else ids


def cluster_moments(values: npt.ArrayLike, clusters: npt.ArrayLike) -> tuple[int, float, float]:
    """``(G, mean, se)``: the number of clusters, the mean of all samples and its CR1 standard error."""
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    ids = np.asarray(clusters, dtype=np.int64).reshape(-1)
    if x.size != ids.size:
        raise ValueError(f"{x.size} values but {ids.size} cluster labels")
    if x.size == 0:
        return 0, math.nan, math.inf
    _, dense = np.unique(ids, return_inverse=True)
    groups = int(dense.max()) + 1
    mean = float(x.mean())
    if groups < 2:
        return groups, mean, math.inf
    sums = np.bincount(dense, weights=x - mean, minlength=groups)
    se = math.sqrt(groups / (groups - 1) * float(np.sum(sums ** 2))) / x.size
    return groups, mean, se


def cluster_t_p_above(values: npt.ArrayLike, clusters: npt.ArrayLike, threshold: float) -> float:
    """One-sided p-value for "the mean exceeds ``threshold``" (1.0 below two clusters)."""
    groups, mean, se = cluster_moments(values, clusters)
    if groups < 2:
        return 1.0
    if se <= 1e-12 * max(1.0, abs(mean)):
        return 0.0 if mean > threshold else 1.0
    from scipy.stats import t

    return float(t.sf((mean - threshold) / se, groups - 1))


def cluster_t_p_below(values: npt.ArrayLike, clusters: npt.ArrayLike, threshold: float) -> float:
    """One-sided p-value for "the mean is below ``threshold``"."""
    return cluster_t_p_above(-np.asarray(values, dtype=np.float64), clusters, -threshold)


def cluster_t_interval(values: npt.ArrayLike, clusters: npt.ArrayLike, confidence: float) -> Interval | None:
    """Two-sided cluster-robust t interval of the mean; None below two clusters."""
    groups, mean, se = cluster_moments(values, clusters)
    if groups < 2:
        return None
    from scipy.stats import t

    half = float(t.ppf(0.5 + confidence / 2.0, groups - 1)) * se
    return Interval(low=mean - half, high=mean + half)


def design_effect(values: npt.ArrayLike, clusters: npt.ArrayLike) -> float:
    """Variance of the mean under clustering over its variance as if samples were independent."""
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    groups, _, se = cluster_moments(x, clusters)
    naive = float(x.std(ddof=1)) / math.sqrt(x.size) if x.size > 1 else 0.0
    if groups < 2 or naive <= 0 or not math.isfinite(se):
        return math.nan
    return (se / naive) ** 2


def summed_by_cluster(stats: npt.ArrayLike, clusters: npt.ArrayLike) -> FloatArray:
    """Per-sample sufficient statistics, shape (n, k), summed per cluster, shape (G, k).

    A bootstrap that resamples these rows resamples whole clusters (the cluster bootstrap) for
    any metric that aggregates summed statistics."""
    array = np.asarray(stats, dtype=np.float64)
    ids = np.asarray(clusters, dtype=np.int64).reshape(-1)
    if array.shape[0] != ids.size:
        raise ValueError(f"{array.shape[0]} rows but {ids.size} cluster labels")
    _, dense = np.unique(ids, return_inverse=True)
    out = np.zeros((int(dense.max()) + 1 if dense.size else 0, *array.shape[1:]), dtype=np.float64)
    np.add.at(out, dense, array)
    return out
