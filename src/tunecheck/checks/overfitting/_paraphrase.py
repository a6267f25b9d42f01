"""Paraphrase robustness: the same requests, re-worded, answered as well as the originals?

Per item (an original row and its variants), per model and metric: the original's score,
the mean over its variants and the worst variant. The robustness gap of an item is the
score lost from the original to the mean of its variants (``.gap``) or to its worst
variant (``.worst_gap``); each is compared between the models on the same items (paired).
A model that memorised the wording of its training data loses much more than its base.
Scores are the metric's per-sample values (sentence-level for corpus metrics like BLEU).
Where the originals name a ``cluster_field`` (tickets written from one template), every
comparison treats an original's cluster, not the item, as the independent unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tunecheck.checks import Comparison, compare_means
from tunecheck.checks._common import delta_plot, example
from tunecheck.checks.overfitting._part import Part, generate_both
from tunecheck.checks.overfitting._scoring import first_metric_gate, metric_for, predictions, references
from tunecheck.checks.overfitting._variants import (
    Variant,
    paraphraser_variants,
    rewrite_variants,
    user_variants,
)
from tunecheck.config import ParaphraseSettings, PolicySettings, TaskOutput
from tunecheck.datasets import Row, check_fields, render_prompt, row_clusters
from tunecheck.metrics import Metric
from tunecheck.report import Example, Examples, Note, Table
from tunecheck.session import Generation, PromptItem, Session
from tunecheck.stats import t_interval
from tunecheck.types import FloatArray

Cell = float | int | str | bool | None


@dataclass(frozen=True)
class _Collected:
    """Originals and variants with both models' outputs; ``groups[i]`` lists item i's usable variants."""

    rows: list[Row]
    variants: list[Variant]
    original_items: list[PromptItem]
    candidate: list[Generation]
    baseline: list[Generation]
    items: list[int]
    groups: list[list[int]]

    def generation(self, role: str, variant: int) -> Generation:
        outputs = self.candidate if role == "candidate" else self.baseline
        return outputs[len(self.rows) + variant]


@dataclass(frozen=True)
class _Scores:
    """One model's per-item scores: original, mean over variants, worst variant; per variant too."""

    original: FloatArray
    mean: FloatArray
    worst: FloatArray
    per_variant: FloatArray
    original_by_variant: FloatArray


def paraphrase_part(session: Session, check_id: str, settings: ParaphraseSettings, policy: PolicySettings,
                    limit: int | None, margin: float) -> Part:
    """Per metric: ``paraphrase.<output>.<metric>.original``, ``.paraphrased``, ``.worst``, ``.gap`` (gated)
    and ``.worst_gap``."""
    collected, notes, n_errors = _collect(session, check_id, settings, limit)
    part = Part(n_samples=len(collected.candidate) + len(collected.baseline), n_errors=n_errors,
                gates=[first_metric_gate("paraphrase", settings.outputs, "gap", margin)])
    table_rows: list[list[Cell]] = []
    scored: list[tuple[Metric, dict[str, _Scores]]] = []
    for output in settings.outputs:
        for metric_name in output.metrics:
            metric = metric_for(output, metric_name)
            scores = {role: _scores(output, metric, collected, role) for role in ("candidate", "baseline")}
            part.comparisons += _compare(f"paraphrase.{output.name}.{metric.name}", metric, scores, policy, n_errors,
                                         row_clusters([collected.rows[i] for i in collected.items]))
            table_rows += _within_rows(f"{output.name}.{metric.name}", scores, policy)
            scored.append((metric, scores))
    first_metric, first_scores = scored[0]
    measurements = [c.measurement for c in part.comparisons]
    plot = delta_plot("Paraphrase robustness: candidate - baseline", measurements)
    part.sections += [*([plot] if plot else []), *notes, _within_table(table_rows, len(collected.items)),
                      _by_source(collected, first_scores),
                      _examples(collected, settings.outputs[0], first_metric, first_scores, settings.worst_examples)]
    gap = next(m for m in measurements if m.name.endswith(".gap"))
    if gap.candidate is not None and gap.baseline is not None:
        part.summary.append(f"paraphrase gap {gap.candidate:+.3g} vs baseline {gap.baseline:+.3g}")
        part.card[f"{gap.name} (candidate)"] = round(gap.candidate, 4)
        part.card[f"{gap.name} (baseline)"] = round(gap.baseline, 4)
    return part


def _collect(session: Session, check_id: str, settings: ParaphraseSettings,
             limit: int | None) -> tuple[_Collected, list[Note], int]:
    full = session.dataset(settings.dataset, "overfitting.originals")
    rows = list(full.take(limit).rows)
    if rows:
        check_fields(settings.prompt, rows[0])
    generated, notes = paraphraser_variants(session, check_id, settings, rows)
    variants = [*user_variants(session, settings, rows, {r.id for r in full.rows}),
                *rewrite_variants(settings, rows), *generated]
    originals = [PromptItem(f"original:{row.id}", render_prompt(settings.prompt, row)) for row in rows]
    items = originals + [PromptItem(f"variant:{v.id}", v.prompt) for v in variants]
    cand, base = generate_both(session, check_id, items, settings.max_tokens)
    ok = [c.ok and b.ok for c, b in zip(cand, base, strict=True)]
    position = {row.id: i for i, row in enumerate(rows)}
    groups: list[list[int]] = [[] for _ in rows]
    for j, variant in enumerate(variants):
        if ok[len(rows) + j]:
            groups[position[variant.original]].append(j)
    kept = [i for i in range(len(rows)) if ok[i] and groups[i]]
    errors = sum(1 for g in (*cand, *base) if not g.ok)
    if not variants:
        notes.append(Note(level="warning", text="No variants: the paraphrase set names none of the originals in "
                                                "use and no rewrite changed a prompt."))
    return _Collected(rows, variants, originals, cand, base, kept, [groups[i] for i in kept]), notes, errors


def _scores(output: TaskOutput, metric: Metric, c: _Collected, role: str) -> _Scores:
    outputs = c.candidate if role == "candidate" else c.baseline
    refs = references(output, c.rows)
    original = metric.per_sample(predictions(output, outputs[:len(c.rows)]), refs)
    position = {row.id: i for i, row in enumerate(c.rows)}
    variant_refs = [refs[position[v.original]] for v in c.variants]
    per_variant = metric.per_sample(predictions(output, outputs[len(c.rows):]), variant_refs) if c.variants \
        else np.zeros(0)
    sign = 1.0 if metric.higher_is_better else -1.0
    worst = [sign * float(np.min(sign * per_variant[g])) for g in c.groups]
    by_variant = np.array([original[position[v.original]] for v in c.variants], dtype=np.float64)
    return _Scores(original=original[c.items], mean=np.array([per_variant[g].mean() for g in c.groups]),
                   worst=np.array(worst, dtype=np.float64), per_variant=per_variant, original_by_variant=by_variant)


def _compare(name: str, metric: Metric, scores: dict[str, _Scores], policy: PolicySettings,
             n_errors: int, clusters: npt.NDArray[np.int64] | None) -> list[Comparison]:
    cand, base = scores["candidate"], scores["baseline"]
    sign = 1.0 if metric.higher_is_better else -1.0
    levels = (("original", cand.original, base.original, "score on the original prompts"),
              ("paraphrased", cand.mean, base.mean, "score on the variants, averaged per item"),
              ("worst", cand.worst, base.worst, "score on each item's worst variant"))
    gaps = (("gap", cand.mean, base.mean, "the mean of its variants"),
            ("worst_gap", cand.worst, base.worst, "its worst variant"))
    unit_range = (0.0, 1.0) if metric.binary else None
    gap_range = (-1.0, 1.0) if metric.binary else None
    out = [compare_means(f"{name}.{suffix}", c, b, policy, higher_is_better=metric.higher_is_better,
                         unit=metric.unit, n_errors=n_errors, description=text, clusters=clusters, bounds=unit_range)
           for suffix, c, b, text in levels]
    out += [compare_means(f"{name}.{suffix}", sign * (cand.original - c), sign * (base.original - b), policy,
                          higher_is_better=False, unit=metric.unit, n_errors=n_errors, clusters=clusters,
                          bounds=gap_range,
                          description=f"score lost from the original to {text}; delta = candidate's loss minus "
                                      "the baseline's, paired by item")
            for suffix, c, b, text in gaps]
    return out


def _within_rows(label: str, scores: dict[str, _Scores], policy: PolicySettings) -> list[list[Cell]]:
    """Per model: originals vs variants, paired by item, with the drop's t interval."""
    rows: list[list[Cell]] = []
    for role, s in scores.items():
        if s.original.size == 0:
            continue
        drop = s.original - s.mean
        ci = t_interval(drop, policy.confidence)
        rows.append([label, role, float(s.original.mean()), float(s.mean.mean()), float(drop.mean()),
                     "" if ci is None else f"{ci.low:.3g} to {ci.high:.3g}", float(s.worst.mean())])
    return rows


def _within_table(rows: list[list[Cell]], n_items: int) -> Table:
    return Table(title=f"Originals vs their variants, per model ({n_items} items, paired by item)",
                 columns=["metric", "model", "original", "variants (mean)", "drop", "CI of the drop", "worst variant"],
                 rows=rows)


def _by_source(c: _Collected, scores: dict[str, _Scores]) -> Table:
    """First metric, per kind of variant: mean score on the variants and on their originals."""
    usable = {j for group in c.groups for j in group}
    rows: list[list[Cell]] = []
    for source in sorted({v.source for v in c.variants}):
        idx = [j for j, v in enumerate(c.variants) if v.source == source and j in usable]
        if not idx:
            continue
        cand, base = scores["candidate"], scores["baseline"]
        rows.append([source, len(idx), float(cand.original_by_variant[idx].mean()),
                     float(cand.per_variant[idx].mean()), float(base.original_by_variant[idx].mean()),
                     float(base.per_variant[idx].mean())])
    return Table(title="Score by kind of variant (first metric)", rows=rows,
                 columns=["variant", "n", "candidate: original", "candidate: variant", "baseline: original",
                          "baseline: variant"])


def _examples(c: _Collected, output: TaskOutput, metric: Metric, scores: dict[str, _Scores],
              limit: int) -> Examples:
    """Variants whose answer broke for the candidate although its original was right."""
    cand, base = scores["candidate"], scores["baseline"]
    sign = 1.0 if metric.higher_is_better else -1.0
    usable = [j for group in c.groups for j in group]
    lost = [j for j in usable if sign * (cand.original_by_variant[j] - cand.per_variant[j]) > 0]
    lost.sort(key=lambda j: (-sign * (cand.original_by_variant[j] - cand.per_variant[j]),
                             sign * (base.original_by_variant[j] - base.per_variant[j])))
    refs = {row.id: ref for row, ref in zip(c.rows, references(output, c.rows), strict=True)}
    items: list[Example] = []
    for j in lost[:limit]:
        v = c.variants[j]
        ref = refs[v.original]
        items.append(example(v.id, v.prompt, c.generation("candidate", j).text, c.generation("baseline", j).text,
                             reference=ref if isinstance(ref, str) else " | ".join(ref),
                             candidate_score=float(cand.per_variant[j]), baseline_score=float(base.per_variant[j]),
                             note=f"{v.source}; on the original the candidate scored "
                                  f"{cand.original_by_variant[j]:.3g}, the baseline "
                                  f"{base.original_by_variant[j]:.3g}"))
    return Examples(title=f"Variants that broke the candidate's answer ({output.name}.{metric.name})", items=items)
