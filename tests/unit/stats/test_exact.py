"""Exact and small-sample methods: binomial bounds, the paired-binary score test, t, percentiles."""

from __future__ import annotations

import numpy as np
import pytest

from tunecheck.stats import (
    clopper_pearson,
    exact_p_above,
    exact_p_below,
    quantile_bounds,
    quantile_p_above,
    quantile_p_below,
    rate_p_above,
    rate_p_below,
    sign_test_p,
    t_interval,
    t_p_above,
    tango_interval,
    tango_z,
    trials_for_bound,
)


def test_clopper_pearson_matches_known_bounds() -> None:
    all_right = clopper_pearson(30, 30, 0.95)
    assert all_right.low == pytest.approx(0.025 ** (1 / 30)) and all_right.high == 1.0
    none_wrong = clopper_pearson(0, 20, 0.95)
    assert none_wrong.low == 0.0 and none_wrong.high == pytest.approx(1 - 0.025 ** (1 / 20))
    assert none_wrong.high == pytest.approx(0.168, abs=1e-3)


def test_rate_tests_are_the_binomial_tails() -> None:
    assert rate_p_above(30, 30, 0.98) == pytest.approx(0.98 ** 30)
    assert rate_p_below(0, 20, 0.01) == pytest.approx(0.99 ** 20)
    assert trials_for_bound(1.0, 0.98, 0.025, above=True, start=30) == 183
    assert trials_for_bound(0.5, 0.98, 0.025, above=True, start=30) is None


def test_the_sign_test_is_mcnemars_one_sided_exact_test() -> None:
    assert sign_test_p(3, 0) == pytest.approx(0.125)
    assert sign_test_p(6, 0) == pytest.approx(1 / 64)
    assert sign_test_p(0, 0) == 1.0
    assert sign_test_p(8, 2) == pytest.approx(sum([45, 10, 1]) / 1024)


def test_tango_statistic_is_mcnemars_at_zero_and_its_interval_inverts_it() -> None:
    assert tango_z(9, 4, 50, 0.0) == pytest.approx((9 - 4) / np.sqrt(13))
    interval = tango_interval(9, 4, 50, 0.95)
    assert interval.low < 0.1 < interval.high
    assert tango_z(9, 4, 50, interval.low) == pytest.approx(1.959964, abs=1e-4)
    assert tango_z(9, 4, 50, interval.high) == pytest.approx(-1.959964, abs=1e-4)


def test_the_exact_score_test_is_more_cautious_than_the_asymptotic_one_at_small_n() -> None:
    from scipy.stats import norm

    asymptotic = float(norm.sf(tango_z(0, 0, 48, -0.05)))
    assert exact_p_above(0, 0, 48, -0.05) > asymptotic
    assert exact_p_below(0, 0, 48, 0.05) == pytest.approx(exact_p_above(0, 0, 48, -0.05))
    assert exact_p_above(0, 0, 200, -0.05) < 0.025 < exact_p_above(0, 0, 40, -0.05)


def test_t_methods_agree_with_scipy() -> None:
    from scipy.stats import ttest_1samp

    values = np.array([0.3, -0.1, 0.4, 0.25, 0.05, 0.6, 0.1, -0.2, 0.35, 0.2])
    assert t_p_above(values, 0.0) == pytest.approx(ttest_1samp(values, 0.0, alternative="greater").pvalue)
    interval = t_interval(values, 0.95)
    assert interval is not None
    assert t_p_above(values, interval.low) == pytest.approx(0.025)
    assert t_interval([1.0], 0.95) is None


def test_percentile_bounds_need_enough_draws() -> None:
    values = np.arange(1.0, 61.0)
    low, high = quantile_bounds(values, 0.99, 0.95)
    assert high is None and low is not None
    low, high = quantile_bounds(np.arange(1.0, 401.0), 0.99, 0.95)
    assert low is not None and high is not None and low < 396 < high
    assert quantile_p_below(np.arange(1.0, 401.0), 0.99, high + 0.5) < 0.025
    assert quantile_p_below(np.arange(1.0, 401.0), 0.99, high - 0.5) >= 0.025
    assert quantile_p_above(np.arange(1.0, 401.0), 0.99, 100.0) < 1e-10
