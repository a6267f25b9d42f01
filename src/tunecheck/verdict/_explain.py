"""A decided gate in plain words: what was measured, what was required, why this outcome."""

from __future__ import annotations

import math

from tunecheck.config import PolicySettings
from tunecheck.report import Gate, Measurement


def explain(m: Measurement, gate: Gate, policy: PolicySettings) -> str:
    """The gate's outcome in words, with the test it rests on and what would settle it."""
    head = _head(m, gate, policy)
    method = f"{gate.method}, " if gate.method else ""
    if gate.status == "pass":
        return f"{head}: met ({method}p = {_p(gate.p_pass)} < {_p(policy.alpha)})"
    if gate.status == "fail":
        adjusted = f", Holm-adjusted {_p(gate.p_adjusted)}" if gate.p_adjusted != gate.p_fail else ""
        return f"{head}: not met ({method}p = {_p(gate.p_fail)}{adjusted} < {_p(policy.alpha)})"
    return f"{head}: {_undecided(m, gate, policy)}"


def units(m: Measurement) -> int:
    """What a gate's minimum counts: clusters where the samples are clustered, else samples."""
    return m.n if m.clusters is None else m.clusters


def _undecided(m: Measurement, gate: Gate, policy: PolicySettings) -> str:
    unit = "paired samples" if gate.rule in ("superiority", "non_inferiority") else "samples"
    needed = unit
    if m.clusters is not None:
        unit, needed = "clusters", "clusters (new ones: more samples in these clusters would not)"
    settle = f"; about {gate.samples_needed} {needed} would settle it" if gate.samples_needed else ""
    if gate.min_n is not None and units(m) < gate.min_n:
        need = max(gate.min_n, gate.samples_needed or 0)
        key = "min_pairs" if gate.min_n == policy.min_pairs else "min_pairs_bootstrap"
        return (f"only {units(m)} {unit}, and {gate.method or 'the test'} decides on at least {gate.min_n} "
                f"(policy {key}); collect at least {need}")
    if gate.p_fail is not None and gate.p_fail < policy.alpha and gate.level is not None \
            and gate.level < policy.alpha:
        return (f"the data point to a miss (p = {_p(gate.p_fail)}), but a fail is corrected over its check's "
                f"blocking gates (Holm): this gate needs p < {_p(gate.level)}{settle}")
    low, high = _interval(m, gate)
    if low is None or high is None:
        return (f"the data cannot bound it at {policy.percent} ({gate.method}, {_count(m)}): too few samples"
                f"{settle}")
    if low <= _bound(m, gate) <= high:
        on_threshold = gate.samples_needed is None and gate.rule in ("superiority", "non_inferiority")
        tail = "; the estimate sits on the threshold, so more samples alone cannot settle it" if on_threshold \
            else settle
        return f"the {policy.percent} CI contains the threshold, too few samples to tell ({_count(m)}){tail}"
    return (f"not established by {gate.method} (p = {_p(gate.p_pass)}, needs < {_p(policy.alpha)}) although the "
            f"{policy.percent} CI excludes the threshold; too few samples for the exact test ({_count(m)}){settle}")


def _count(m: Measurement) -> str:
    return f"n={m.n}" if m.clusters is None else f"n={m.n} in {m.clusters} clusters"


def _bound(m: Measurement, gate: Gate) -> float:
    """The gate's threshold on the scale of its interval (the delta for paired rules)."""
    if gate.rule in ("at_most", "at_least"):
        return gate.threshold
    margin = gate.threshold if gate.rule == "superiority" else -gate.threshold
    return margin if m.higher_is_better is not False else -margin


def _interval(m: Measurement, gate: Gate) -> tuple[float | None, float | None]:
    if gate.rule in ("at_most", "at_least"):
        return m.candidate_ci if m.candidate_ci is not None else (None, None)
    return m.ci_low, m.ci_high


def _head(m: Measurement, gate: Gate, policy: PolicySettings) -> str:
    unit = f" {m.unit}" if m.unit and not m.unit.startswith("fraction") else ""
    better = "higher" if m.higher_is_better is not False else "lower"
    if gate.rule in ("at_most", "at_least"):
        limit = "at most" if gate.rule == "at_most" else "at least"
        ci = ""
        if m.candidate_ci is not None:
            ci = f" ({policy.percent} CI {_n(m.candidate_ci[0])} to {_n(m.candidate_ci[1])})"
        return f"{m.name} is {_n(m.candidate)}{unit}{ci}; required {limit} {_n(gate.threshold)}{unit}"
    ci = f"{policy.percent} CI {_s(m.ci_low)} to {_s(m.ci_high)}"
    if gate.rule == "superiority":
        need = f"required the candidate to be {better} by more than {_n(gate.threshold)}{unit} (superiority)"
    else:
        need = f"allowed it to be worse by at most {_n(gate.threshold)}{unit} (non-inferiority)"
    return (f"{m.name}: candidate {_n(m.candidate)} vs baseline {_n(m.baseline)}, delta {_s(m.delta)}{unit} "
            f"({ci}); {need}")


def rescale_needed(needed: int, alpha: float, level: float, power: float) -> int:
    """A normal-approximation sample size at ``alpha`` re-sized for a test at ``level``."""
    from scipy.special import ndtri

    ratio = (float(ndtri(1 - level)) + float(ndtri(power))) / (float(ndtri(1 - alpha)) + float(ndtri(power)))
    return max(needed, math.ceil(needed * ratio * ratio))


def _p(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3g}"


def _n(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.4g}"
