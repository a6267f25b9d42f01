"""The difference of two paired proportions: Tango's score test and interval.

For paired binary outcomes (the same samples scored right or wrong for both models), the
counts that carry the difference are the discordant pairs: ``wins`` (candidate right,
baseline wrong) and ``losses`` (the reverse), out of ``n`` pairs. The difference of the
two rates is ``delta = (wins - losses) / n``. Tango (1998) tests ``delta = delta0`` with
the score statistic

    z = (wins - losses - n delta0) / sqrt(n (2 p01 + delta0 (1 - delta0)))

where ``p01`` is the maximum-likelihood rate of losses under ``delta = delta0``; the
interval inverts the test. Its coverage stays near nominal down to small ``n`` (Tango
1998; Newcombe 1998), which a Wald interval's does not.

The asymptotic test itself exceeds its level at small ``n`` (a size of 0.033 at ``n = 10``
for a 0.025 test, measured), so gates use the exact unconditional version: the p-value is
the largest probability, over the nuisance rate of discordant pairs, of a statistic at
least as extreme as the observed one, summed over every possible (wins, losses) outcome
(computed for ``n <= EXACT_MAX_PAIRS``; above it the asymptotic size is within Monte Carlo
error of nominal). At ``delta0 = 0`` the statistic is McNemar's; gates at a zero
threshold use the exact sign test (:func:`tunecheck.stats.sign_test_p`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from tunecheck.stats._bootstrap import Interval
from tunecheck.types import FloatArray

#: Largest ``n`` for which gates compute the exact unconditional p-value.
EXACT_MAX_PAIRS = 400
_NUISANCE_GRID = 201
_GRID_CHUNK = 16


def _z(wins: npt.ArrayLike, losses: npt.ArrayLike, n: int, delta0: float) -> FloatArray:
    b, c = np.asarray(wins, dtype=np.float64), np.asarray(losses, dtype=np.float64)
    w = -b - c + (2 * n - b + c) * delta0
    p01 = (np.sqrt(np.maximum(0.0, w * w + 8.0 * n * c * delta0 * (1.0 - delta0))) - w) / (4.0 * n)
    variance = n * (2.0 * p01 + delta0 * (1.0 - delta0))
    numerator = b - c - n * delta0
    degenerate = variance <= 1e-15
    with np.errstate(divide="ignore", invalid="ignore"):
        z = numerator / np.sqrt(np.where(degenerate, 1.0, variance))
    edge = np.where(np.abs(numerator) < 1e-12, 0.0, np.copysign(np.inf, numerator))
    return np.asarray(np.where(degenerate, edge, z), dtype=np.float64)


def tango_z(wins: int, losses: int, n: int, delta0: float) -> float:
    """Tango's score statistic for ``delta = delta0`` (positive: the data lie above ``delta0``)."""
    if n < 1:
        raise ValueError(f"paired proportions need at least one pair, got n={n}")
    return float(_z(wins, losses, n, delta0))


def tango_p_above(wins: int, losses: int, n: int, delta0: float) -> float:
    """Asymptotic one-sided p-value for ``delta > delta0`` (for the interval; gates use the exact one)."""
    if delta0 <= -1.0:
        return 0.0 if wins + n - losses > 0 else 1.0
    if delta0 >= 1.0:
        return 1.0
    return _upper_tail(tango_z(wins, losses, n, delta0))


def tango_p_below(wins: int, losses: int, n: int, delta0: float) -> float:
    """Asymptotic one-sided p-value for ``delta < delta0``."""
    return tango_p_above(losses, wins, n, -delta0)


def exact_p_above(wins: int, losses: int, n: int, delta0: float) -> float:
    """Exact unconditional one-sided p-value for ``delta > delta0`` (asymptotic above ``EXACT_MAX_PAIRS``)."""
    if delta0 <= -1.0 or delta0 >= 1.0 or n > EXACT_MAX_PAIRS:
        return tango_p_above(wins, losses, n, delta0)
    return float(_exact_table(n, round(delta0, 12))[wins, losses])


def exact_p_below(wins: int, losses: int, n: int, delta0: float) -> float:
    """Exact unconditional one-sided p-value for ``delta < delta0``."""
    return exact_p_above(losses, wins, n, -delta0)


@lru_cache(maxsize=32)
def _exact_table(n: int, delta0: float) -> FloatArray:
    """p-values for "delta > delta0" of every outcome (wins, losses), as an (n+1, n+1) array.

    The p-value of an outcome is ``max over the nuisance rate of P(Z >= z_observed)``; sorting
    the outcomes by ``z`` turns every p-value into one cumulative sum per nuisance value.
    """
    from scipy.special import gammaln

    b, c = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    valid = b + c <= n
    b, c = b[valid], c[valid]
    z = _z(b, c, n, delta0)
    order = np.argsort(-z, kind="stable")
    b, c, z = b[order], c[order], z[order]
    grid = np.linspace(max(0.0, -delta0), (1.0 - delta0) / 2.0, _NUISANCE_GRID)
    base = gammaln(n + 1) - gammaln(b + 1) - gammaln(c + 1) - gammaln(n - b - c + 1)
    last_of_tie = np.searchsorted(-z, -z, side="right") - 1
    p = np.zeros(b.size)
    for start in range(0, grid.size, _GRID_CHUNK):  # bounded memory: a chunk of nuisance values at a time
        losses_rate = grid[start:start + _GRID_CHUNK, None]
        wins_rate = losses_rate + delta0
        ties_rate = np.clip(1.0 - wins_rate - losses_rate, 0.0, 1.0)
        log = base + _xlog(b, wins_rate) + _xlog(c, losses_rate) + _xlog(n - b - c, ties_rate)
        tail = np.cumsum(np.exp(log), axis=1)
        p = np.maximum(p, tail[:, last_of_tie].max(axis=0))
    p = np.minimum(1.0, p)
    table = np.ones((n + 1, n + 1), dtype=np.float64)
    table[b, c] = p
    return table


def _xlog(count: npt.NDArray[np.int64], rate: FloatArray) -> FloatArray:
    """``count * log(rate)`` with ``0 * log(0) = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = count * np.log(rate)
    return np.asarray(np.where(count == 0, 0.0, value), dtype=np.float64)


def tango_interval(wins: int, losses: int, n: int, confidence: float) -> Interval:
    """Two-sided score interval of ``delta``; each end is a one-sided ``(1 + confidence) / 2`` bound."""
    tail = (1.0 - confidence) / 2.0
    low = _solve(lambda d: tango_p_above(wins, losses, n, d) - tail)
    high = -_solve(lambda d: tango_p_above(losses, wins, n, d) - tail)
    return Interval(low=low, high=high)


def _solve(excess: Callable[[float], float]) -> float:
    """The largest ``d`` in [-1, 1] with ``excess(d) < 0`` (p-value below the tail), by bisection.

    ``excess`` rises with ``d``: the p-value against "delta > d" grows as ``d`` does.
    """
    low, high = -1.0, 1.0
    if excess(low + 1e-12) >= 0:
        return -1.0
    if excess(high - 1e-12) < 0:
        return 1.0
    for _ in range(60):
        middle = (low + high) / 2.0
        if excess(middle) < 0:
            low = middle
        else:
            high = middle
    return low


def _upper_tail(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2.0))
