"""The verdict policy: pure, measurements with gate statistics in, verdict with reasons out.

What the verdict guarantees. GO requires every blocking gate to pass, and a gate passes
only when its one-sided test rejects "the requirement is not met" at ``alpha``: GO is an
intersection-union test, so the chance of a GO for a candidate that misses any one
requirement is at most ``alpha`` with no correction for the number of gates. NO-GO needs
only one failing gate, so the fail side is where many gates inflate the error: with
``multiple_testing: holm`` the ``p_fail`` values of each check's blocking gates are Holm
corrected, which bounds the chance that a check fails a candidate meeting all its
requirements at ``alpha`` (and a false NO-GO of the whole run at ``alpha`` times the number
of checks with blocking gates). A gate is

- ``pass`` when ``p_pass < alpha`` and it rests on at least the method's minimum samples;
- ``fail`` when its corrected ``p_fail < alpha``;
- ``inconclusive`` otherwise, with the reason: too few samples, no measurement, or a CI
  containing the threshold, and how many samples would settle it at the level applied.

A check that could not run (``error``) never allows GO, whatever ``inconclusive_blocks``
says: that setting only turns inconclusive gates into warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from tunecheck.config import PolicySettings
from tunecheck.report import CheckResult, CheckStatus, Gate, Measurement, Reason, Verdict
from tunecheck.stats import holm
from tunecheck.verdict._explain import explain, rescale_needed, units


@dataclass
class _Outcome:
    causes: list[Reason] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def block(self, kind: Literal["fail", "inconclusive", "error"], check: str, text: str) -> None:
        self.causes.append(Reason(kind=kind, check=check, text=f"{check}: {text}" if check else text))


def decide(checks: Mapping[str, CheckResult], policy: PolicySettings) -> tuple[dict[str, CheckResult], Verdict]:
    """Decide every gate, every check and the verdict."""
    levels = _fail_levels(checks, policy)
    decided: dict[str, CheckResult] = {}
    outcome = _Outcome()
    for check_id, result in checks.items():
        decided[check_id] = _decide_check(result, policy, outcome, levels)
    statuses = [c.status for c in decided.values()]
    if "fail" in statuses:
        status = "NO-GO"
    elif "error" in statuses or ("inconclusive" in statuses and policy.inconclusive_blocks):
        status = "INCONCLUSIVE"
    elif not any(m.gate is not None and m.gate.status == "pass" for c in decided.values() for m in c.measurements):
        status = "INCONCLUSIVE"
        outcome.block("inconclusive", "", "no gated measurement passed: nothing supports promoting the candidate")
    else:
        status = "GO"
    summary = _summary(decided)
    return decided, Verdict(status=status, reasons=[c.text for c in outcome.causes], causes=outcome.causes,
                            warnings=outcome.warnings, summary=summary)


def null_comparison(verdict: Verdict) -> Verdict:
    """The verdict of an A/A run: never GO, whatever the gates say, since the candidate is the baseline.

    Its gates still show how a null comparison fares under these conditions (a NO-GO in an
    A/A run is a false alarm the thresholds allow).
    """
    cause = Reason(kind="inconclusive", check="",
                   text="A/A run: the candidate is the baseline, so the gates measure run-to-run noise "
                        "and say nothing about promoting a model")
    status = "INCONCLUSIVE" if verdict.status == "GO" else verdict.status
    return verdict.model_copy(update={"status": status, "causes": [cause, *verdict.causes],
                                      "reasons": [cause.text, *verdict.reasons]})


def _fail_levels(checks: Mapping[str, CheckResult], policy: PolicySettings) -> dict[tuple[str, int], float]:
    """Per blocking gate, its ``p_fail`` Holm-adjusted within its check (the family: the check's blocking gates)."""
    levels: dict[tuple[str, int], float] = {}
    for check_id, result in checks.items():
        if result.status in ("error", "skipped"):
            continue
        keys = [(check_id, i) for i, m in enumerate(result.measurements) if m.gate is not None and m.gate.blocking]
        values = [1.0 if (p := result.measurements[i].gate.p_fail) is None else p  # type: ignore[union-attr]
                  for _, i in keys]
        adjusted = holm(values) if policy.multiple_testing == "holm" and len(values) > 1 else values
        levels.update({key: float(p) for key, p in zip(keys, adjusted, strict=True)})
    return levels


def _decide_check(result: CheckResult, policy: PolicySettings, outcome: _Outcome,
                  levels: dict[tuple[str, int], float]) -> CheckResult:
    if result.status in ("error", "skipped"):
        if result.status == "error":
            outcome.block("error", result.id, f"the check could not run ({result.error}); "
                                              "a verdict needs every enabled check")
        return result
    measurements = []
    for index, m in enumerate(result.measurements):
        if m.gate is None:
            measurements.append(m)
            continue
        gate = _decide_gate(m, m.gate, levels.get((result.id, index)), policy)
        measurements.append(m.model_copy(update={"gate": gate}))
        if gate.status == "pass":
            continue
        if gate.blocking and _blocks(gate, policy):
            outcome.block("fail" if gate.status == "fail" else "inconclusive", result.id, gate.reason or "")
        else:
            outcome.warnings.append(f"{result.id}: {gate.reason}")
    status = _check_status(measurements)
    if result.n_samples and result.n_errors / result.n_samples > policy.max_error_rate and status != "fail":
        status = "inconclusive"
        outcome.block("inconclusive", result.id, f"{result.n_errors} of {result.n_samples} requests failed "
                      f"(more than {policy.max_error_rate:.0%}); the measurements may be biased")
    return result.model_copy(update={"measurements": measurements, "status": status})


def _blocks(gate: Gate, policy: PolicySettings) -> bool:
    return gate.status == "fail" or policy.inconclusive_blocks


def _decide_gate(m: Measurement, gate: Gate, p_fail_adjusted: float | None, policy: PolicySettings) -> Gate:
    """pass / fail / inconclusive, the level it was taken at, and the reason in words."""
    if gate.unavailable is not None or m.candidate is None or gate.p_pass is None or gate.p_fail is None:
        why = gate.unavailable or "no valid samples to judge"
        return gate.model_copy(update={"status": "inconclusive", "reason": f"{m.name}: {why}"})
    p_adj = gate.p_fail if p_fail_adjusted is None else p_fail_adjusted
    if gate.min_n is not None and units(m) < gate.min_n:
        status, level = "inconclusive", policy.alpha
    elif gate.p_pass < policy.alpha:
        status, level = "pass", policy.alpha
    elif p_adj < policy.alpha:
        status, level = "fail", _effective_level(gate.p_fail, p_adj, policy.alpha)
    else:
        status = "inconclusive"
        held_back = gate.p_fail < policy.alpha <= p_adj
        level = _effective_level(gate.p_fail, p_adj, policy.alpha) if held_back else policy.alpha
    needed = gate.samples_needed
    if status == "inconclusive" and level != policy.alpha and needed is not None:
        needed = rescale_needed(needed, policy.alpha, level, policy.power)
    decided = gate.model_copy(update={"status": status, "p_adjusted": p_adj, "level": level,
                                      "samples_needed": needed})
    return decided.model_copy(update={"reason": explain(m, decided, policy)})


def _effective_level(p_raw: float, p_adjusted: float, alpha: float) -> float:
    """The level the raw p-value was held to: ``p_raw < level`` exactly when ``p_adjusted < alpha``."""
    if p_adjusted <= 0 or p_raw <= 0:
        return alpha
    return alpha * p_raw / p_adjusted


def _check_status(measurements: list[Measurement]) -> CheckStatus:
    gates = [m.gate for m in measurements if m.gate is not None and m.gate.blocking]
    if not gates:
        return "info"
    statuses = {g.status for g in gates}
    if "fail" in statuses:
        return "fail"
    if "inconclusive" in statuses:
        return "inconclusive"
    return "pass"


def _summary(checks: Mapping[str, CheckResult]) -> str:
    counts: dict[str, int] = {}
    for result in checks.values():
        counts[result.status] = counts.get(result.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
