"""Cross-dataset validation: the drop from the in-domain set to a related domain.

Fine-tuning usually lifts the in-domain score; what matters here is whether the lift
carries over. A model's *drop* is its in-domain score minus its related-domain score (for
a metric where lower is better, the other way round: the drop is always quality lost).
The candidate's drop is compared with the baseline's on the same two sets (difference in
differences; see ``_did``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tunecheck.checks import Comparison, compare
from tunecheck.checks._common import delta_plot, example, paired_ok
from tunecheck.checks.overfitting._did import did_comparison
from tunecheck.checks.overfitting._part import Part, generate_both
from tunecheck.checks.overfitting._scoring import first_metric_gate, metric_for, predictions, references
from tunecheck.config import CrossDomainSettings, DatasetSpec, PolicySettings, TaskOutput
from tunecheck.datasets import Row, check_fields, render_prompt, row_clusters
from tunecheck.metrics import Metric
from tunecheck.report import Example, Examples, Measurement, Table
from tunecheck.session import Generation, PromptItem, Session

SETS = ("in_domain", "related")
EXAMPLES = 3


@dataclass(frozen=True)
class _Set:
    """One set's rows and both models' outputs, on the items where both answered."""

    rows: list[Row]
    items: list[PromptItem]
    candidate: list[Generation]
    baseline: list[Generation]


def cross_domain_part(session: Session, check_id: str, settings: CrossDomainSettings, policy: PolicySettings,
                      limit: int | None, margin: float) -> Part:
    """Per metric: ``cross_domain.<output>.<metric>.in_domain``, ``.related`` and ``.drop`` (gated)."""
    loaded = {name: _load(session, name, getattr(settings, name), settings, limit) for name in SETS}
    items = [item for rows in loaded.values() for item in rows[1]]
    cand, base = generate_both(session, check_id, items, settings.max_tokens)
    sets, start, n_errors = {}, 0, 0
    for name in SETS:
        rows, set_items = loaded[name]
        c, b = cand[start:start + len(rows)], base[start:start + len(rows)]
        keep, errors = paired_ok(c, b)
        n_errors += errors
        sets[name] = _Set([rows[i] for i in keep], [set_items[i] for i in keep], [c[i] for i in keep],
                          [b[i] for i in keep])
        start += len(rows)
    part = Part(n_samples=2 * len(items), n_errors=n_errors,
                gates=[first_metric_gate("cross_domain", settings.outputs, "drop", margin)])
    for output in settings.outputs:
        for metric_name in output.metrics:
            part.comparisons += _compare(output, metric_for(output, metric_name), sets, policy, n_errors)
    measurements = [c.measurement for c in part.comparisons]
    plot = delta_plot("Cross-domain: candidate - baseline", measurements)
    part.sections += [*([plot] if plot else []), _table(measurements),
                      _examples(settings.outputs[0], sets["related"])]
    drop = next(m for m in measurements if m.name.endswith(".drop"))
    if drop.candidate is not None and drop.baseline is not None:
        part.summary.append(f"cross-domain drop {drop.candidate:+.3g} vs baseline {drop.baseline:+.3g}")
        part.card[f"{drop.name} (candidate)"] = round(drop.candidate, 4)
        part.card[f"{drop.name} (baseline)"] = round(drop.baseline, 4)
    return part


def _load(session: Session, name: str, spec: DatasetSpec, settings: CrossDomainSettings,
          limit: int | None) -> tuple[list[Row], list[PromptItem]]:
    dataset = session.dataset(spec, f"overfitting.{name}", limit=limit)
    rows = list(dataset.rows)
    if rows:
        check_fields(settings.prompt, rows[0])
    return rows, [PromptItem(f"cross.{name}:{row.id}", render_prompt(settings.prompt, row)) for row in rows]


def _compare(output: TaskOutput, metric: Metric, sets: dict[str, _Set], policy: PolicySettings,
             n_errors: int) -> list[Comparison]:
    name = f"cross_domain.{output.name}.{metric.name}"
    stats = {}
    out = []
    for set_name, s in sets.items():
        refs = references(output, s.rows)
        cand = metric.statistics(predictions(output, s.candidate), refs)
        base = metric.statistics(predictions(output, s.baseline), refs)
        stats[set_name] = (cand, base)
        out.append(compare(f"{name}.{set_name}", cand, base, metric.aggregate, policy,
                           higher_is_better=metric.higher_is_better, unit=metric.unit, binary=metric.binary,
                           n_errors=n_errors, description=f"{metric.name} of '{output.name}' on the {set_name} set",
                           clusters=row_clusters(s.rows)))
    low, high = ("related", "in_domain") if metric.higher_is_better else ("in_domain", "related")
    out.append(did_comparison(
        f"{name}.drop", *stats[low], *stats[high], metric.aggregate, policy, unit=metric.unit, n_errors=n_errors,
        clusters=(row_clusters(sets[low].rows), row_clusters(sets[high].rows)),
        description=f"{metric.name} lost from the in-domain to the related set; delta = candidate's drop minus "
                    "the baseline's",
    ))
    return out


def _table(measurements: list[Measurement]) -> Table:
    rows: list[list[float | int | str | bool | None]] = []
    by_name = {m.name: m for m in measurements}
    for drop in (m for m in measurements if m.name.endswith(".drop")):
        prefix = drop.name.removesuffix(".drop")
        ind, rel = by_name[f"{prefix}.in_domain"], by_name[f"{prefix}.related"]
        label = prefix.removeprefix("cross_domain.")
        rows.append([label, "candidate", ind.candidate, rel.candidate, drop.candidate])
        rows.append([label, "baseline", ind.baseline, rel.baseline, drop.baseline])
    return Table(title="In-domain vs related-domain scores", rows=rows,
                 columns=["metric", "model", "in-domain", "related", "drop"],
                 note="drop: in-domain minus related (quality lost); its CI is in the measurements table")


def _examples(output: TaskOutput, related: _Set) -> Examples:
    """Related-domain items the candidate got wrong and the baseline right (first metric)."""
    metric = metric_for(output, output.metrics[0])
    refs = references(output, related.rows)
    cand = metric.per_sample(predictions(output, related.candidate), refs)
    base = metric.per_sample(predictions(output, related.baseline), refs)
    sign = 1.0 if metric.higher_is_better else -1.0
    worse = [i for i in np.argsort(sign * (cand - base), kind="stable") if sign * (cand[i] - base[i]) < 0]
    items: list[Example] = []
    for i in worse[:EXAMPLES]:
        ref = refs[i]
        items.append(example(related.rows[i].id, related.items[i].prompt, related.candidate[i].text,
                             related.baseline[i].text, reference=ref if isinstance(ref, str) else " | ".join(ref),
                             candidate_score=float(cand[i]), baseline_score=float(base[i]),
                             category=related.rows[i].category))
    return Examples(title=f"Related-domain samples where the candidate did worse ({output.name}.{metric.name})",
                    items=items)
