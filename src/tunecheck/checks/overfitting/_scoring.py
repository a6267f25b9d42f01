"""Scoring outputs as the task check does: extraction, references and one metric per name."""

from __future__ import annotations

from collections.abc import Sequence

from tunecheck.checks._extract import extract
from tunecheck.config import GateSpec, TaskOutput
from tunecheck.datasets import Row
from tunecheck.metrics import LABEL_METRICS, Metric, Reference, get_metric
from tunecheck.session import Generation


def metric_for(output: TaskOutput, name: str) -> Metric:
    if name in LABEL_METRICS:
        return get_metric(name, labels=output.labels)
    return get_metric(name)


def references(output: TaskOutput, rows: Sequence[Row]) -> list[Reference]:
    """Each row's reference(s) for the output."""
    if isinstance(output.reference, str):
        key = output.reference
        return [row.text(key) for row in rows]
    keys = output.reference
    return [[row.text(key) for key in keys] for row in rows]


def predictions(output: TaskOutput, generations: Sequence[Generation]) -> list[str]:
    return [extract(g.text, output.extract, output.labels) for g in generations]


def scaled_margin(metric: Metric, margin: float) -> float:
    """A margin given on a 0-1 scale, in the metric's unit (x100 for 0-100 metrics such as BLEU)."""
    return margin * 100.0 if "0-100" in metric.unit else margin


def first_metric_gate(measurement_prefix: str, outputs: Sequence[TaskOutput], suffix: str,
                      margin: float) -> GateSpec:
    """Non-inferiority on the first output's first metric (the default gate of a part)."""
    output = outputs[0]
    metric = metric_for(output, output.metrics[0])
    name = f"{measurement_prefix}.{output.name}.{metric.name}.{suffix}"
    return GateSpec(measurement=name, rule="non_inferiority", threshold=scaled_margin(metric, margin))
