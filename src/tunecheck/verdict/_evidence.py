"""Evidence: the data a gate is decided on, and the test that fits its kind.

A check measures; it hands the verdict layer, beside each measurement, the per-sample
data behind it as one of these. Each kind answers with the method that is valid for it at
small ``n``:

- :class:`PairedBinary` (the difference of two paired rates): the exact McNemar (sign)
  test at a zero threshold, the exact unconditional version of Tango's score test for a
  margin, Tango's score interval;
- :class:`PairedMean` (the difference of two paired means): the paired t-test and interval;
- :class:`ClusteredMean` (a mean, or the mean of paired differences, over clustered samples:
  rows from one template, document or author): for bounded values (0/1 outcomes) the betting
  test on the cluster means, valid whatever their distribution, else the cluster-robust (CR1)
  t-test on ``G - 1`` degrees of freedom; its ``n`` is the number of clusters, the independent
  units;
- :class:`PairedResampled` (the difference of a corpus metric): the paired percentile
  bootstrap, p-values floored at 1/(B+1);
- :class:`Rate` (one model's rate): the exact binomial test, Clopper-Pearson interval;
- :class:`Mean` (one model's mean): the one-sample t-test and interval;
- :class:`Quantile` (one model's p95, p99): distribution-free order-statistic bounds;
- :class:`Resampled` (one model's corpus metric): the percentile bootstrap, floored;
- :class:`Observed` (a figure read from a training log): compared as it is.

``p_above(t)`` is the one-sided p-value against "the quantity exceeds ``t``", ``p_below``
the mirror; ``interval(confidence)`` is the two-sided interval whose ends are the one-sided
bounds at ``(1 + confidence) / 2``, so a gate decided at ``alpha = (1 - confidence) / 2``
agrees with the interval the report shows. ``minimum`` is the fewest samples the method is
trusted on: below it a gate is INCONCLUSIVE whatever the data say.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from tunecheck.config import PolicySettings
from tunecheck.stats import (
    PairedBootstrap,
    betting_interval,
    betting_p_above,
    betting_p_below,
    clopper_pearson,
    cluster_moments,
    cluster_t_interval,
    cluster_t_p_above,
    cluster_t_p_below,
    draws_for_quantile,
    exact_p_above,
    exact_p_below,
    floored_share,
    percentile_interval,
    quantile_bounds,
    quantile_p_above,
    quantile_p_below,
    rate_p_above,
    rate_p_below,
    samples_needed,
    sd,
    sign_test_p,
    summed_by_cluster,
    t_interval,
    t_p_above,
    t_p_below,
    tango_interval,
    trials_for_bound,
)
from tunecheck.types import FloatArray

Bounds = tuple[float | None, float | None]


class Evidence(Protocol):
    """What a gate is decided on."""

    @property
    def n(self) -> int: ...

    def method(self, threshold: float) -> str: ...

    def minimum(self, policy: PolicySettings) -> int: ...

    def interval(self, confidence: float) -> Bounds: ...

    def p_above(self, threshold: float) -> float: ...

    def p_below(self, threshold: float) -> float: ...

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        """Samples for the estimate to clear ``threshold`` on its side at ``alpha`` with ``power``."""
        ...


def _as_float(values: npt.ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _normal_needed(estimate: float, threshold: float, sd_one: float, alpha: float, power: float) -> int | None:
    if sd_one <= 0 or not math.isfinite(sd_one):
        return None
    return samples_needed(estimate, threshold, sd_one, 1, alpha=alpha, power=power)


@dataclass(frozen=True)
class PairedBinary:
    """Paired 0/1 outcomes: the difference of the two rates."""

    candidate: npt.NDArray[np.bool_]
    baseline: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, candidate: npt.ArrayLike, baseline: npt.ArrayLike) -> PairedBinary:
        return cls(np.asarray(candidate, dtype=np.float64) > 0.5, np.asarray(baseline, dtype=np.float64) > 0.5)

    @property
    def n(self) -> int:
        return int(self.candidate.size)

    @property
    def wins(self) -> int:
        return int(np.count_nonzero(self.candidate & ~self.baseline))

    @property
    def losses(self) -> int:
        return int(np.count_nonzero(~self.candidate & self.baseline))

    def method(self, threshold: float) -> str:
        if threshold == 0.0:
            return f"exact McNemar (sign) test on {self.wins} vs {self.losses} discordant pairs"
        return (f"exact unconditional score test of paired proportions ({self.wins} vs {self.losses} "
                "discordant pairs)")

    def minimum(self, policy: PolicySettings) -> int:
        return policy.min_pairs

    def interval(self, confidence: float) -> Bounds:
        found = tango_interval(self.wins, self.losses, self.n, confidence)
        return found.low, found.high

    def p_above(self, threshold: float) -> float:
        if threshold == 0.0:
            return sign_test_p(self.wins, self.losses)
        return exact_p_above(self.wins, self.losses, self.n, threshold)

    def p_below(self, threshold: float) -> float:
        if threshold == 0.0:
            return sign_test_p(self.losses, self.wins)
        return exact_p_below(self.wins, self.losses, self.n, threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        discordant = (self.wins + self.losses) / self.n
        delta = (self.wins - self.losses) / self.n
        # a floor for data with no discordant pair yet: the variance at the margin, or one discordant
        # pair in a hundred, not one in n (which a handful of pairs would make enormous)
        variance = max(discordant - delta * delta, abs(threshold) * (1.0 - abs(threshold)), 1.0 / max(self.n, 100))
        return _normal_needed(delta, threshold, math.sqrt(variance), alpha, power)


@dataclass(frozen=True)
class PairedMean:
    """Paired continuous values: the mean of the per-sample differences."""

    candidate: FloatArray
    baseline: FloatArray

    @classmethod
    def of(cls, candidate: npt.ArrayLike, baseline: npt.ArrayLike) -> PairedMean:
        return cls(_as_float(candidate), _as_float(baseline))

    @property
    def differences(self) -> FloatArray:
        return self.candidate - self.baseline

    @property
    def n(self) -> int:
        return int(self.candidate.size)

    def method(self, threshold: float) -> str:
        return "paired t-test"

    def minimum(self, policy: PolicySettings) -> int:
        return policy.min_pairs

    def interval(self, confidence: float) -> Bounds:
        found = t_interval(self.differences, confidence)
        return (None, None) if found is None else (found.low, found.high)

    def p_above(self, threshold: float) -> float:
        return t_p_above(self.differences, threshold)

    def p_below(self, threshold: float) -> float:
        return t_p_below(self.differences, threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        return _normal_needed(float(self.differences.mean()), threshold, sd(self.differences), alpha, power)


@dataclass(frozen=True)
class PairedResampled:
    """A corpus-level metric (BLEU, macro-F1, ...) under the paired bootstrap."""

    bootstrap: PairedBootstrap

    @property
    def n(self) -> int:
        return self.bootstrap.n_samples

    def method(self, threshold: float) -> str:
        return f"paired percentile bootstrap ({self.bootstrap.n_resamples} resamples)"

    def minimum(self, policy: PolicySettings) -> int:
        return max(policy.min_pairs, policy.min_pairs_bootstrap)

    def interval(self, confidence: float) -> Bounds:
        found = percentile_interval(self.bootstrap.deltas, confidence)
        return found.low, found.high

    def p_above(self, threshold: float) -> float:
        return self.bootstrap.p_value_above(threshold)

    def p_below(self, threshold: float) -> float:
        return self.bootstrap.p_value_below(threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        sd_one = self.bootstrap.delta_se * math.sqrt(self.n)
        return _normal_needed(self.bootstrap.delta, threshold, sd_one, alpha, power)


@dataclass(frozen=True)
class Rate:
    """One model's rate: ``k`` events in ``n`` independent trials."""

    k: int
    trials: int

    @property
    def n(self) -> int:
        return self.trials

    def method(self, threshold: float) -> str:
        return f"exact binomial test ({self.k} of {self.trials}), Clopper-Pearson interval"

    def minimum(self, policy: PolicySettings) -> int:
        return 1

    def interval(self, confidence: float) -> Bounds:
        found = clopper_pearson(self.k, self.trials, confidence)
        return found.low, found.high

    def p_above(self, threshold: float) -> float:
        return rate_p_above(self.k, self.trials, threshold)

    def p_below(self, threshold: float) -> float:
        return rate_p_below(self.k, self.trials, threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        rate = self.k / self.trials
        above = rate > threshold
        return trials_for_bound(rate, threshold, alpha, above=above, start=self.trials)


@dataclass(frozen=True)
class Mean:
    """One model's mean of per-sample values."""

    values: FloatArray

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Mean:
        return cls(_as_float(values))

    @property
    def n(self) -> int:
        return int(self.values.size)

    def method(self, threshold: float) -> str:
        return "one-sample t-test"

    def minimum(self, policy: PolicySettings) -> int:
        return policy.min_pairs

    def interval(self, confidence: float) -> Bounds:
        found = t_interval(self.values, confidence)
        return (None, None) if found is None else (found.low, found.high)

    def p_above(self, threshold: float) -> float:
        return t_p_above(self.values, threshold)

    def p_below(self, threshold: float) -> float:
        return t_p_below(self.values, threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        return _normal_needed(float(self.values.mean()), threshold, sd(self.values), alpha, power)


@dataclass(frozen=True)
class ClusteredMean:
    """A mean over clustered samples (``values[i]`` in cluster ``clusters[i]``): one model's values,
    or the candidate-minus-baseline differences of paired samples.

    Samples of one cluster are not independent, so the cluster is the unit: ``n``, the minimum
    and ``samples_needed`` count clusters. Where the values are known to lie in ``bounds`` (0/1
    outcomes and their differences), the test is the betting test on the cluster means, valid
    whatever their distribution; otherwise the cluster-robust t-test."""

    values: FloatArray
    clusters: npt.NDArray[np.int64]
    bounds: tuple[float, float] | None = None
    paired: bool = True
    alpha: float = 0.025
    """The level the betting test's stakes are tuned to (its p-values are valid at every level)."""

    @classmethod
    def of(cls, values: npt.ArrayLike, clusters: npt.ArrayLike, *, bounds: tuple[float, float] | None = None,
           paired: bool = True, alpha: float = 0.025) -> ClusteredMean:
        found = cls(_as_float(values), np.asarray(clusters, dtype=np.int64).reshape(-1), bounds, paired, alpha)
        if found.values.size != found.clusters.size:
            raise ValueError(f"{found.values.size} values but {found.clusters.size} cluster labels")
        return found

    @property
    def n(self) -> int:
        return int(np.unique(self.clusters).size)

    @property
    def samples(self) -> int:
        return int(self.values.size)

    def cluster_means(self) -> FloatArray:
        """Each cluster's mean, the values the betting test bets on."""
        sums = summed_by_cluster(np.stack([self.values, np.ones_like(self.values)], axis=1), self.clusters)
        return np.asarray(sums[:, 0] / sums[:, 1], dtype=np.float64)

    def method(self, threshold: float) -> str:
        kind = "paired " if self.paired else ""
        of = f"{self.n} clusters of {self.samples} samples"
        if self.bounds is None:
            return f"cluster-robust {kind}t-test ({of})"
        return f"betting test on cluster means, valid for values in [{self.bounds[0]:g}, {self.bounds[1]:g}] ({of})"

    def minimum(self, policy: PolicySettings) -> int:
        return policy.min_pairs

    def interval(self, confidence: float) -> Bounds:
        if self.bounds is not None:
            found = betting_interval(self.cluster_means(), self.bounds, confidence)
            return (None, None) if found is None else found
        t_found = cluster_t_interval(self.values, self.clusters, confidence)
        return (None, None) if t_found is None else (t_found.low, t_found.high)

    def p_above(self, threshold: float) -> float:
        if self.bounds is not None:
            return betting_p_above(self.cluster_means(), self.bounds, threshold, alpha=self.alpha)
        return cluster_t_p_above(self.values, self.clusters, threshold)

    def p_below(self, threshold: float) -> float:
        if self.bounds is not None:
            return betting_p_below(self.cluster_means(), self.bounds, threshold, alpha=self.alpha)
        return cluster_t_p_below(self.values, self.clusters, threshold)

    def p_two_sided(self) -> float:
        return min(1.0, 2.0 * min(self.p_above(0.0), self.p_below(0.0)))

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        """Clusters (of the same kind and size) for the estimate to clear ``threshold``.

        t-based: the normal approximation. Betting: the fewest copies of these cluster means that the
        test decides at ``alpha`` (new clusters like these), scaled from that even chance to ``power``
        as the normal approximation scales it."""
        groups, mean, se = cluster_moments(self.values, self.clusters)
        if groups < 2 or not math.isfinite(se):
            return None
        normal = _normal_needed(mean, threshold, se * math.sqrt(groups), alpha, power)
        bounds = self.bounds
        if bounds is None or normal is None:
            return normal
        means, above = self.cluster_means(), mean > threshold
        copies = _fewest(lambda k: _decides(np.tile(means, k), bounds, threshold, above, alpha, self.alpha), 1024)
        if copies is None:
            return None
        from scipy.special import ndtri

        z_alpha, z_power = float(ndtri(1 - alpha)), float(ndtri(power))
        return max(normal, math.ceil(copies * means.size * ((z_alpha + z_power) / z_alpha) ** 2))


def _decides(means: FloatArray, bounds: tuple[float, float], threshold: float, above: bool, alpha: float,
             tuned: float) -> bool:
    test = betting_p_above if above else betting_p_below
    return test(means, bounds, threshold, alpha=tuned) < alpha


def _fewest(decides: Callable[[int], bool], limit: int) -> int | None:
    """The smallest k in 1..limit with ``decides(k)`` (doubling, then bisection), None if none is."""
    high = 1
    while not decides(high):
        if high >= limit:
            return None
        high = min(2 * high, limit)
    low = high // 2
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if decides(mid) else (mid, high)
    return high


@dataclass(frozen=True)
class Quantile:
    """One model's ``q``-quantile (a p95, a p99) of independent draws."""

    values: FloatArray
    q: float

    @classmethod
    def of(cls, values: npt.ArrayLike, q: float) -> Quantile:
        return cls(np.sort(_as_float(values)), q)

    @property
    def n(self) -> int:
        return int(self.values.size)

    def method(self, threshold: float) -> str:
        return f"distribution-free order-statistic bound of the p{100 * self.q:g} ({self.n} draws)"

    def minimum(self, policy: PolicySettings) -> int:
        return 1

    def interval(self, confidence: float) -> Bounds:
        return quantile_bounds(self.values, self.q, confidence)

    def p_above(self, threshold: float) -> float:
        return quantile_p_above(self.values, self.q, threshold)

    def p_below(self, threshold: float) -> float:
        return quantile_p_below(self.values, self.q, threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        below = float(np.mean(self.values < threshold)) > self.q
        return draws_for_quantile(self.values, self.q, threshold, alpha, power, below=below)


@dataclass(frozen=True)
class Resampled:
    """One model's corpus-level metric under the bootstrap: its value and resampled values."""

    value: float
    replicates: FloatArray = field(repr=False)
    samples: int

    @property
    def n(self) -> int:
        return self.samples

    def method(self, threshold: float) -> str:
        return f"percentile bootstrap ({self.replicates.size} resamples)"

    def minimum(self, policy: PolicySettings) -> int:
        return max(policy.min_pairs, policy.min_pairs_bootstrap)

    def interval(self, confidence: float) -> Bounds:
        found = percentile_interval(self.replicates, confidence)
        return found.low, found.high

    def p_above(self, threshold: float) -> float:
        return floored_share(self.replicates <= threshold)

    def p_below(self, threshold: float) -> float:
        return floored_share(self.replicates >= threshold)

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        sd_one = sd(self.replicates) * math.sqrt(self.samples)
        return _normal_needed(self.value, threshold, sd_one, alpha, power)


@dataclass(frozen=True)
class Observed:
    """A figure read as it is (from a training log), with no sampling error to model.

    A gate on it compares the figure with its threshold: the claim holds or it does not.
    It decides a rule about the log itself (the evaluation loss rose by more than 0.1),
    never an estimate from samples, so no minimum applies.
    """

    value: float
    source: str

    @property
    def n(self) -> int:
        return 1

    def method(self, threshold: float) -> str:
        return f"the figure as read from {self.source}, compared with the threshold"

    def minimum(self, policy: PolicySettings) -> int:
        return 1

    def interval(self, confidence: float) -> Bounds:
        return self.value, self.value

    def p_above(self, threshold: float) -> float:
        return 0.0 if self.value > threshold else 1.0

    def p_below(self, threshold: float) -> float:
        return 0.0 if self.value < threshold else 1.0

    def samples_needed(self, threshold: float, alpha: float, power: float) -> int | None:
        return None
