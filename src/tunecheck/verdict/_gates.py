"""Gate statistics: a requirement on a measurement, tested on the measurement's evidence.

A check hands over :class:`Comparison` values: a measurement, the paired evidence of its
delta (for ``superiority`` / ``non_inferiority``) and the candidate's own evidence (for
``at_most`` / ``at_least``). :func:`attach_gates` turns each configured or default gate
into one-sided p-values from the test that fits the evidence (see
:mod:`tunecheck.verdict._evidence`); :func:`tunecheck.verdict.decide` then decides.

Directions follow ``higher_is_better``: for a measurement where lower is better, a
superiority by ``t`` means a delta below ``-t``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.config import GateSpec, PolicySettings, unknown_name
from tunecheck.errors import ConfigError, ConfigIssue
from tunecheck.report import Gate, Measurement
from tunecheck.verdict._evidence import Evidence


@dataclass(frozen=True)
class Comparison:
    """A measurement and the evidence its gates are decided on.

    ``missing`` says why a measurement could not be produced (a gate on it is
    INCONCLUSIVE with that reason, never dropped).
    """

    measurement: Measurement
    paired: Evidence | None = None
    candidate: Evidence | None = None
    missing: str | None = None

    @classmethod
    def unavailable(cls, name: str, why: str, *, unit: str | None = None,
                    higher_is_better: bool | None = True) -> Comparison:
        """A measurement that could not be produced, and why."""
        return cls(Measurement(name=name, candidate=None, baseline=None, unit=unit,
                               higher_is_better=higher_is_better, description=why), missing=why)


@dataclass(frozen=True)
class Claim:
    """What a gate claims, in terms of its evidence: the quantity lies ``above`` (or below) ``bound``."""

    evidence: Evidence | None
    bound: float
    above: bool


def claim(comparison: Comparison, spec: GateSpec) -> Claim:
    """The one-sided claim a gate makes about its measurement."""
    m = comparison.measurement
    if spec.rule in ("at_most", "at_least"):
        return Claim(comparison.candidate, spec.threshold, spec.rule == "at_least")
    higher = m.higher_is_better is not False
    margin = spec.threshold if spec.rule == "superiority" else -spec.threshold
    return Claim(comparison.paired, margin if higher else -margin, higher)


def attach_gates(check_id: str, comparisons: Sequence[Comparison], gates: Sequence[GateSpec],
                 policy: PolicySettings, *, configured: bool) -> list[Measurement]:
    """Every measurement, with its gate (if any) carrying the test's p-values.

    A configured gate that names no measurement of the check is an error naming the key; a
    default gate whose measurement is absent shows up as an unavailable measurement.
    """
    by_name = {c.measurement.name: c for c in comparisons}
    extra: list[Comparison] = []
    for spec in gates:
        if spec.measurement in by_name:
            continue
        if configured:
            raise ConfigError([ConfigIssue(f"checks.{check_id}.gates",
                                           unknown_name("measurement", spec.measurement, by_name))])
        missing = Comparison.unavailable(spec.measurement, "the check did not produce this measurement")
        by_name[spec.measurement] = missing
        extra.append(missing)
    specs = {spec.measurement: spec for spec in gates}
    out = []
    for comparison in [*comparisons, *extra]:
        m = comparison.measurement
        found = specs.get(m.name)
        out.append(m if found is None else m.model_copy(update={"gate": gate_statistics(comparison, found, policy)}))
    return out


def gate_statistics(comparison: Comparison, spec: GateSpec, policy: PolicySettings) -> Gate:
    """The gate's one-sided p-values, method, minimum n and samples needed at ``policy.alpha``."""
    gate = Gate(rule=spec.rule, threshold=spec.threshold, blocking=spec.blocking)
    found = claim(comparison, spec)
    evidence = found.evidence
    if comparison.missing is not None or evidence is None or comparison.measurement.candidate is None:
        why = comparison.missing or "no test applies to it (no per-sample data)"
        return gate.model_copy(update={"unavailable": why})
    p_up, p_down = evidence.p_above(found.bound), evidence.p_below(found.bound)
    p_pass, p_fail = (p_up, p_down) if found.above else (p_down, p_up)
    return gate.model_copy(update={
        "p_pass": p_pass, "p_fail": p_fail, "method": evidence.method(found.bound),
        "min_n": evidence.minimum(policy),
        "samples_needed": evidence.samples_needed(found.bound, policy.alpha, policy.power),
    })
