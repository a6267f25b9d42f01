"""The verdict policy on hand-built measurements: every status, Holm, reasons."""

from __future__ import annotations

import pytest

from tunecheck.config import PolicySettings
from tunecheck.report import CheckResult, Gate, Measurement
from tunecheck.verdict import decide

POLICY = PolicySettings()


def _m(name: str, p_pass: float, p_fail: float, *, blocking: bool = True, needed: int | None = None,
       ci: tuple[float, float] = (0.02, 0.18)) -> Measurement:
    return Measurement(name=name, candidate=0.8, baseline=0.7, delta=0.1, ci_low=ci[0], ci_high=ci[1], n=200,
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
    assert "95% CI" in verdict.reasons[0]
    assert "not met" in verdict.reasons[0]


def test_a_straddling_ci_is_inconclusive_and_says_how_many_samples_would_settle_it() -> None:
    _, verdict = decide(_check(_m("acc", 0.2, 0.3, needed=1234, ci=(-0.05, 0.2))), POLICY)
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


def test_holm_corrects_the_no_go_side_only() -> None:
    # GO needs every gate (intersection-union): three passes at 0.02 < alpha stay passes.
    passes, verdict = decide(_check(_m("a", 0.02, 0.9), _m("b", 0.02, 0.9), _m("c", 0.02, 0.9)), POLICY)
    assert passes["task"].status == "pass" and verdict.status == "GO"
    # NO-GO needs one gate: a p_fail of 0.02 among three gates is Holm-adjusted to 0.06.
    held, verdict = decide(_check(_m("a", 0.9, 0.02), _m("b", 0.5, 0.5), _m("c", 0.5, 0.5)), POLICY)
    gate = held["task"].measurements[0].gate
    assert gate is not None and gate.p_adjusted == pytest.approx(0.06)
    assert gate.status == "inconclusive" and verdict.status == "INCONCLUSIVE"
    assert gate.level == pytest.approx(0.025 / 3)
    assert "straddles" not in (gate.reason or "") and "Holm" in (gate.reason or "")
    uncorrected, verdict = decide(_check(_m("a", 0.9, 0.02), _m("b", 0.5, 0.5), _m("c", 0.5, 0.5)),
                                  PolicySettings(multiple_testing="none"))
    assert uncorrected["task"].status == "fail" and verdict.status == "NO-GO"


def test_the_holm_family_is_the_blocking_gates_of_one_check() -> None:
    checks = {**_check(_m("a", 0.9, 0.02), _m("b", 0.5, 0.5)), **_check(_m("c", 0.5, 0.5), check_id="safety")}
    decided, verdict = decide(checks, POLICY)
    assert decided["task"].measurements[0].gate.p_adjusted == pytest.approx(0.04)  # type: ignore[union-attr]
    alone, verdict = decide({**_check(_m("a", 0.9, 0.02)), **_check(_m("c", 0.5, 0.5), check_id="safety")}, POLICY)
    assert alone["task"].measurements[0].gate.status == "fail" and verdict.status == "NO-GO"


def test_samples_needed_grow_to_the_level_holm_applies() -> None:
    decided, _ = decide(_check(_m("a", 0.9, 0.02, needed=100), _m("b", 0.5, 0.5), _m("c", 0.5, 0.5)), POLICY)
    gate = decided["task"].measurements[0].gate
    assert gate is not None and gate.samples_needed is not None and gate.samples_needed > 100
    assert f"{gate.samples_needed} paired samples" in (gate.reason or "")


def test_an_errored_check_blocks_go_even_when_inconclusive_gates_do_not() -> None:
    checks = {**_check(_m("acc", 0.001, 0.99)),
              "safety": CheckResult(id="safety", title="safety", status="error", error="judge endpoint down")}
    _, verdict = decide(checks, PolicySettings(inconclusive_blocks=False))
    assert verdict.status == "INCONCLUSIVE"
    assert any("judge endpoint down" in r for r in verdict.reasons)


def test_inconclusive_blocks_false_turns_an_inconclusive_gate_into_a_warning() -> None:
    _, verdict = decide(_check(_m("acc", 0.001, 0.99), _m("bleu", 0.2, 0.3)), PolicySettings(inconclusive_blocks=False))
    assert verdict.status == "GO" and any("bleu" in w for w in verdict.warnings)


def test_a_gate_on_too_few_samples_is_inconclusive_whatever_its_p_value() -> None:
    few = Measurement(name="acc", candidate=1.0, baseline=0.0, delta=1.0, ci_low=0.3, ci_high=1.0, n=3,
                      gate=Gate(rule="superiority", threshold=0.0, p_pass=0.0001, p_fail=0.99, min_n=10,
                                method="exact McNemar (sign) test"))
    _, verdict = decide(_check(few), POLICY)
    assert verdict.status == "INCONCLUSIVE"
    assert "only 3 paired samples" in verdict.reasons[0] and "at least 10" in verdict.reasons[0]


def test_a_gate_that_could_not_be_tested_is_inconclusive_with_why() -> None:
    missing = Measurement(name="ttft_ms", candidate=None, baseline=None,
                          gate=Gate(rule="non_inferiority", threshold=0.0, unavailable="no token timestamps"))
    _, verdict = decide(_check(missing, _m("acc", 0.001, 0.99), check_id="latency"), POLICY)
    assert verdict.status == "INCONCLUSIVE"
    assert verdict.reasons == ["latency: ttft_ms: no token timestamps"]


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
    _, verdict = decide(_check(_m("acc", 0.5, 0.5, needed=None, ci=(-0.08, 0.08))), POLICY)
    assert verdict.status == "INCONCLUSIVE"
    assert verdict.reasons[0].endswith("the estimate sits on the threshold, so more samples alone cannot settle it")
