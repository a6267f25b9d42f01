"""Percentiles and the vectorised (cluster) percentile bootstrap."""

from __future__ import annotations

import numpy as np

from tunecheck.load._stats import bootstrap_percentile, exact_bootstrap_ci, samples_needed, summarize


def test_samples_needed_for_tail_percentiles() -> None:
    assert samples_needed(99.0) == 100
    assert samples_needed(95.0) == 20
    assert samples_needed(99.0, above=10) == 1000


def test_bootstrap_ci_covers_the_true_p95_most_of_the_time() -> None:
    rng = np.random.default_rng(1)
    true_p95 = float(np.log(20.0))  # p95 of an exponential with mean 1
    covered = 0
    for _ in range(40):
        values = rng.exponential(1.0, size=400)
        ci = bootstrap_percentile(values, 95.0, None, 500, 0.95, rng)
        assert ci is not None and ci[0] <= ci[1]
        covered += ci[0] <= true_p95 <= ci[1]
    assert covered >= 33


def test_exact_ci_agrees_with_brute_force_resampling() -> None:
    rng = np.random.default_rng(4)
    values = rng.lognormal(3.0, 0.5, size=300)
    draws = values[rng.integers(0, values.size, size=(20_000, values.size))]
    replicates = np.sort(draws, axis=1)[:, int(np.ceil(0.95 * values.size)) - 1]
    brute = np.percentile(replicates, [2.5, 97.5])
    exact = bootstrap_percentile(values, 95.0, None, 1000, 0.95, rng)
    singletons = np.arange(values.size, dtype=np.int64)
    resampled = bootstrap_percentile(values, 95.0, singletons, 4000, 0.95, rng)
    ordered = np.sort(values)
    assert exact is not None and resampled is not None
    for ci in (exact, resampled):
        for got, want in zip(ci, brute, strict=True):
            rank = int(np.searchsorted(ordered, got))
            assert abs(rank - int(np.searchsorted(ordered, want))) <= 1


def test_cluster_bootstrap_is_wider_for_correlated_samples() -> None:
    rng = np.random.default_rng(2)
    means = rng.normal(10.0, 3.0, size=30)
    values = np.repeat(means, 50) + rng.normal(0.0, 0.1, size=1500)
    clusters = np.repeat(np.arange(30), 50).astype(np.int64)
    naive = bootstrap_percentile(values, 95.0, None, 400, 0.95, np.random.default_rng(3))
    clustered = bootstrap_percentile(values, 95.0, clusters, 400, 0.95, np.random.default_rng(3))
    assert naive is not None and clustered is not None
    assert clustered[1] - clustered[0] > 2 * (naive[1] - naive[0])


def test_summary_warns_when_too_few_samples_back_p99() -> None:
    few = summarize(np.arange(50, dtype=np.float64), None, 200, 0.95, seed=0)
    many = summarize(np.arange(500, dtype=np.float64), None, 200, 0.95, seed=0)
    assert few is not None and few.warning is not None and "100" in few.warning
    assert many is not None and many.warning is None
    assert len(many.quantiles) == 101 and many.p50 == np.percentile(np.arange(500), 50)


def test_exact_ci_uses_the_binomial_law_of_the_order_statistic() -> None:
    from scipy.stats import binom

    rng = np.random.default_rng(5)
    for n in (2, 7, 120, 2000):
        values = rng.exponential(1.0, size=n)
        for q in (95.0, 99.0):
            rank = int(np.ceil(q / 100 * n - 1e-9))
            cdf = binom.sf(rank - 1, n, np.arange(1, n + 1) / n)
            ordered = np.sort(values)
            want = tuple(float(ordered[min(int(np.searchsorted(cdf, p)), n - 1)]) for p in (0.025, 0.975))
            assert exact_bootstrap_ci(values, q, 0.95) == want
