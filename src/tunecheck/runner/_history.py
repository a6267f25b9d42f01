"""What a run directory remembers between runs, and what changed since the last one.

A finished run keeps a snapshot of what determined its answers (each model's identity,
its conditions and what its server reported, the generation settings, the datasets'
content hashes, the checks) in the store's ``last_run`` record, with how many answers
each model gave and how many came from the store. The next run in that directory
compares its own snapshot with it, together with the samples whose requests differ from
the stored plan, and the report lists every difference in plain words: the reader sees
why answers were collected again, or that nothing changed and every answer came from the
store. ``tunecheck report`` re-renders with the last run's list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

from tunecheck.report import Report
from tunecheck.session import shorten

if TYPE_CHECKING:
    from tunecheck.session import Session

Snapshot = dict[str, object]
LAST_RUN = "last_run"
CHANGES = "changes"
_SHOWN_SAMPLES = 5


def record_run(report: Report, session: Session, selected: Sequence[str], previous: object) -> Report:
    """The report with what changed since ``previous`` (the last run's snapshot); this run's snapshot
    and that list are stored for the next run and for ``tunecheck report``."""
    current = snapshot(session, selected)
    changes = describe_changes(previous, current, session.changed)
    session.store.set_meta(LAST_RUN, current)
    session.store.set_meta(CHANGES, changes)
    for role in ("candidate", "baseline"):
        session.store.set_meta(f"requests.{role}", list(session.counts(role) or (0, 0)))
    return report.model_copy(update={"changes": changes})


def recall_run(report: Report, session: Session) -> Report:
    """The report of an offline re-rendering, with the changes its run found."""
    stored = session.store.get_meta(CHANGES)
    return report.model_copy(update={"changes": [str(line) for line in stored] if isinstance(stored, list) else []})


def snapshot(session: Session, selected: Sequence[str]) -> Snapshot:
    """What this run's answers depend on (JSON-able), for the next run to compare with."""
    roles = ("candidate", "baseline")
    infos = {role: session.info(role) for role in roles}
    return {
        "models": {role: dict(session.identity(role).parts) for role in roles},
        "reported": {role: dict(infos[role].reported) for role in roles},
        "conditions": {role: infos[role].conditions() for role in roles},
        "generation": session.config.generation.model_dump(mode="json"),
        "datasets": dict(session.datasets),
        "checks": list(selected),
        "quick": session.quick,
        "aa": session.aa,
    }


def describe_changes(previous: object, current: Snapshot, changed: Mapping[str, set[str]]) -> list[str]:
    """Every difference between the last run's snapshot and this one, most important first."""
    if not isinstance(previous, dict):
        return ["No earlier finished run in this run directory: this is its first report."]
    lines: list[str] = []
    for section, label in (("models", "model"), ("reported", "server reports"), ("conditions", "condition")):
        old, new = _mapping(previous.get(section)), _mapping(current.get(section))
        for role in ("candidate", "baseline"):
            lines += _diff(f"{role} {label}", _mapping(old.get(role)), _mapping(new.get(role)))
    lines += _diff("generation", _mapping(previous.get("generation")), _mapping(current.get("generation")))
    lines += _diff("dataset", _mapping(previous.get("datasets")), _mapping(current.get("datasets")))
    for key, label in (("checks", "checks"), ("quick", "quick mode"), ("aa", "A/A mode")):
        if previous.get(key) != current.get(key):
            lines.append(f"{label}: {_value(previous.get(key))} → {_value(current.get(key))}")
    for check_id, samples in sorted(changed.items()):
        ids = sorted(samples)
        more = len(ids) - _SHOWN_SAMPLES
        shown = ", ".join(ids[:_SHOWN_SAMPLES]) + (f" and {more} more" if more > 0 else "")
        lines.append(f"{check_id}: the requests of {len(ids)} sample{'s' if len(ids) != 1 else ''} changed "
                     f"({shown}) and were collected again")
    return lines or ["Nothing changed since the last run in this run directory: every answer came from the store."]


def _diff(label: str, old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return [f"{label} {key}: {_value(old.get(key))} → {_value(new.get(key))}"
            for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]


def _mapping(value: object) -> Mapping[str, object]:
    return cast(Mapping[str, object], value) if isinstance(value, dict) else {}


def _value(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return shorten(str(value))
