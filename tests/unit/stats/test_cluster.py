"""Cluster-robust t methods: examples worked by hand, and the reduction to the ordinary t-test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tunecheck.stats import (
    cluster_ids,
    cluster_moments,
    cluster_t_interval,
    cluster_t_p_above,
    cluster_t_p_below,
    design_effect,
    summed_by_cluster,
    t_interval,
    t_p_above,
)


def test_one_sample_per_cluster_is_the_ordinary_t_test() -> None:
    values = np.random.default_rng(3).normal(0.2, 1.0, size=25)
    singletons = np.arange(25)
    assert cluster_t_p_above(values, singletons, 0.0) == pytest.approx(t_p_above(values, 0.0))
    found, plain = cluster_t_interval(values, singletons, 0.95), t_interval(values, 0.95)
    assert found is not None and plain is not None
    assert (found.low, found.high) == pytest.approx((plain.low, plain.high))


def test_the_standard_error_is_cr1_worked_by_hand() -> None:
    # two clusters of two: residuals from the mean 2.5 are (-1.5, -0.5) and (0.5, 1.5)
    groups, mean, se = cluster_moments([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 1])
    assert (groups, mean) == (2, 2.5)
    assert se == pytest.approx(math.sqrt(2 / 1 * ((-2.0) ** 2 + 2.0 ** 2)) / 4)


def test_identical_clusters_widen_the_interval_by_the_root_of_the_design_effect() -> None:
    # 10 clusters whose 20 samples all share the cluster's value: the data hold 10 values, not 200
    levels = np.random.default_rng(5).normal(0.0, 1.0, size=10)
    values, clusters = np.repeat(levels, 20), np.repeat(np.arange(10), 20)
    found = cluster_t_interval(values, clusters, 0.95)
    naive = t_interval(values, 0.95)
    of_levels = t_interval(levels, 0.95)
    assert found is not None and naive is not None and of_levels is not None
    assert (found.low, found.high) == pytest.approx((of_levels.low, of_levels.high), rel=0.02)
    assert found.high - found.low > 4 * (naive.high - naive.low)
    # (s^2 / G) over (s^2 * 20 * 9 / 199) / 200: 199 * 200 / (10 * 180)
    assert design_effect(values, clusters) == pytest.approx(199 * 200 / (10 * 180))


def test_p_values_mirror_and_a_single_cluster_decides_nothing() -> None:
    values, clusters = [0.3, 0.5, 0.1, 0.4, 0.2, 0.6], [0, 0, 1, 1, 2, 2]
    assert cluster_t_p_below(values, clusters, 0.35) == pytest.approx(1 - cluster_t_p_above(values, clusters, 0.35))
    assert cluster_t_p_above([1.0, 2.0, 3.0], [7, 7, 7], 0.0) == 1.0
    assert cluster_t_interval([1.0, 2.0, 3.0], [7, 7, 7], 0.95) is None


def test_labels_become_ids_in_order_of_first_appearance_and_sums_follow_them() -> None:
    ids = cluster_ids(["b", "a", "b", "c"])
    assert ids.tolist() == [0, 1, 0, 2]
    summed = summed_by_cluster([[1.0, 1.0], [2.0, 1.0], [3.0, 1.0], [4.0, 1.0]], ids)
    assert summed.tolist() == [[4.0, 2.0], [2.0, 1.0], [4.0, 1.0]]


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="3 values but 2 cluster labels"):
        cluster_moments([1.0, 2.0, 3.0], [0, 1])
    with pytest.raises(ValueError, match="2 rows but 3 cluster labels"):
        summed_by_cluster([[1.0], [2.0]], [0, 1, 1])
