"""The verdict policy: pure, measurements + policy in, verdict with reasons out.

Per check, the blocking gates form one family: their ``p_pass`` values are Holm
corrected (``policy.multiple_testing``). A gate

- passes when its corrected p_pass < alpha (the CI clears the requirement);
- fails when p_fail < alpha (the CI lies wholly on the wrong side);
- is inconclusive otherwise (the CI straddles the threshold), with the number of
  paired samples that would settle it.

A check fails if any blocking gate fails; it is inconclusive if any is inconclusive,
if it could not run, or if more requests failed than ``max_error_rate`` allows. The
verdict is NO-GO if any check fails, INCONCLUSIVE if any check is inconclusive (when
``inconclusive_blocks``), GO otherwise. With ``alpha`` equal to (1 - confidence) / 2,
an uncorrected gate agrees exactly with the reported two-sided CI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tunecheck.config import PolicySettings
from tunecheck.report import CheckResult, CheckStatus, Gate, Measurement, Verdict
from tunecheck.stats import holm


@dataclass
class _Outcome:
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decide(checks: dict[str, CheckResult], policy: PolicySettings) -> tuple[dict[str, CheckResult], Verdict]:
    """Decide every gate, every check and the verdict."""
    decided: dict[str, CheckResult] = {}
    outcome = _Outcome()
    for check_id, result in checks.items():
        decided[check_id] = _decide_check(result, policy, outcome)
    statuses = [c.status for c in decided.values()]
    if "fail" in statuses:
        status = "NO-GO"
    elif ("inconclusive" in statuses or "error" in statuses) and policy.inconclusive_blocks:
        status = "INCONCLUSIVE"
    elif not any(s == "pass" for s in statuses):
        status = "INCONCLUSIVE"
        outcome.reasons.append("no gated measurement passed: nothing supports promoting the candidate")
    else:
        status = "GO"
    summary = _summary(decided)
    return decided, Verdict(status=status, reasons=outcome.reasons, warnings=outcome.warnings, summary=summary)


def _decide_check(result: CheckResult, policy: PolicySettings, outcome: _Outcome) -> CheckResult:
    if result.status in ("error", "skipped"):
        if result.status == "error":
            outcome.reasons.append(f"{result.id}: the check could not run ({result.error})")
        return result
    measurements = _decide_gates(result.measurements, policy)
    status = _check_status(measurements)
    for m in measurements:
        if m.gate is not None and m.gate.status != "pass":
            target = outcome.reasons if m.gate.blocking and _blocks(m.gate, policy) else outcome.warnings
            target.append(f"{result.id}: {m.gate.reason}")
    if result.n_samples and result.n_errors / result.n_samples > policy.max_error_rate and status != "fail":
        status = "inconclusive"
        outcome.reasons.append(
            f"{result.id}: {result.n_errors} of {result.n_samples} requests failed "
            f"(more than {policy.max_error_rate:.0%}); the measurements may be biased"
        )
    return result.model_copy(update={"measurements": measurements, "status": status})


def _blocks(gate: Gate, policy: PolicySettings) -> bool:
    return gate.status == "fail" or policy.inconclusive_blocks


def _decide_gates(measurements: list[Measurement], policy: PolicySettings) -> list[Measurement]:
    family = [i for i, m in enumerate(measurements) if m.gate is not None and m.gate.p_pass is not None
              and m.gate.blocking]
    adjusted = {i: p for i, p in zip(family, _adjust([measurements[i].gate.p_pass for i in family], policy),  # type: ignore[union-attr]
                                     strict=True)}
    out = []
    for i, m in enumerate(measurements):
        if m.gate is None:
            out.append(m)
            continue
        p_adj = adjusted.get(i, m.gate.p_pass)
        gate = _decide_gate(m, m.gate, p_adj, policy)
        out.append(m.model_copy(update={"gate": gate}))
    return out


def _adjust(p_values: list[float | None], policy: PolicySettings) -> list[float]:
    values = [1.0 if p is None else p for p in p_values]
    if policy.multiple_testing == "holm" and len(values) > 1:
        return [float(p) for p in holm(values)]
    return values


def _decide_gate(m: Measurement, gate: Gate, p_adj: float | None, policy: PolicySettings) -> Gate:
    if m.candidate is None or gate.p_pass is None or p_adj is None:
        return gate.model_copy(update={"status": "inconclusive", "reason": f"{m.name}: no valid samples to judge"})
    if p_adj < policy.alpha:
        status = "pass"
    elif gate.p_fail is not None and gate.p_fail < policy.alpha:
        status = "fail"
    else:
        status = "inconclusive"
    return gate.model_copy(update={"status": status, "p_adjusted": p_adj, "reason": explain(m, gate, status)})


def explain(m: Measurement, gate: Gate, status: str) -> str:
    """The gate's outcome in plain words."""
    unit = f" {m.unit}" if m.unit and not m.unit.startswith("fraction") else ""
    better = "higher" if m.higher_is_better is not False else "lower"
    if gate.rule in ("at_most", "at_least"):
        limit = "at most" if gate.rule == "at_most" else "at least"
        ci = f" (95% CI {_n(m.candidate_ci[0])} to {_n(m.candidate_ci[1])})" if m.candidate_ci else ""
        head = f"{m.name} is {_n(m.candidate)}{unit}{ci}; required {limit} {_n(gate.threshold)}{unit}"
    else:
        ci = f"95% CI {_s(m.ci_low)} to {_s(m.ci_high)}"
        if gate.rule == "superiority":
            need = f"required the candidate to be {better} by more than {_n(gate.threshold)}{unit} (superiority)"
        else:
            need = f"allowed it to be worse by at most {_n(gate.threshold)}{unit} (non-inferiority)"
        head = (f"{m.name}: candidate {_n(m.candidate)} vs baseline {_n(m.baseline)}, delta {_s(m.delta)}{unit} "
                f"({ci}); {need}")
    if status == "pass":
        return f"{head}: met"
    if status == "fail":
        return f"{head}: not met"
    on_threshold = gate.rule in ("superiority", "non_inferiority") and m.delta is not None and m.ci_low is not None
    more = (f"; about {gate.samples_needed} paired samples would settle it" if gate.samples_needed
            else "; the estimate sits on the threshold, so more samples alone cannot settle it" if on_threshold
            else "")
    return f"{head}: the CI straddles the threshold, too few samples to tell (n={m.n}){more}"


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


def _summary(checks: dict[str, CheckResult]) -> str:
    counts: dict[str, int] = {}
    for result in checks.values():
        counts[result.status] = counts.get(result.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))


def _n(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.4g}"
