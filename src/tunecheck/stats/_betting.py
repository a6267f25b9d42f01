"""A valid test and interval for the mean of bounded values, by betting.

The t-test's level rests on the mean being roughly normal. Cluster means are not when a
few clusters fail whole (a fine-tune that misreads a template misreads every sample of it):
with ten clusters and one broken template in eighteen, the cluster-robust t-test passes a
model on the margin's boundary about one time in seven. For values known to lie in
``[low, high]`` (cluster means of 0/1 outcomes do) this test holds its level whatever their
distribution (Waudby-Smith and Ramdas, "Estimating means of bounded random variables by
betting", JRSS B 2024): a gambler bets against "the mean is at most ``m``" with a
predictable stake; under that hypothesis the wealth is a non-negative supermartingale, so
by Markov's inequality it reaches ``1 / alpha`` with probability at most ``alpha``.

The wealth depends on the order of the values, so it is averaged over seeded random orders
(an average of such wealths is still one); the p-value is ``min(1, 1 / wealth)``. The
interval inverts the two one-sided tests by bisection.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from tunecheck.types import FloatArray

ORDERS = 32
"""Random orders the wealth is averaged over."""


def _scaled(values: npt.ArrayLike, bounds: tuple[float, float]) -> FloatArray:
    low, high = bounds
    if not high > low:
        raise ValueError(f"bounds must have low < high, got {bounds}")
    x = (np.asarray(values, dtype=np.float64).reshape(-1) - low) / (high - low)
    if x.size and (x.min() < -1e-9 or x.max() > 1 + 1e-9):
        raise ValueError(f"values outside the stated bounds {bounds}")
    return np.clip(x, 0.0, 1.0)


def _orders(x: FloatArray, seed: int) -> FloatArray:
    rng = np.random.default_rng(seed)
    return np.stack([x[rng.permutation(x.size)] for _ in range(ORDERS)])


def _stakes(ordered: FloatArray, alpha: float) -> FloatArray:
    """Predictable plug-in stakes: each from the values before it (running mean and variance)."""
    n = ordered.shape[1]
    index = np.arange(1, n + 1, dtype=np.float64)
    means = (0.5 + np.cumsum(ordered, axis=1)) / (index + 1)
    variances = (0.25 + np.cumsum((ordered - means) ** 2, axis=1)) / (index + 1)
    before = np.concatenate([np.full((ordered.shape[0], 1), 0.25), variances[:, :-1]], axis=1)
    return np.asarray(np.sqrt(2.0 * math.log(1.0 / alpha) / (n * before)), dtype=np.float64)


def _wealth(ordered: FloatArray, stakes: FloatArray, m: float) -> float:
    """Mean over orders of the final wealth betting that the mean exceeds ``m`` (values in [0, 1])."""
    lam = stakes if m <= 0.0 else np.minimum(stakes, 0.5 / m)
    logs = np.sum(np.log1p(lam * (ordered - m)), axis=1)
    return float(np.mean(np.exp(np.minimum(logs, 700.0))))


def betting_p_above(values: npt.ArrayLike, bounds: tuple[float, float], threshold: float, *, alpha: float = 0.025,
                    seed: int = 0) -> float:
    """One-sided p-value against "the mean is at most ``threshold``" for values in ``bounds``.

    ``alpha`` only tunes the stakes (the p-value is valid at every level)."""
    x = _scaled(values, bounds)
    if x.size == 0:
        return 1.0
    low, high = bounds
    m = (threshold - low) / (high - low)
    if m >= 1.0:
        return 1.0
    if m < 0.0:
        return 0.0
    ordered = _orders(x, seed)
    wealth = _wealth(ordered, _stakes(ordered, alpha), m)
    return 1.0 if wealth <= 1.0 else min(1.0, 1.0 / wealth)


def betting_p_below(values: npt.ArrayLike, bounds: tuple[float, float], threshold: float, *, alpha: float = 0.025,
                    seed: int = 0) -> float:
    """One-sided p-value against "the mean is at least ``threshold``"."""
    low, high = bounds
    return betting_p_above(-np.asarray(values, dtype=np.float64), (-high, -low), -threshold, alpha=alpha, seed=seed)


def betting_interval(values: npt.ArrayLike, bounds: tuple[float, float], confidence: float, *,
                     seed: int = 0) -> tuple[float, float] | None:
    """Two-sided interval of the mean: each end the one-sided bound at ``(1 - confidence) / 2``."""
    if np.asarray(values).size == 0:
        return None
    alpha = (1.0 - confidence) / 2.0
    low, high = bounds
    lower = _bound(lambda t: betting_p_above(values, bounds, t, alpha=alpha, seed=seed) < alpha, low, high)
    upper = -_bound(lambda t: betting_p_below(values, bounds, -t, alpha=alpha, seed=seed) < alpha, -high, -low)
    return lower, upper


def _bound(rejected: Callable[[float], bool], low: float, high: float, steps: int = 40) -> float:
    """The largest threshold in [low, high] still rejected (bisection; ``low`` if none is)."""
    if not rejected(low):
        return low
    a, b = low, high
    for _ in range(steps):
        mid = (a + b) / 2.0
        a, b = (mid, b) if rejected(mid) else (a, mid)
    return a
