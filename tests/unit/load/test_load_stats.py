"""Percentiles: order-statistic CIs for independent draws, the cluster bootstrap for clustered ones."""

from __future__ import annotations

import numpy as np

from tunecheck.load._stats import cluster_bootstrap_ci, percentile_ci, summarize


def test_order_statistic_ci_covers_the_true_p95_at_its_level() -> None:
    rng = np.random.default_rng(1)
    true_p95 = float(np.log(20.0))  # p95 of an exponential with mean 1
    covered = 0
    for _ in range(400):
        values = rng.exponential(1.0, size=400)
        ci = percentile_ci(values, 95.0, None, 500, 0.95, rng)
        assert ci is not None and ci[0] is not None and ci[1] is not None and ci[0] <= ci[1]
        covered += ci[0] <= true_p95 <= ci[1]
    assert covered >= 0.93 * 400


def test_sixty_requests_cannot_bound_a_p99() -> None:
    values = np.random.default_rng(2).exponential(1.0, size=60)
    ci = percentile_ci(values, 99.0, None, 500, 0.95, np.random.default_rng(0))
    assert ci is not None and ci[1] is None and ci[0] is not None


def test_cluster_bootstrap_is_wider_for_correlated_samples() -> None:
    rng = np.random.default_rng(2)
    means = rng.normal(10.0, 3.0, size=30)
    values = np.repeat(means, 50) + rng.normal(0.0, 0.1, size=1500)
    clusters = np.repeat(np.arange(30), 50).astype(np.int64)
    naive = percentile_ci(values, 95.0, None, 400, 0.95, np.random.default_rng(3))
    clustered = cluster_bootstrap_ci(values, 95.0, clusters, 400, 0.95, np.random.default_rng(3))
    assert naive is not None and clustered is not None and naive[0] is not None and naive[1] is not None
    assert clustered[1] - clustered[0] > 2 * (naive[1] - naive[0])


def test_summary_warns_when_too_few_samples_back_p99() -> None:
    few = summarize(np.arange(50, dtype=np.float64), None, 200, 0.95, seed=0)
    many = summarize(np.arange(500, dtype=np.float64), None, 200, 0.95, seed=0)
    assert few is not None and few.warning is not None and "368" in few.warning
    assert many is not None and many.warning is None
    assert len(many.quantiles) == 101 and many.p50 == np.percentile(np.arange(500), 50)
    assert many.values is not None and len(many.values) == 500


def test_order_statistic_ci_uses_the_binomial_law_of_the_ranks() -> None:
    from scipy.stats import binom

    rng = np.random.default_rng(5)
    for n in (80, 400, 2000):
        values = np.sort(rng.exponential(1.0, size=n))
        low, high = percentile_ci(values, 95.0, None, 100, 0.95, rng) or (None, None)
        assert low is not None and high is not None
        upper = int(np.searchsorted(values, high)) + 1  # 1-based rank of the upper end
        lower = int(np.searchsorted(values, low)) + 1
        assert binom.sf(upper - 1, n, 0.95) < 0.025 <= binom.sf(upper - 2, n, 0.95)
        assert binom.cdf(lower - 1, n, 0.95) < 0.025 <= binom.cdf(lower, n, 0.95)
