"""An lm-eval task as a paired regression benchmark: lm-eval's per-sample scores for both models, paired.

lm-eval builds the requests and scores every answer (its filters and ``process_results``);
tunecheck pairs the two models' logged samples by (task, document, filter) and compares each
metric with the paired methods of every other benchmark: exact paired binary methods
where the per-sample values are 0/1, paired t otherwise. A list-valued metric (IFEval's
instruction-level accuracies) is pooled over the list's elements and resampled by document.
A metric counts only when the mean of its per-sample values reproduces lm-eval's own
aggregate for each task; one aggregated otherwise (corpus BLEU, perplexity) is left out
with a note. A group (mmlu) is pooled over its subtasks' documents (micro average, lm-eval's
``weight_by_size``), and each subtask is a group of the breakdown tables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tunecheck.checks._measure import compare, compare_means, mean_aggregate
from tunecheck.checks.regression._lm_eval_run import Sample, TaskRun, run_task
from tunecheck.checks.regression._outcome import FRACTION, Outcome, Unit
from tunecheck.config import LMEvalBenchmark, PolicySettings
from tunecheck.errors import DataError, TunecheckError
from tunecheck.session import ROLES, Session
from tunecheck.verdict import Comparison

Key = tuple[str, int, str]  # (task, doc_id, filter)


@dataclass(frozen=True)
class Metric:
    """A metric under one of lm-eval's filters, and the measurement it becomes."""

    metric: str
    filter: str
    measurement: str


def run_lm_eval(check_id: str, session: Session, spec: LMEvalBenchmark, limit: int | None, *,
                deployment_prompt: bool = True) -> Outcome:
    """Both models through the task, paired sample by sample."""
    cap = min((x for x in (spec.limit, limit) if x is not None), default=None)
    runs = {role: run_task(spec, session, role, check_id, cap, deployment_prompt=deployment_prompt) for role in ROLES}
    by_key: dict[str, dict[Key, Sample]] = {role: _index(runs[role]) for role in ROLES}
    _same_requests(spec, by_key["candidate"], by_key["baseline"])
    session.record_dataset(f"regression/{spec.label}", requests_hash(by_key["candidate"]))
    failed = runs["candidate"].failed | runs["baseline"].failed
    keys = [k for k in by_key["candidate"] if (k[0], k[1]) not in failed]
    n_docs = len({(k[0], k[1]) for k in by_key["candidate"]})
    n_errors = n_docs - len({(k[0], k[1]) for k in keys})
    metrics, skipped = choose_metrics(spec, runs["candidate"])
    policy = session.policy
    comparisons = tuple(_compare(m, keys, by_key, runs["candidate"], policy, n_errors) for m in metrics)
    headline = metrics[0]
    units = tuple(_unit(k, by_key["candidate"][k], by_key["baseline"][k], headline.metric)
                  for k in keys if k[2] == headline.filter)
    note = None
    if skipped:
        note = (f"{spec.label}: {', '.join(skipped)} left out: lm-eval does not aggregate them as a mean of "
                "per-sample values, so they cannot be paired sample by sample.")
    return Outcome(name=spec.label, headline=headline.measurement, margin=spec.margin, comparisons=comparisons,
                   units=units, group_label="task", n_items=n_docs, n_errors=n_errors, note=note)


def _index(run: TaskRun) -> dict[Key, Sample]:
    return {(task, int(s["doc_id"]), str(s.get("filter", "none"))): s
            for task, rows in run.samples.items() for s in rows}


def _same_requests(spec: LMEvalBenchmark, candidate: dict[Key, Sample], baseline: dict[Key, Sample]) -> None:
    if list(candidate) != list(baseline) or any(
            json.dumps(candidate[k]["arguments"], default=str) != json.dumps(baseline[k]["arguments"], default=str)
            for k in candidate):
        raise TunecheckError(f"lm-eval task '{spec.task}' built different requests for the two models; "
                             "they cannot be compared (a task whose prompts depend on the model?)")


def requests_hash(samples: dict[Key, Sample]) -> str:
    """Content hash of the task's documents as asked: task, document, filter and request arguments."""
    payload = json.dumps([[*k, samples[k]["arguments"]] for k in samples], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def choose_metrics(spec: LMEvalBenchmark, run: TaskRun) -> tuple[list[Metric], list[str]]:
    """The metrics compared (the configured ones, else all the task reports) and those left out."""
    found: list[tuple[str, str]] = []
    for task in run.samples:
        for key in run.results.get(task, {}):
            metric, comma, filt = key.partition(",")
            if comma and not metric.endswith("_stderr") and (metric, filt) not in found:
                found.append((metric, filt))
    if spec.metrics is not None:
        missing = [m for m in spec.metrics if m not in {metric for metric, _ in found}]
        if missing:
            raise DataError(f"task '{spec.task}' has no metric {', '.join(missing)}; it reports "
                            f"{', '.join(sorted({m for m, _ in found}))}", key="metrics")
        found = [(m, f) for name in spec.metrics for m, f in found if m == name]
    filters = {f for _, f in found}
    chosen = [Metric(m, f, f"{spec.label}.{m}" + ("" if len(filters) == 1 else f".{f}")) for m, f in found]
    kept = [m for m in chosen if _is_mean(m, run)]
    if not kept:
        raise DataError(f"task '{spec.task}': none of its metrics ({', '.join(m.metric for m in chosen)}) is a "
                        "mean of per-sample values, so none can be paired", key="metrics")
    return kept, [m.measurement for m in chosen if m not in kept]


def _is_mean(metric: Metric, run: TaskRun) -> bool:
    """Whether the mean of the per-sample values reproduces lm-eval's aggregate for every task."""
    for task, rows in run.samples.items():
        reported = run.results.get(task, {}).get(f"{metric.metric},{metric.filter}")
        values = [_stats(s[metric.metric]) for s in rows if metric.metric in s and s.get("filter", "none") ==
                  metric.filter]
        if reported is None or not values:
            continue
        if any(v is None for v in values):
            return False
        total = np.asarray(values, dtype=np.float64).sum(axis=0)
        if not isinstance(reported, (int, float)) or abs(total[0] / max(total[1], 1.0) - float(reported)) > 1e-9:
            return False
    return True


def _stats(value: object) -> tuple[float, float] | None:
    """(sum, count) of a per-sample value: a number counts once, a list of numbers element by element."""
    if isinstance(value, (bool, int, float)):
        return float(value), 1.0
    if isinstance(value, list) and all(isinstance(v, (bool, int, float)) for v in value):
        return float(sum(value)), float(len(value))
    return None


def _compare(metric: Metric, keys: Sequence[Key], by_key: dict[str, dict[Key, Sample]], run: TaskRun,
             policy: PolicySettings, n_errors: int) -> Comparison:
    chosen = [k for k in keys if k[2] == metric.filter and metric.metric in by_key["candidate"][k]]
    higher = _higher_is_better(metric.metric, run)
    stats = {role: [_stats(by_key[role][k][metric.metric]) for k in chosen] for role in ROLES}
    description = f"lm-evaluation-harness '{metric.metric}' (filter '{metric.filter}'), paired by document"
    if all(isinstance(by_key["candidate"][k][metric.metric], list) for k in chosen) and chosen:
        description += "; pooled over each document's list and resampled by document"
        return compare(metric.measurement, np.asarray(stats["candidate"]), np.asarray(stats["baseline"]),
                       mean_aggregate, policy, higher_is_better=higher, unit=FRACTION, n_errors=n_errors,
                       description=description)
    values = {role: [s[0] / max(s[1], 1.0) for s in stats[role] if s is not None] for role in ROLES}
    return compare_means(metric.measurement, values["candidate"], values["baseline"], policy,
                         higher_is_better=higher, unit=None, n_errors=n_errors, description=description)


def _higher_is_better(metric: str, run: TaskRun) -> bool:
    for flags in run.higher_is_better.values():
        if metric in flags:
            return bool(flags[metric])
    return True


def _unit(key: Key, candidate: Sample, baseline: Sample, metric: str) -> Unit:
    cand, base = _stats(candidate.get(metric)), _stats(baseline.get(metric))
    return Unit(f"{key[0]}/{key[1]}", key[0], prompt_of(candidate), str(candidate.get("target")),
                answer_of(candidate), answer_of(baseline),
                cand[0] / max(cand[1], 1.0) if cand else 0.0, base[0] / max(base[1], 1.0) if base else 0.0)


def prompt_of(sample: Sample) -> str:
    """The request's context as the model read it (the first request of the document)."""
    args = sample.get("arguments") or [[""]]
    first = args[0] if isinstance(args, list) else args
    return str(first[0]) if isinstance(first, (list, tuple)) and first else str(first)


def answer_of(sample: Sample) -> str:
    """A generated answer as filtered, or the choice with the highest log-likelihood."""
    resps = sample.get("filtered_resps") or []
    if resps and all(isinstance(r, (list, tuple)) and r and isinstance(r[0], (int, float)) for r in resps):
        best = int(np.argmax([float(r[0]) for r in resps]))
        choices = sample.get("arguments") or []
        return str(choices[best][1]).strip() if best < len(choices) else str(best)
    return str(resps[0]) if resps else ""
