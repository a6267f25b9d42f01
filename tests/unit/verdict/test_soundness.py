"""No GO that the data do not support: each case found by trying tunecheck as a new user would."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from tunecheck.checks import compare, compare_means
from tunecheck.config import GateSpec, PolicySettings
from tunecheck.errors import ConfigError
from tunecheck.metrics import get_metric
from tunecheck.report import CheckResult, Measurement
from tunecheck.stats import clopper_pearson
from tunecheck.verdict import Comparison, Quantile, Rate, attach_gates, decide

POLICY = PolicySettings(n_resamples=2000)


def _verdict(comparisons: list[Comparison], gates: list[GateSpec], policy: PolicySettings = POLICY,
             *, configured: bool = True) -> tuple[list[Measurement], str, list[str]]:
    measurements = attach_gates("task", comparisons, gates, policy, configured=configured)
    decided, verdict = decide({"task": CheckResult(id="task", title="task", measurements=measurements)}, policy)
    return decided["task"].measurements, verdict.status, verdict.reasons


def test_three_wins_of_three_are_not_a_go() -> None:
    comparison = compare_means("acc", [1, 1, 1], [0, 0, 0], POLICY)
    measurements, status, reasons = _verdict([comparison], [GateSpec(measurement="acc", rule="superiority",
                                                                     threshold=0.0)])
    assert status == "INCONCLUSIVE"
    gate = measurements[0].gate
    assert gate is not None and gate.p_pass == pytest.approx(0.125)  # the exact sign test, as McNemar's
    assert "only 3 paired samples" in reasons[0]


def test_the_gate_uses_the_exact_sign_test_and_says_so() -> None:
    comparison = compare_means("acc", [1] * 6 + [0] * 14, [0] * 20, POLICY)
    measurements, status, _ = _verdict([comparison], [GateSpec(measurement="acc", rule="superiority", threshold=0.0)])
    gate = measurements[0].gate
    assert gate is not None and gate.p_pass == pytest.approx(0.5 ** 6)
    assert gate.method is not None and gate.method.startswith("exact McNemar")
    assert status == "GO"


def test_one_identical_sample_is_not_non_inferior() -> None:
    comparison = compare_means("acc", [1], [1], POLICY)
    _, status, reasons = _verdict([comparison], [GateSpec(measurement="acc", rule="non_inferiority", threshold=0.05)])
    assert status == "INCONCLUSIVE" and "only 1 paired samples" in reasons[0]


def test_identical_binary_outcomes_need_enough_pairs_to_show_non_inferiority() -> None:
    gates = [GateSpec(measurement="acc", rule="non_inferiority", threshold=0.05)]
    _, few, _ = _verdict([compare_means("acc", [1, 0] * 20, [1, 0] * 20, POLICY)], gates)
    _, many, _ = _verdict([compare_means("acc", [1, 0] * 100, [1, 0] * 100, POLICY)], gates)
    assert few == "INCONCLUSIVE" and many == "GO"


def test_thirty_of_thirty_do_not_show_a_rate_of_at_least_098() -> None:
    comparison = compare_means("acc", [1] * 30, [1] * 30, POLICY)
    measurements, status, reasons = _verdict([comparison], [GateSpec(measurement="acc", rule="at_least",
                                                                     threshold=0.98)])
    assert status == "INCONCLUSIVE"
    low = measurements[0].candidate_ci[0]  # type: ignore[index]
    assert low == pytest.approx(clopper_pearson(30, 30, 0.95).low) and low == pytest.approx(0.884, abs=1e-3)
    gate = measurements[0].gate
    assert gate is not None and gate.samples_needed == 183  # 0.98 ** 183 < 0.025 <= 0.98 ** 182
    assert "about 183 samples" in reasons[0]


def _level(sent: int, errors: int, latencies: np.ndarray) -> list[Comparison]:
    p99 = Comparison(Measurement(name="e2e_p99_ms@10x", candidate=float(np.percentile(latencies, 99)), baseline=None,
                                 n=latencies.size, unit="ms", higher_is_better=False,
                                 candidate_ci=Quantile.of(latencies, 0.99).interval(0.95)),
                     candidate=Quantile.of(latencies, 0.99))
    rate = Rate(errors, sent)
    error_rate = Comparison(Measurement(name="error_rate@10x", candidate=errors / sent, baseline=None, n=sent,
                                        higher_is_better=False, candidate_ci=rate.interval(0.95)), candidate=rate)
    return [p99, error_rate]


LOAD_GATES = [GateSpec(measurement="e2e_p99_ms@10x", rule="at_most", threshold=45000.0),
              GateSpec(measurement="error_rate@10x", rule="at_most", threshold=0.01)]


def test_twenty_requests_bound_neither_a_p99_nor_a_one_percent_error_rate() -> None:
    latencies = np.random.default_rng(0).uniform(1000, 2000, size=20)
    measurements, status, reasons = _verdict(_level(20, 0, latencies), LOAD_GATES)
    assert status == "INCONCLUSIVE"
    p99, errors = (m.gate for m in measurements)
    assert p99 is not None and p99.status == "inconclusive" and p99.samples_needed is not None
    assert p99.samples_needed >= 368
    assert measurements[0].candidate_ci is not None and measurements[0].candidate_ci[1] is None
    assert errors is not None and errors.status == "inconclusive" and errors.samples_needed is not None
    assert errors.samples_needed >= 368  # 0.99 ** n < 0.025
    assert measurements[1].candidate_ci[1] == pytest.approx(0.168, abs=1e-3)  # type: ignore[index]
    assert any("cannot bound" in r or "samples would settle" in r for r in reasons)


def test_enough_requests_decide_the_load_slos() -> None:
    latencies = np.random.default_rng(1).uniform(1000, 2000, size=400)
    _, status, _ = _verdict(_level(400, 0, latencies), LOAD_GATES)
    assert status == "GO"


def test_an_absolute_limit_inside_the_interval_never_passes() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        latencies = rng.lognormal(6.2, 0.3, size=400)
        low, high = Quantile.of(latencies, 0.99).interval(0.95)
        assert low is not None and high is not None
        limit = float(rng.uniform(low, high))
        _, status, _ = _verdict(_level(400, 0, latencies)[:1],
                                [GateSpec(measurement="e2e_p99_ms@10x", rule="at_most", threshold=limit)])
        assert status != "GO", (low, limit, high)


def test_the_policy_confidence_sets_the_test_level_and_the_words() -> None:
    policy = PolicySettings(confidence=0.90, n_resamples=2000)
    assert policy.alpha == pytest.approx(0.05)
    comparison = compare_means("score", np.linspace(0.1, 0.9, 40) + 0.05, np.linspace(0.1, 0.9, 40), policy)
    _, _, reasons = _verdict([comparison], [GateSpec(measurement="score", rule="superiority", threshold=0.1)],
                             policy)
    assert "90% CI" in reasons[0] and "95%" not in reasons[0]


def test_alpha_and_confidence_that_disagree_are_an_error() -> None:
    with pytest.raises(ValidationError, match=r"alpha 0\.05 and confidence 0\.95 disagree"):
        PolicySettings(alpha=0.05, confidence=0.95)
    assert PolicySettings(alpha=0.05).confidence == pytest.approx(0.90)


def test_a_default_gate_whose_measurement_is_missing_is_inconclusive_not_dropped() -> None:
    comparisons = [compare_means("e2e_ms", np.arange(20.0), np.arange(20.0), POLICY),
                   Comparison.unavailable("ttft_ms", "the backend reported token timestamps for 0 of 20 requests")]
    gates = [GateSpec(measurement="ttft_ms", rule="non_inferiority", threshold=0.0),
             GateSpec(measurement="tpot_ms", rule="non_inferiority", threshold=0.0)]
    measurements, status, reasons = _verdict(comparisons, gates, configured=False)
    assert status == "INCONCLUSIVE"
    assert [m.name for m in measurements if m.gate is not None] == ["ttft_ms", "tpot_ms"]
    assert "ttft_ms: the backend reported token timestamps for 0 of 20 requests" in reasons[0]
    assert "tpot_ms: the check did not produce this measurement" in reasons[1]


def test_a_configured_gate_naming_no_measurement_is_an_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match=r"checks\.task\.gates"):
        attach_gates("task", [compare_means("acc", [1, 0], [1, 0], POLICY)],
                     [GateSpec(measurement="acc2", rule="superiority", threshold=0.0)], POLICY, configured=True)


def test_a_ci_clearing_the_threshold_passes_even_among_many_gates() -> None:
    rng = np.random.default_rng(7)
    base = rng.uniform(0.2, 0.8, size=300)
    comparisons = [compare_means(f"score{i}", base + 0.1 + rng.normal(0, 0.05, 300), base, POLICY) for i in range(6)]
    gates = [GateSpec(measurement=f"score{i}", rule="superiority", threshold=0.0) for i in range(6)]
    measurements, status, _ = _verdict(comparisons, gates)
    assert status == "GO" and all(m.gate is not None and m.gate.status == "pass" for m in measurements)


def test_macro_f1_averages_over_the_full_samples_labels_in_every_resample() -> None:
    metric = get_metric("f1_macro", labels=["a", "b", "c"])
    references = ["a"] * 49 + ["b"] * 49 + ["c"] * 2
    predictions = list(references)
    stats = metric.statistics(predictions, references)
    fixed = metric.fixed_aggregate(stats)
    without_c = stats[:98].sum(axis=0)  # a resample that drew neither 'c' item
    assert float(fixed(without_c)) == pytest.approx(2 / 3)  # 'c' still counts, with F1 0 in that resample
    assert float(metric.aggregate(without_c)) == pytest.approx(1.0)  # the old way dropped it
    assert float(fixed(stats.sum(axis=0))) == pytest.approx(1.0)


def test_macro_f1_comparison_uses_each_models_full_label_set() -> None:
    metric = get_metric("f1_macro", labels=["a", "b", "c"])
    references = (["a"] * 49 + ["b"] * 49 + ["c"] * 2) * 1
    cand = metric.statistics(references, references)
    base = metric.statistics(["a"] * 100, references)
    c = compare("f1", cand, base, metric.fixed_aggregate(cand), POLICY,
                baseline_aggregate=metric.fixed_aggregate(base))
    assert c.measurement.candidate == pytest.approx(1.0)
    assert c.measurement.candidate_ci is not None and c.measurement.candidate_ci[0] is not None
    assert c.measurement.candidate_ci[0] < 1.0  # resamples missing 'c' score below 1, not 1
