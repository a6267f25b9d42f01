"""``task``: did fine-tuning improve the task it was made for?

For every scored output (a label, a free-text field, ...) and every metric: the
candidate's and baseline's values on the same samples, the paired delta with a
bootstrap CI, McNemar's exact test for binary outcomes (cluster-robust methods where the dataset
names a ``cluster_field``), and a per-category breakdown
listing the categories that regressed most, with samples side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks._common import FlipSample, delta_plot, example, flips, paired_ok
from tunecheck.checks._extract import extract, screen
from tunecheck.checks._measure import compare, compare_means
from tunecheck.config import GateSpec, PolicySettings, TaskOutput, TaskSettings
from tunecheck.datasets import Row, check_fields, render_prompt, row_clusters
from tunecheck.metrics import LABEL_METRICS, MeanMetric, Metric, get_metric, per_label_f1
from tunecheck.report import Examples, Measurement, Plot, Section, Series, Table
from tunecheck.session import Generation, PromptItem, Session
from tunecheck.verdict import Comparison


@dataclass(frozen=True)
class _Scored:
    """One output's extracted predictions and references on the valid samples."""

    output: TaskOutput
    rows: list[Row]
    candidate: list[str]
    baseline: list[str]
    references: list[str | list[str]]
    outputs: tuple[list[str], list[str]] = ([], [])  # the whole answers (candidate, baseline), for the flip view


@register_check
class TaskCheck:
    id = "task"
    title = "Task metrics vs the baseline"

    def run(self, session: Session, settings: TaskSettings) -> CheckOutput:
        dataset = session.dataset(settings.dataset, "task", limit=session.limit(settings.limit))
        rows = list(dataset.rows)
        if rows:
            check_fields(settings.prompt, rows[0])
        items = [PromptItem(row.id, render_prompt(settings.prompt, row)) for row in rows]
        outputs = session.generate(self.id, items)
        cand = [g[0] for g in outputs["candidate"]]
        base = [g[0] for g in outputs["baseline"]]
        extractions = [output.extract for output in settings.outputs]
        cand, base = screen(cand, extractions), screen(base, extractions)
        keep, n_errors = paired_ok(cand, base)
        policy = session.policy
        comparisons: list[Comparison] = []
        sections: list[Section] = []
        for output in settings.outputs:
            scored = _score_output(output, [rows[i] for i in keep], [cand[i] for i in keep], [base[i] for i in keep])
            comparisons += _compare_output(scored, policy, n_errors)
            sections += _breakdown(scored, policy, settings.worst_examples, items)
            sections += _flips(scored, items)
        measurements = [c.measurement for c in comparisons]
        plot = delta_plot("Task metrics: candidate - baseline", measurements)
        return CheckOutput(
            comparisons, sections=[plot, *sections] if plot else sections, default_gates=_default_gates(comparisons),
            n_samples=2 * len(rows), n_errors=n_errors, summary=_summary(measurements), card=_card(measurements),
        )


def _default_gates(comparisons: Sequence[Comparison]) -> list[GateSpec]:
    """Without configured gates: the first metric must improve (superiority over 0)."""
    first = comparisons[0].measurement.name if comparisons else None
    return [] if first is None else [GateSpec(measurement=first, rule="superiority", threshold=0.0)]


def _score_output(output: TaskOutput, rows: list[Row], cand: list[Generation], base: list[Generation]) -> _Scored:
    refs: list[str | list[str]] = []
    for row in rows:
        if isinstance(output.reference, str):
            refs.append(row.text(output.reference))
        else:
            refs.append([row.text(key) for key in output.reference])
    return _Scored(
        output=output, rows=rows, references=refs,
        candidate=[extract(g.text, output.extract, output.labels) for g in cand],
        baseline=[extract(g.text, output.extract, output.labels) for g in base],
        outputs=([g.text for g in cand], [g.text for g in base]),
    )




def _metric(output: TaskOutput, name: str) -> Metric:
    if name in LABEL_METRICS:
        return get_metric(name, labels=output.labels)
    return get_metric(name)


def _compare_output(scored: _Scored, policy: PolicySettings, n_errors: int) -> list[Comparison]:
    out = []
    clusters = row_clusters(scored.rows)
    for name in scored.output.metrics:
        metric = _metric(scored.output, name)
        cand = metric.statistics(scored.candidate, scored.references)
        base = metric.statistics(scored.baseline, scored.references)
        name = f"{scored.output.name}.{metric.name}"
        description = f"{metric.name} of '{scored.output.name}'"
        if isinstance(metric, MeanMetric) and not metric.binary:
            out.append(compare_means(name, cand[:, 0], base[:, 0], policy, higher_is_better=metric.higher_is_better,
                                     unit=metric.unit, n_errors=n_errors, description=description,
                                     clusters=clusters))
            continue
        out.append(compare(name, cand, base, metric.fixed_aggregate(cand), policy,
                           higher_is_better=metric.higher_is_better, unit=metric.unit, binary=metric.binary,
                           n_errors=n_errors, description=description,
                           baseline_aggregate=metric.fixed_aggregate(base), clusters=clusters))
    return out


def _breakdown(scored: _Scored, policy: PolicySettings, worst: int, items: list[PromptItem]) -> list[Section]:
    """Per-category deltas of the output's first metric, and the worst samples side by side."""
    metric = _metric(scored.output, scored.output.metrics[0])
    cand = metric.per_sample(scored.candidate, scored.references)
    base = metric.per_sample(scored.baseline, scored.references)
    sections: list[Section] = []
    if scored.output.labels and metric.name.startswith(("accuracy", "f1")):
        sections.append(_per_label(scored))
    categories = sorted({r.category for r in scored.rows if r.category is not None})
    if len(categories) < 2:
        return sections
    rows, plot_rows = [], []
    for category in categories:
        idx = [i for i, r in enumerate(scored.rows) if r.category == category]
        c = compare_means(category, cand[idx], base[idx], policy).measurement
        rows.append([category, len(idx), c.candidate, c.baseline, c.delta, c.ci_low, c.ci_high])
        plot_rows.append(c)
    rows.sort(key=lambda r: r[4] if isinstance(r[4], float) else 0.0)
    name = f"{scored.output.name}.{metric.name}"
    sections.append(Table(title=f"{name} per category (largest regressions first)",
                          columns=["category", "n", "candidate", "baseline", "delta", "ci_low", "ci_high"],
                          rows=rows))
    sections.append(_category_plot(name, plot_rows))
    prompts = {item.id: item.prompt for item in items}
    sections.append(_worst(scored, cand, base, prompts, [str(r[0]) for r in rows[:3]], worst, name))
    return sections


def _flips(scored: _Scored, items: list[PromptItem]) -> list[Section]:
    """For each binary metric of the output, the samples where the two models' outcomes differ."""
    prompts = {item.id: item.prompt for item in items}
    refs = [r if isinstance(r, str) else " | ".join(r) for r in scored.references]
    out: list[Section] = []
    for metric in (_metric(scored.output, name) for name in scored.output.metrics):
        if not metric.binary:
            continue
        cand = metric.per_sample(scored.candidate, scored.references)
        base = metric.per_sample(scored.baseline, scored.references)
        samples = [FlipSample(row.id, prompts[row.id], scored.outputs[0][i], scored.outputs[1][i],
                              bool(cand[i]), bool(base[i]), reference=refs[i], category=row.category)
                   for i, row in enumerate(scored.rows)]
        out.append(flips(f"{scored.output.name}.{metric.name}", samples, higher_is_better=metric.higher_is_better))
    return out


def _per_label(scored: _Scored) -> Table:
    labels = scored.output.labels or []
    c = per_label_f1(scored.candidate, [str(r) for r in scored.references], labels)
    b = per_label_f1(scored.baseline, [str(r) for r in scored.references], labels)
    rows: list[list[float | int | str | bool | None]] = [
        [label, c[label].f1, b[label].f1] for label in labels if label in c and label in b
    ]
    return Table(title=f"{scored.output.name}: F1 per label", columns=["label", "candidate F1", "baseline F1"],
                 rows=rows)


def _category_plot(name: str, measurements: list[Measurement]) -> Plot:
    return Plot(title=f"{name} per category", plot="bar", y_label=name, categories=[m.name for m in measurements],
                series=[Series(name="candidate", x=list(range(len(measurements))),
                               y=[m.candidate or 0.0 for m in measurements]),
                        Series(name="baseline", x=list(range(len(measurements))),
                               y=[m.baseline or 0.0 for m in measurements])])


def _worst(scored: _Scored, cand: np.ndarray, base: np.ndarray, prompts: Mapping[str, object],
           categories: list[str], limit: int, name: str) -> Examples:
    items = []
    for category in categories:
        idx = [i for i, r in enumerate(scored.rows) if r.category == category and cand[i] < base[i]]
        idx.sort(key=lambda i: cand[i] - base[i])
        for i in idx[:limit]:
            row = scored.rows[i]
            ref = scored.references[i]
            items.append(example(row.id, prompts[row.id], scored.candidate[i], scored.baseline[i],
                                 reference=ref if isinstance(ref, str) else " | ".join(ref),
                                 candidate_score=float(cand[i]), baseline_score=float(base[i]), category=category))
    return Examples(title=f"Samples where the candidate did worse ({name}), in the most regressed categories",
                    items=items)


def _summary(measurements: list[Measurement]) -> str:
    parts = [f"{m.name} {m.baseline:.3g} -> {m.candidate:.3g} ({m.delta:+.3g})" for m in measurements
             if m.candidate is not None and m.baseline is not None and m.delta is not None]
    return "; ".join(parts)


def _card(measurements: list[Measurement]) -> dict[str, float | int | str | bool | None]:
    card: dict[str, float | int | str | bool | None] = {}
    for m in measurements:
        card[f"{m.name} (candidate)"] = m.candidate
        card[f"{m.name} (baseline)"] = m.baseline
    return card
