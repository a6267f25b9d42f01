"""The verdict policy on hand-built measurements: every status, Holm, reasons."""

from __future__ import annotations

import pytest

from tunecheck.config import PolicySettings
from tunecheck.report import CheckResult, Gate, Measurement
from tunecheck.verdict import decide

POLICY = PolicySettings()


def _m(name: str, p_pass: float, p_fail: float, *, blocking: bool = True, needed: int | None = None) -> Measurement:
    return Measurement(name=name, candidate=0.8, baseline=0.7, delta=0.1, ci_low=0.02, ci_high=0.18, n=200,
                       gate=Gate(rule="superiority", threshold=0.0, blocking=blocking, p_pass=p_pass,
                                 p_fail=p_fail, samples_needed=needed))


def _check(*measurements: Measurement, check_id: str = "task", **extra: object) -> dict[str, CheckResult]:
    return {check_id: CheckResult(id=check_id, title=check_id, measurements=list(measurements), **extra)}


def test_all_gates_pass_is_go() -> None:
    checks, verdict = decide(_check(_m("acc", 0.001, 0.99)), POLICY)
    assert verdict.status == "GO"
    assert checks["task"].status == "pass"
    assert checks["task"].measurements[0].gate.status == "pass"  # type: ignore[union-attr]
    assert verdict.reasons == []


def test_a_failing_gate_is_no_go_with_the_reason_in_words() -> None:
    checks, verdict = decide(_check(_m("acc", 0.99, 0.001)), POLICY)
    assert verdict.status == "NO-GO"
    assert checks["task"].status == "fail"
    assert len(verdict.reasons) == 1 and verdict.reasons[0].startswith("task: acc: candidate 0.8 vs baseline 0.7")
    assert "not met" in verdict.reasons[0]


def test_a_straddling_ci_is_inconclusive_and_says_how_many_samples_would_settle_it() -> None:
    _, verdict = decide(_check(_m("acc", 0.2, 0.3, needed=1234)), POLICY)
    assert verdict.status == "INCONCLUSIVE"
    assert "1234 paired samples" in verdict.reasons[0]


def test_fail_wins_over_inconclusive_across_checks() -> None:
    checks = {**_check(_m("acc", 0.2, 0.3)), **_check(_m("refusal", 0.99, 0.0), check_id="safety")}
    _, verdict = decide(checks, POLICY)
    assert verdict.status == "NO-GO"


def test_non_blocking_failure_is_a_warning_only() -> None:
    _, verdict = decide(_check(_m("acc", 0.001, 0.99), _m("bleu", 0.99, 0.001, blocking=False)), POLICY)
    assert verdict.status == "GO"
    assert any("bleu" in w for w in verdict.warnings)


def test_holm_correction_can_turn_a_pass_into_inconclusive() -> None:
    # Uncorrected, 0.02 < alpha=0.025 passes. With three gates Holm multiplies the smallest by 3.
    single, _ = decide(_check(_m("a", 0.02, 0.9)), POLICY)
    assert single["task"].status == "pass"
    triple, verdict = decide(_check(_m("a", 0.02, 0.9), _m("b", 0.02, 0.9), _m("c", 0.02, 0.9)), POLICY)
    gates = [m.gate for m in triple["task"].measurements]
    assert [g.p_adjusted for g in gates] == pytest.approx([0.06, 0.06, 0.06])  # type: ignore[union-attr]
    assert verdict.status == "INCONCLUSIVE"
    uncorrected, _ = decide(_check(_m("a", 0.02, 0.9), _m("b", 0.02, 0.9), _m("c", 0.02, 0.9)),
                            PolicySettings(multiple_testing="none"))
    assert uncorrected["task"].status == "pass"


def test_an_erroring_check_makes_the_verdict_inconclusive_with_its_cause() -> None:
    checks = {**_check(_m("acc", 0.001, 0.99)),
              "safety": CheckResult(id="safety", title="safety", status="error", error="judge endpoint down")}
    _, verdict = decide(checks, POLICY)
    assert verdict.status == "INCONCLUSIVE"
    assert any("judge endpoint down" in r for r in verdict.reasons)


def test_too_many_failed_requests_make_a_check_inconclusive() -> None:
    checks, verdict = decide(_check(_m("acc", 0.001, 0.99), n_samples=100, n_errors=20), POLICY)
    assert checks["task"].status == "inconclusive"
    assert verdict.status == "INCONCLUSIVE"
    assert "20 of 100 requests failed" in verdict.reasons[0]


def test_no_gates_anywhere_is_inconclusive() -> None:
    plain = Measurement(name="x", candidate=1.0, baseline=1.0, n=3)
    _, verdict = decide(_check(plain), POLICY)
    assert verdict.status == "INCONCLUSIVE"


def test_an_estimate_on_the_threshold_says_more_samples_alone_cannot_settle_it() -> None:
    _, verdict = decide(_check(_m("acc", 0.5, 0.5, needed=None)), POLICY)
    assert verdict.status == "INCONCLUSIVE"
    assert verdict.reasons[0].endswith("the estimate sits on the threshold, so more samples alone cannot settle it")
