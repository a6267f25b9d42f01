"""Distribution-free bounds and tests for a percentile (p95, p99) of independent draws.

The ``q``-quantile ``Q`` of a continuous distribution lies below ``L`` exactly when more
than a share ``q`` of draws fall below ``L``; the count of draws below ``L`` is binomial
whatever the distribution. So the order statistics give exact bounds: ``Q <= x_(u)`` with
probability ``P(Binomial(n, q) <= u - 1)``. A bound at ``1 - alpha`` exists only when
``n`` is large enough: the largest of ``n`` draws bounds the p99 at 97.5% only from
``n = 368`` (``ln 0.025 / ln 0.99``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tunecheck.stats._binomial import log_ratio, p_at_least, p_at_most


def quantile_bounds(values: npt.ArrayLike, q: float, confidence: float) -> tuple[float | None, float | None]:
    """Two-sided distribution-free interval of the ``q``-quantile; None where ``n`` cannot bound a side."""
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    n = ordered.size
    tail = (1.0 - confidence) / 2.0
    upper = _upper_rank(n, q, tail)
    lower = _lower_rank(n, q, tail)
    return (None if lower is None else float(ordered[lower - 1]),
            None if upper is None else float(ordered[upper - 1]))


def _upper_rank(n: int, q: float, tail: float) -> int | None:
    """Smallest rank ``u`` with ``P(Bin(n, q) >= u) < tail``: ``Q <= x_(u)`` at ``1 - tail``."""
    from scipy.stats import binom

    ranks = np.arange(1, n + 1)
    ok = np.flatnonzero(binom.sf(ranks - 1, n, q) < tail)
    return int(ranks[ok[0]]) if ok.size else None


def _lower_rank(n: int, q: float, tail: float) -> int | None:
    """Largest rank ``l`` with ``P(Bin(n, q) <= l - 1) < tail``: ``Q >= x_(l)`` at ``1 - tail``."""
    from scipy.stats import binom

    ranks = np.arange(1, n + 1)
    ok = np.flatnonzero(binom.cdf(ranks - 1, n, q) < tail)
    return int(ranks[ok[-1]]) if ok.size else None


def quantile_p_below(values: npt.ArrayLike, q: float, limit: float) -> float:
    """Exact one-sided p-value for "the ``q``-quantile is below ``limit``"."""
    array = np.asarray(values, dtype=np.float64)
    return p_at_least(int(np.count_nonzero(array < limit)), array.size, q)


def quantile_p_above(values: npt.ArrayLike, q: float, limit: float) -> float:
    """Exact one-sided p-value for "the ``q``-quantile is above ``limit``"."""
    array = np.asarray(values, dtype=np.float64)
    return p_at_most(int(np.count_nonzero(array <= limit)), array.size, q)


def draws_for_quantile(values: npt.ArrayLike, q: float, limit: float, alpha: float, power: float,
                       *, below: bool) -> int | None:
    """Draws needed to show the ``q``-quantile ``below`` (or above) ``limit``, if the observed share holds.

    Normal approximation of the binomial count, never fewer than the draws any bound needs
    (``ln alpha / ln q`` for an upper bound). None when the observed share lies on the
    other side of ``q``.
    """
    array = np.asarray(values, dtype=np.float64)
    share = float(np.mean(array < limit)) if array.size else 0.0
    gap = share - q if below else q - share
    if gap <= 0:
        return None
    from scipy.special import ndtri

    z = float(ndtri(1.0 - alpha)) + float(ndtri(power))
    needed = int(np.ceil(z * z * q * (1.0 - q) / (gap * gap)))
    floor = log_ratio(alpha, q) if below else log_ratio(alpha, 1.0 - q)
    return max(needed, floor)
