"""What each benchmark or suite hands back, and the breakdowns built from it.

A benchmark or suite yields an ``Outcome``: its measurements, the measurement gated by
default with its margin, and its scored *units* (items, or for the instruction suite
single instructions), each with a group (subject, category, instruction kind). The
check turns groups into "largest drops" tables and picks side-by-side examples from the
most regressed groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.checks._common import example
from tunecheck.checks._measure import compare_means
from tunecheck.config import PolicySettings
from tunecheck.report import Example, Measurement
from tunecheck.verdict import Comparison

FRACTION = "fraction (0-1)"
MIN_GROUP = 5  # smallest group shown in the cross-benchmark "largest drops" table


@dataclass(frozen=True)
class Unit:
    """One scored unit for both models, as shown side by side."""

    id: str
    group: str
    prompt: str
    reference: str | None
    candidate: str
    baseline: str
    candidate_score: float
    baseline_score: float


@dataclass(frozen=True)
class Outcome:
    """A benchmark's or suite's measurements and scored units."""

    name: str
    headline: str
    margin: float
    comparisons: tuple[Comparison, ...]
    units: tuple[Unit, ...]
    group_label: str
    n_items: int
    n_errors: int
    note: str | None = None


@dataclass(frozen=True)
class GroupRow:
    """One group's paired comparison of the units' scores."""

    source: str
    group: str
    measurement: Measurement


def group_rows(outcome: Outcome, policy: PolicySettings) -> list[GroupRow]:
    """Every group of the outcome, largest drop first (ties: larger groups first)."""
    groups: dict[str, list[Unit]] = {}
    for unit in outcome.units:
        groups.setdefault(unit.group, []).append(unit)
    rows = []
    for group, units in groups.items():
        m = compare_means(group, [u.candidate_score for u in units], [u.baseline_score for u in units],
                          policy, unit=FRACTION).measurement
        rows.append(GroupRow(outcome.name, group, m))
    return sorted(rows, key=lambda r: (r.measurement.delta or 0.0, -r.measurement.n, r.group))


def headline_row(outcome: Outcome) -> GroupRow | None:
    found = [c.measurement for c in outcome.comparisons if c.measurement.name == outcome.headline]
    return GroupRow(outcome.name, "(all)", found[0]) if found and found[0].delta is not None else None


def worse_examples(outcome: Outcome, rows: Sequence[GroupRow], per_group: int, n_groups: int = 3) -> list[Example]:
    """Units where the candidate scored lower, from the ``n_groups`` most regressed groups."""
    regressed = [r.group for r in rows if (r.measurement.delta or 0.0) < 0][:n_groups]
    out = []
    for group in regressed:
        worse = [u for u in outcome.units if u.group == group and u.candidate_score < u.baseline_score]
        for unit in worse[:per_group]:
            out.append(example(unit.id, unit.prompt, unit.candidate, unit.baseline, reference=unit.reference,
                               candidate_score=unit.candidate_score, baseline_score=unit.baseline_score,
                               category=group))
    return out
