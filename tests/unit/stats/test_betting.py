"""The betting test for bounded means: valid at small n whatever the distribution, and consistent."""

from __future__ import annotations

import numpy as np
import pytest

from tunecheck.stats import betting_interval, betting_p_above, betting_p_below, t_interval


def test_it_rejects_a_clear_difference_and_not_the_truth() -> None:
    values = np.random.default_rng(1).uniform(0.4, 1.0, size=200)  # mean 0.7
    assert betting_p_above(values, (0.0, 1.0), 0.5) < 0.001
    assert betting_p_above(values, (0.0, 1.0), 0.75) > 0.5
    assert betting_p_below(values, (0.0, 1.0), 0.9) < 0.001


def test_the_interval_agrees_with_the_one_sided_tests() -> None:
    values = np.random.default_rng(2).uniform(-0.5, 1.0, size=60)
    found = betting_interval(values, (-1.0, 1.0), 0.95)
    assert found is not None
    low, high = found
    assert low < values.mean() < high
    assert betting_p_above(values, (-1.0, 1.0), low - 0.01) < 0.025 <= betting_p_above(values, (-1.0, 1.0), low + 0.01)
    assert betting_p_below(values, (-1.0, 1.0), high + 0.01) < 0.025 <= betting_p_below(values, (-1.0, 1.0),
                                                                                         high - 0.01)


def test_it_is_wider_than_t_at_small_n_and_close_to_it_at_large_n() -> None:
    rng = np.random.default_rng(4)
    ratios = []
    for n in (40, 2000):
        values = rng.normal(0.5, 0.15, size=n).clip(0, 1)
        bet, t = betting_interval(values, (0.0, 1.0), 0.95), t_interval(values, 0.95)
        assert bet is not None and t is not None
        ratios.append((bet[1] - bet[0]) / (t.high - t.low))
    assert ratios[0] > 1.2 and 1.0 < ratios[1] < ratios[0]


def test_false_rejections_stay_below_alpha_on_a_rare_large_loss() -> None:
    # 1 value in 20 is 0, the rest 1: mean 0.95, skewed as no normal approximation expects
    rng = np.random.default_rng(6)
    rejected = sum(betting_p_above((rng.random(20) > 0.05).astype(float), (0.0, 1.0), 0.95) < 0.025
                   for _ in range(2000))
    assert rejected / 2000 <= 0.025


def test_the_same_values_give_the_same_answer_and_bad_bounds_are_errors() -> None:
    values = [0.2, 0.9, 0.4, 0.7]
    assert betting_p_above(values, (0.0, 1.0), 0.1) == betting_p_above(values, (0.0, 1.0), 0.1)
    with pytest.raises(ValueError, match="outside the stated bounds"):
        betting_p_above([0.5, 1.5], (0.0, 1.0), 0.2)
    with pytest.raises(ValueError, match="low < high"):
        betting_interval([0.5], (1.0, 1.0), 0.95)


def test_clusters_needed_by_the_betting_test_are_what_it_would_decide_on() -> None:
    from tunecheck.verdict import ClusteredMean

    rng = np.random.default_rng(8)
    values = np.repeat(rng.normal(0.1, 0.25, size=40).clip(-1, 1), 5)
    clusters = np.repeat(np.arange(40), 5)
    betting = ClusteredMean.of(values, clusters, bounds=(-1.0, 1.0))
    t_based = ClusteredMean.of(values, clusters)
    needed = betting.samples_needed(0.0, 0.025, 0.8)
    assert needed is not None and needed >= (t_based.samples_needed(0.0, 0.025, 0.8) or 0)
    # at half the power-scaled figure's worth of copies of these clusters, the test decides
    means = betting.cluster_means()
    copies = -(-needed // (2 * means.size))
    assert betting_p_above(np.tile(means, max(copies, 1)), (-1.0, 1.0), 0.0) < 0.025
