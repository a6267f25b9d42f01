"""The ``regression`` check: benchmarks and suites in, measurements, drop tables and examples out."""

from __future__ import annotations

from collections.abc import Sequence

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks._common import FlipSample, delta_plot, flips
from tunecheck.checks.regression._benchmarks import (
    items_hash,
    load_items,
    score_by_generation,
    score_by_loglikelihood,
    scoring_mode,
)
from tunecheck.checks.regression._outcome import (
    MIN_GROUP,
    GroupRow,
    Outcome,
    group_rows,
    headline_row,
    worse_examples,
)
from tunecheck.checks.regression._suites import run_harmful, run_instructions, run_reasoning
from tunecheck.config import GateSpec, LMEvalBenchmark, PolicySettings, RegressionSettings
from tunecheck.report import Examples, Measurement, Note, Section, Table
from tunecheck.session import Session

_COLUMNS = ["benchmark / suite", "group", "n", "candidate", "baseline", "delta", "ci_low", "ci_high"]
_MAX_GROUP_ROWS = 60


@register_check
class RegressionCheck:
    id = "regression"
    title = "Regression on general benchmarks and adjacent capabilities"

    def run(self, session: Session, settings: RegressionSettings) -> CheckOutput:
        outcomes = self._benchmarks(session, settings) + self._suites(session, settings)
        comparisons = [c for o in outcomes for c in o.comparisons]
        measurements = [c.measurement for c in comparisons]
        return CheckOutput(
            comparisons, sections=_sections(outcomes, measurements, settings, session.policy),
            default_gates=default_gates(outcomes),
            n_samples=2 * sum(o.n_items for o in outcomes), n_errors=sum(o.n_errors for o in outcomes),
            summary=_summary(outcomes, measurements), card=_card(outcomes, measurements),
        )

    def _benchmarks(self, session: Session, settings: RegressionSettings) -> list[Outcome]:
        if not settings.benchmarks:
            return []
        mode = scoring_mode(session, settings)
        limit = session.limit(settings.limit)
        outcomes = []
        for spec in settings.benchmarks:
            if isinstance(spec, LMEvalBenchmark):
                from tunecheck.checks.regression._lm_eval import run_lm_eval

                outcomes.append(run_lm_eval(self.id, session, spec, limit,
                                            deployment_prompt=settings.deployment_prompt))
                continue
            items = load_items(spec, session, limit)
            session.record_dataset(f"regression/{spec.name}", items_hash(items))
            if mode == "loglikelihood":
                outcomes.append(score_by_loglikelihood(self.id, session, spec, items))
            else:
                outcomes.append(score_by_generation(self.id, session, spec, items, settings))
        return outcomes

    def _suites(self, session: Session, settings: RegressionSettings) -> list[Outcome]:
        limit = session.limit(settings.limit)
        suites = settings.suites
        runners = [(suites.reasoning.enabled, run_reasoning), (suites.instructions.enabled, run_instructions),
                   (suites.harmful.enabled, run_harmful)]
        return [runner(self.id, session, settings, limit) for enabled, runner in runners if enabled]


def default_gates(outcomes: Sequence[Outcome]) -> list[GateSpec]:
    """Non-inferiority of each benchmark's and suite's headline measurement, at its margin."""
    return [GateSpec(measurement=o.headline, rule="non_inferiority", threshold=o.margin) for o in outcomes]


def _sections(outcomes: Sequence[Outcome], measurements: Sequence[Measurement], settings: RegressionSettings,
              policy: PolicySettings) -> list[Section]:
    sections: list[Section] = []
    plot = delta_plot("Regression: candidate - baseline", measurements)
    if plot is not None:
        sections.append(plot)
    sections += [Note(text=o.note, level="warning") for o in outcomes if o.note]
    per_outcome = {o.name: group_rows(o, policy) for o in outcomes}
    drops = _largest_drops(outcomes, per_outcome, settings.top_drops)
    if drops:
        sections.append(_table("Largest drops by benchmark, suite, subject and category", drops,
                               note=f"Groups with fewer than {MIN_GROUP} items are left out of this table."))
    for outcome in outcomes:
        rows = per_outcome[outcome.name]
        if len({r.group for r in rows}) > 1:
            shown = rows[:_MAX_GROUP_ROWS]
            more = len(rows) - len(shown)
            sections.append(_table(f"{outcome.name} per {outcome.group_label} (largest drops first)", shown,
                                   note=f"{more} more groups not shown." if more else None))
        examples = worse_examples(outcome, rows, settings.worst_examples)
        if examples:
            sections.append(Examples(title=f"{outcome.name}: items where the candidate did worse, in the most "
                                           f"regressed {outcome.group_label} groups", items=examples))
        sections += _flips(outcome)
    return sections


def _flips(outcome: Outcome) -> list[Section]:
    """The headline's discordant items, where its units are its samples and each scores 0 or 1."""
    headline = [c.measurement for c in outcome.comparisons if c.measurement.name == outcome.headline]
    units = outcome.units
    if not headline or headline[0].n != len(units) or any(
            score not in (0.0, 1.0) for u in units for score in (u.candidate_score, u.baseline_score)):
        return []
    samples = [FlipSample(u.id, u.prompt, u.candidate, u.baseline, u.candidate_score == 1.0,
                          u.baseline_score == 1.0, reference=u.reference, category=u.group) for u in units]
    return [flips(outcome.headline, samples, higher_is_better=headline[0].higher_is_better is not False)]


def _largest_drops(outcomes: Sequence[Outcome], per_outcome: dict[str, list[GroupRow]], top: int) -> list[GroupRow]:
    rows: list[GroupRow] = []
    for outcome in outcomes:
        head = headline_row(outcome)
        if head is not None:
            rows.append(head)
        if len(per_outcome[outcome.name]) > 1:
            rows += [r for r in per_outcome[outcome.name] if r.measurement.n >= MIN_GROUP]
    dropped = [r for r in rows if (r.measurement.delta or 0.0) < 0]
    return sorted(dropped, key=lambda r: (r.measurement.delta or 0.0, -r.measurement.n))[:top]


def _table(title: str, rows: Sequence[GroupRow], note: str | None = None) -> Table:
    return Table(title=title, columns=_COLUMNS, note=note, rows=[
        [r.source, r.group if r.group != "(all)" else f"(all: {r.measurement.name})", r.measurement.n,
         r.measurement.candidate, r.measurement.baseline, r.measurement.delta, r.measurement.ci_low,
         r.measurement.ci_high] for r in rows])


def _headlines(outcomes: Sequence[Outcome], measurements: Sequence[Measurement]) -> list[Measurement]:
    names = {o.headline for o in outcomes}
    return [m for m in measurements if m.name in names]


def _summary(outcomes: Sequence[Outcome], measurements: Sequence[Measurement]) -> str:
    parts = [f"{m.name} {m.baseline:.3g} -> {m.candidate:.3g} ({m.delta:+.3g})"
             for m in _headlines(outcomes, measurements)
             if m.candidate is not None and m.baseline is not None and m.delta is not None]
    return "; ".join(parts) if parts else "nothing was measured (no benchmarks and every suite disabled)"


def _card(outcomes: Sequence[Outcome],
          measurements: Sequence[Measurement]) -> dict[str, float | int | str | bool | None]:
    card: dict[str, float | int | str | bool | None] = {}
    for m in _headlines(outcomes, measurements):
        card[f"{m.name} (candidate)"] = m.candidate
        card[f"{m.name} (baseline)"] = m.baseline
    return card
