"""Student-t methods for means: one-sample and paired, valid at small ``n`` for roughly symmetric data."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from tunecheck.stats._bootstrap import Interval


def _moments(values: npt.ArrayLike) -> tuple[int, float, float]:
    array = np.asarray(values, dtype=np.float64)
    n = int(array.size)
    mean = float(array.mean()) if n else math.nan
    se = float(array.std(ddof=1) / math.sqrt(n)) if n > 1 else math.inf
    return n, mean, se


def t_p_above(values: npt.ArrayLike, threshold: float) -> float:
    """One-sided t-test p-value for "the mean exceeds ``threshold``" (1.0 below two values)."""
    n, mean, se = _moments(values)
    if n < 2:
        return 1.0
    if se <= 1e-12 * max(1.0, abs(mean)):
        return 0.0 if mean > threshold else 1.0
    from scipy.stats import t

    return float(t.sf((mean - threshold) / se, n - 1))


def t_p_below(values: npt.ArrayLike, threshold: float) -> float:
    """One-sided t-test p-value for "the mean is below ``threshold``"."""
    return t_p_above(-np.asarray(values, dtype=np.float64), -threshold)


def t_interval(values: npt.ArrayLike, confidence: float) -> Interval | None:
    """Two-sided t interval of the mean; None below two values."""
    n, mean, se = _moments(values)
    if n < 2:
        return None
    from scipy.stats import t

    half = float(t.ppf(0.5 + confidence / 2.0, n - 1)) * se
    return Interval(low=mean - half, high=mean + half)


def sd(values: npt.ArrayLike) -> float:
    """Sample standard deviation (0 below two values)."""
    array = np.asarray(values, dtype=np.float64)
    return float(array.std(ddof=1)) if array.size > 1 else 0.0
