"""The task check's metrics on all its items and on the clean ones (no training row matches them).

The answers are the task check's own (the same requests, so a run that has the task check
reuses them from the run store). The delta on the clean items is the honest one; when most
of the task gain sits on contaminated items, a warning says so.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

import numpy as np

from tunecheck.checks import Comparison, compare, compare_means
from tunecheck.checks._common import paired_ok
from tunecheck.checks.overfitting._eval_sets import EvalSet
from tunecheck.checks.overfitting._part import Part, generate_both
from tunecheck.checks.overfitting._scoring import metric_for, predictions, references
from tunecheck.config import PolicySettings, TaskOutput, TaskSettings
from tunecheck.datasets import render_prompt
from tunecheck.metrics import MeanMetric, Metric, Reference
from tunecheck.report import Note
from tunecheck.session import PromptItem, Session

MOSTLY = 0.5
_T = TypeVar("_T")


def clean_task_part(session: Session, check_id: str, task: TaskSettings, task_set: EvalSet,
                    contaminated: Collection[int], policy: PolicySettings) -> Part:
    """``contamination.task.<output>.<metric>.all`` and ``.clean`` for every task metric."""
    items = [PromptItem(f"contamination.task:{row.id}", render_prompt(task.prompt, row)) for row in task_set.rows]
    cand, base = generate_both(session, check_id, items)
    keep, n_errors = paired_ok(cand, base)
    rows = [task_set.rows[i] for i in keep]
    dirty = np.array([i in contaminated for i in keep], dtype=bool)
    part = Part(n_samples=2 * len(items), n_errors=n_errors)
    for output in task.outputs:
        refs = references(output, rows)
        c_pred, b_pred = predictions(output, [cand[i] for i in keep]), predictions(output, [base[i] for i in keep])
        for name in output.metrics:
            metric = metric_for(output, name)
            for subset, mask in (("all", np.ones_like(dirty)), ("clean", ~dirty)):
                part.comparisons.append(_compare(f"contamination.task.{output.name}.{metric.name}.{subset}", metric,
                                                 _pick(c_pred, mask), _pick(b_pred, mask), _pick(refs, mask),
                                                 policy, n_errors, output, subset))
        note = _gain_note(output, metric_for(output, output.metrics[0]), c_pred, b_pred, refs, dirty)
        if note is not None:
            part.sections.append(note)
    return part


def _pick(values: list[_T], mask: np.ndarray) -> list[_T]:
    return [v for v, keep in zip(values, mask, strict=True) if keep]


def _compare(name: str, metric: Metric, cand: list[str], base: list[str], refs: list[Reference],
             policy: PolicySettings, n_errors: int, output: TaskOutput, subset: str) -> Comparison:
    """The task check's comparison of one metric, on one subset of its items."""
    description = f"{metric.name} of '{output.name}' on {'all' if subset == 'all' else 'the clean'} task items"
    c_stats, b_stats = metric.statistics(cand, refs), metric.statistics(base, refs)
    if isinstance(metric, MeanMetric) and not metric.binary:
        return compare_means(name, c_stats[:, 0], b_stats[:, 0], policy, higher_is_better=metric.higher_is_better,
                             unit=metric.unit, n_errors=n_errors, description=description)
    if len(cand) == 0:
        return Comparison.unavailable(name, "no clean items to judge", unit=metric.unit,
                                      higher_is_better=metric.higher_is_better)
    return compare(name, c_stats, b_stats, metric.fixed_aggregate(c_stats), policy,
                   higher_is_better=metric.higher_is_better, unit=metric.unit, binary=metric.binary,
                   n_errors=n_errors, description=description, baseline_aggregate=metric.fixed_aggregate(b_stats))


def _gain_note(output: TaskOutput, metric: Metric, cand: list[str], base: list[str], refs: list[Reference],
               dirty: np.ndarray) -> Note | None:
    """A warning when more than half of the candidate's per-item gain is on contaminated items."""
    sign = 1.0 if metric.higher_is_better else -1.0
    gain = sign * (metric.per_sample(cand, refs) - metric.per_sample(base, refs))
    total, on_dirty = float(gain.sum()), float(gain[dirty].sum())
    label = f"{output.name}.{metric.name}"
    if total <= 0 or not dirty.any():
        return None
    share = on_dirty / total
    if share <= MOSTLY:
        return Note(text=f"{label}: {share:.0%} of the task gain comes from the {int(dirty.sum())} contaminated "
                         f"items of {dirty.size}; the clean items carry the rest.")
    return Note(level="warning",
                text=f"{label}: {share:.0%} of the task gain comes from the {int(dirty.sum())} contaminated items "
                     f"of {dirty.size} (items a training row already contains). Judge the fine-tune by the "
                     f"delta on the clean items (contamination.task.{label}.clean).")
