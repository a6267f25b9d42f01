"""The verdict's gates, simulated: false-GO rates on the null boundary and interval coverage.

Binary figures are exact (every outcome summed); continuous and percentile figures are
seeded simulations, allowed alpha plus three Monte Carlo standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest

from tunecheck.checks import compare_means
from tunecheck.config import GateSpec, PolicySettings
from tunecheck.report import CheckResult
from tunecheck.verdict import attach_gates, decide
from tunecheck.verdict.calibration import (
    CLUSTERS,
    SIZES,
    Figure,
    binary_coverage,
    binary_pass_rate,
    clustered_coverage,
    clustered_pass_rate,
    continuous_coverage,
    continuous_pass_rate,
    latency_pairs,
    normal_cluster_differences,
    normal_pairs,
    quantile_coverage,
    quantile_pass_rate,
    rate_coverage,
    template_differences,
)

POLICY = PolicySettings()
ALPHA = POLICY.alpha
REPS = 2000


def _within(figure: Figure, limit: float) -> bool:
    return figure.value <= limit + 3 * figure.mc_error


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(("p_win", "p_loss", "bound"), [
    (0.10, 0.10, 0.0),    # superiority at 0, no difference
    (0.30, 0.30, 0.0),
    (0.10, 0.15, -0.05),  # non-inferiority, the true drop equal to the margin
    (0.30, 0.40, -0.10),
    (0.15, 0.10, 0.05),   # superiority by 0.05, the true gain exactly 0.05
])
def test_binary_gates_keep_false_go_at_most_alpha_exactly(n: int, p_win: float, p_loss: float, bound: float) -> None:
    assert binary_pass_rate(n, p_win, p_loss, bound, POLICY) <= ALPHA + 1e-12


@pytest.mark.parametrize("n", SIZES)
def test_continuous_gates_keep_false_go_at_most_alpha(n: int) -> None:
    superiority = continuous_pass_rate(n, normal_pairs(0.0), 0.0, POLICY, reps=REPS, seed=n)
    non_inferiority = continuous_pass_rate(n, normal_pairs(-0.1), -0.1, POLICY, reps=REPS, seed=n + 1)
    skewed = continuous_pass_rate(n, latency_pairs(0.0), 0.0, POLICY, reps=REPS, seed=n + 2)
    assert _within(superiority, ALPHA) and _within(non_inferiority, ALPHA) and _within(skewed, ALPHA)


@pytest.mark.parametrize("n", [50, 200, 400, 1000])
def test_p99_limits_keep_false_go_at_most_alpha(n: int) -> None:
    assert _within(quantile_pass_rate(n, 0.99, POLICY, reps=REPS, seed=n), ALPHA)


@pytest.mark.parametrize("n", [30, 50, 200])
def test_reported_intervals_cover_at_the_nominal_level(n: int) -> None:
    nominal = POLICY.confidence
    assert binary_coverage(n, 0.10, 0.15, POLICY) >= nominal - 0.02
    assert rate_coverage(n, 0.9, POLICY) >= nominal - 0.02
    continuous = continuous_coverage(n, normal_pairs(0.3), 0.3, POLICY, reps=REPS, seed=n)
    assert continuous.value >= nominal - 0.02 - 3 * continuous.mc_error


@pytest.mark.parametrize(("n", "q"), [(60, 0.95), (200, 0.95), (60, 0.99), (400, 0.99), (1000, 0.99)])
def test_percentile_bounds_cover_at_their_nominal_level(n: int, q: float) -> None:
    figure = quantile_coverage(n, q, POLICY, reps=REPS, seed=n)
    assert figure.value >= POLICY.confidence - 3 * figure.mc_error


@pytest.mark.parametrize("groups", CLUSTERS)
def test_clustered_gates_keep_false_go_at_most_alpha_where_independent_ones_do_not(groups: int) -> None:
    normal = normal_cluster_differences(-0.1)
    robust = clustered_pass_rate(groups, normal, -0.1, POLICY, reps=REPS, seed=groups)
    naive = clustered_pass_rate(groups, normal, -0.1, POLICY, reps=REPS, seed=groups, naive=True)
    assert _within(robust, ALPHA)
    assert naive.value > 4 * ALPHA  # 15 samples a cluster taken as independent: about 0.25


@pytest.mark.parametrize("groups", [10, 50])
def test_whole_templates_misread_keep_false_go_at_most_alpha_with_the_betting_test(groups: int) -> None:
    templates = template_differences(-0.05)
    betting = clustered_pass_rate(groups, templates, -0.05, POLICY, reps=1000, seed=groups, bounds=(-1.0, 1.0))
    t_based = clustered_pass_rate(groups, templates, -0.05, POLICY, reps=1000, seed=groups)
    assert _within(betting, ALPHA)
    assert t_based.value > 2 * ALPHA  # the reason bounded values do not get the t-test


def test_the_betting_test_still_passes_a_clearly_robust_candidate() -> None:
    passed = clustered_pass_rate(200, template_differences(0.0), -0.05, POLICY, reps=200, seed=3, bounds=(-1.0, 1.0))
    assert passed.value >= 0.9


@pytest.mark.parametrize("groups", [10, 200])
def test_clustered_intervals_cover_at_the_nominal_level(groups: int) -> None:
    normal = clustered_coverage(groups, normal_cluster_differences(-0.1), -0.1, POLICY, reps=REPS, seed=groups)
    betting = clustered_coverage(groups, template_differences(-0.05), -0.05, POLICY, reps=100, seed=groups,
                                 bounds=(-1.0, 1.0))
    assert normal.value >= POLICY.confidence - 0.02 - 3 * normal.mc_error
    assert betting.value >= POLICY.confidence - 3 * betting.mc_error


def test_a_clear_effect_still_gets_go() -> None:
    rng = np.random.default_rng(11)
    baseline = rng.random(400) < 0.60
    candidate = np.where(rng.random(400) < 0.5, baseline, rng.random(400) < 0.90)  # +15 points in expectation
    comparison = compare_means("acc", candidate.astype(float), baseline.astype(float), POLICY)
    assert comparison.measurement.delta is not None and comparison.measurement.delta > 0.1
    measurements = attach_gates("task", [comparison], [GateSpec(measurement="acc", rule="superiority",
                                                                threshold=0.0)], POLICY, configured=True)
    _, verdict = decide({"task": CheckResult(id="task", title="task", measurements=measurements)}, POLICY)
    assert verdict.status == "GO"
