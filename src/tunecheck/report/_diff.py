"""``tunecheck diff RUN_A RUN_B``: two runs' verdicts and measurements side by side.

The usual pair is a candidate against the previous candidate, both against one baseline:
``before`` is RUN_A, ``after`` RUN_B, and ``change`` is after minus before of the candidate's
value. Gates whose outcome changed come first. What makes the two runs not comparable like for
like (another baseline, other generation settings, datasets with other content, a quick run) is
listed as notes. Reads the two report.json files only; no model, no store.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tunecheck.errors import DataError
from tunecheck.report import _format as fmt
from tunecheck.report._model import CheckStatus, Measurement, Report, VerdictStatus
from tunecheck.types import Strict as Frozen


class CheckChange(Frozen):
    check: str
    before: CheckStatus | None = Field(description="null: the check was not in that run.")
    after: CheckStatus | None


class MeasurementChange(Frozen):
    check: str
    name: str
    unit: str | None = None
    before: float | None = Field(description="The candidate's value in the first run.")
    after: float | None
    change: float | None = Field(description="after - before.")
    delta_before: float | None = Field(description="candidate - baseline in the first run.")
    delta_after: float | None
    gate_before: str | None = None
    gate_after: str | None = None


class RunDiff(Frozen):
    before_run: str
    after_run: str
    verdict_before: VerdictStatus
    verdict_after: VerdictStatus
    candidate_before: str
    candidate_after: str
    notes: list[str] = Field(default_factory=list, description="Why the runs may not compare like for like.")
    checks: list[CheckChange] = Field(default_factory=list)
    measurements: list[MeasurementChange] = Field(default_factory=list)


def load_report(run_dir: Path) -> Report:
    """The report.json of a run directory (or a report.json path)."""
    path = run_dir if run_dir.suffix == ".json" else run_dir / "report.json"
    try:
        return Report.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"cannot read the run's report: {exc.strerror}", file=str(path)) from None
    except ValidationError as exc:
        raise DataError(f"not a tunecheck report ({exc.error_count()} problems, first: "
                        f"{exc.errors()[0]['msg']})", file=str(path)) from None


def _notes(a: Report, b: Report) -> list[str]:
    notes = []
    if a.baseline.identity != b.baseline.identity or a.baseline.model != b.baseline.model:
        notes.append(f"the baselines differ ({a.baseline.model} vs {b.baseline.model}, or their identities): "
                     "deltas are against different models")
    changed = sorted(k for k in a.generation.keys() | b.generation.keys() if a.generation.get(k) != b.generation.get(k))
    if changed:
        notes.append(f"generation settings differ: {', '.join(changed)}")
    data = sorted(k for k in a.datasets.keys() & b.datasets.keys() if a.datasets[k] != b.datasets[k])
    if data:
        notes.append(f"datasets with other content: {', '.join(data)}")
    if a.quick != b.quick:
        notes.append("one run is a quick (smoke) run")
    return notes


def _change(check: str, m_a: Measurement | None, m_b: Measurement | None) -> MeasurementChange:
    before = None if m_a is None else m_a.candidate
    after = None if m_b is None else m_b.candidate
    some = m_b or m_a
    assert some is not None
    return MeasurementChange(
        check=check, name=some.name, unit=some.unit, before=before, after=after,
        change=None if before is None or after is None else after - before,
        delta_before=None if m_a is None else m_a.delta, delta_after=None if m_b is None else m_b.delta,
        gate_before=None if m_a is None or m_a.gate is None else m_a.gate.status,
        gate_after=None if m_b is None or m_b.gate is None else m_b.gate.status)


def diff_reports(a: Report, b: Report) -> RunDiff:
    """What changed from run ``a`` to run ``b``."""
    checks = list(dict.fromkeys([*a.checks, *b.checks]))
    statuses = [CheckChange(check=c, before=a.checks[c].status if c in a.checks else None,
                            after=b.checks[c].status if c in b.checks else None) for c in checks]
    changes = []
    for check in checks:
        before = {m.name: m for m in (a.checks[check].measurements if check in a.checks else [])}
        after = {m.name: m for m in (b.checks[check].measurements if check in b.checks else [])}
        changes += [_change(check, before.get(name), after.get(name)) for name in dict.fromkeys([*before, *after])]
    changes.sort(key=lambda c: c.gate_before == c.gate_after)
    return RunDiff(before_run=a.run_id, after_run=b.run_id, verdict_before=a.verdict.status,
                   verdict_after=b.verdict.status, candidate_before=a.candidate.model,
                   candidate_after=b.candidate.model, notes=_notes(a, b), checks=statuses, measurements=changes)


def render_diff(diff: RunDiff, console: Console) -> None:
    """The diff on the console; every report string in a ``Text``, never markup."""
    console.print(Text.assemble("Verdict: ", diff.verdict_before, " -> ", (diff.verdict_after, "bold"),
                                f"   ({diff.before_run} -> {diff.after_run}; candidate {diff.candidate_before} -> "
                                f"{diff.candidate_after})"))
    for note in diff.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("check", "measurement", "before", "after", "change", "delta before", "delta after", "gate"):
        table.add_column(column, justify="right" if column in ("before", "after", "change") else "left")
    for m in diff.measurements:
        gate = "" if m.gate_before == m.gate_after else f"{m.gate_before or '-'} -> {m.gate_after or '-'}"
        if not gate and m.gate_after:
            gate = m.gate_after
        table.add_row(*(Text(v) for v in (m.check, m.name, fmt.number(m.before), fmt.number(m.after),
                                         fmt.signed(m.change), fmt.signed(m.delta_before),
                                         fmt.signed(m.delta_after), gate)))
    console.print(table)
    moved = [c for c in diff.checks if c.before != c.after]
    for c in moved:
        console.print(Text(f"{c.check}: {c.before or 'not run'} -> {c.after or 'not run'}"))
