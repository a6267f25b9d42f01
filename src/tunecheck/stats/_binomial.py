"""Exact binomial methods: Clopper-Pearson bounds, one-sided rate tests, McNemar's sign test.

Every p-value here is exact (the binomial distribution itself, no normal approximation),
so a gate decided on one has a false-pass rate of at most ``alpha`` at every ``n``.
"""

from __future__ import annotations

import math

from tunecheck.stats._bootstrap import Interval


def p_at_least(k: int, n: int, p: float) -> float:
    """``P(X >= k)`` for ``X ~ Binomial(n, p)``."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    from scipy.stats import binom

    return float(binom.sf(k - 1, n, p))


def p_at_most(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X ~ Binomial(n, p)``."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    from scipy.stats import binom

    return float(binom.cdf(k, n, p))


def rate_p_above(k: int, n: int, threshold: float) -> float:
    """Exact one-sided p-value for "the rate exceeds ``threshold``", having seen ``k`` of ``n``."""
    if threshold >= 1.0:
        return 1.0
    if threshold <= 0.0:
        return 0.0 if k > 0 else 1.0
    return p_at_least(k, n, threshold)


def rate_p_below(k: int, n: int, threshold: float) -> float:
    """Exact one-sided p-value for "the rate is below ``threshold``", having seen ``k`` of ``n``."""
    return rate_p_above(n - k, n, 1.0 - threshold)


def clopper_pearson(k: int, n: int, confidence: float) -> Interval:
    """Exact two-sided interval of a rate; each end is a one-sided ``(1 + confidence) / 2`` bound."""
    if n < 1:
        raise ValueError(f"a rate needs at least one trial, got n={n}")
    from scipy.stats import beta

    tail = (1.0 - confidence) / 2.0
    low = 0.0 if k == 0 else float(beta.ppf(tail, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1.0 - tail, k + 1, n - k))
    return Interval(low=low, high=high)


def sign_test_p(wins: int, losses: int) -> float:
    """One-sided exact McNemar (sign) test that wins outnumber losses: ``P(Bin(w + l, 1/2) >= w)``."""
    return p_at_least(wins, wins + losses, 0.5) if wins + losses else 1.0


def trials_for_bound(rate: float, threshold: float, alpha: float, *, above: bool, start: int) -> int | None:
    """Fewest trials at the observed ``rate`` whose exact one-sided test clears ``threshold`` at ``alpha``.

    ``above``: the claim is "rate > threshold" (else "rate < threshold"). None when the
    observed rate does not lie on the claimed side (no number of trials would help).
    """
    if (above and rate <= threshold) or (not above and rate >= threshold):
        return None

    def clears(n: int) -> bool:
        k = round(rate * n)
        p = rate_p_above(k, n, threshold) if above else rate_p_below(k, n, threshold)
        return p < alpha

    high = max(1, start)
    while not clears(high):
        high *= 2
        if high > 1 << 30:
            return None
    low = max(1, high // 2)
    while low < high:
        middle = (low + high) // 2
        if clears(middle):
            high = middle
        else:
            low = middle + 1
    return low


def log_ratio(alpha: float, q: float) -> int:
    """Fewest draws for the largest of them to bound the ``q``-quantile at ``1 - alpha``: ``ln alpha / ln q``."""
    return math.ceil(math.log(alpha) / math.log(q) - 1e-12)
