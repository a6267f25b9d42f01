"""Reading a training run's curves: the best evaluation step and signs of overfitting.

Two signs are looked for, over the *tail*, the last ``tail_fraction`` of the logged steps:

- the evaluation loss **bottomed out early**: its minimum lies before the tail and the
  final evaluation loss is more than ``min_rise`` above that minimum;
- the **gap widens**: the generalisation gap (evaluation loss minus the training loss
  logged since the previous evaluation) grows by more than ``min_widening`` over the
  tail, judged on the least-squares trend of the gap at the evaluations in the tail
  (the last two evaluations when fewer than two fall in the tail).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tunecheck.traininglogs._model import LogPoint, TrainingLog


@dataclass(frozen=True)
class CurveAnalysis:
    """What the curves say; losses are in the log's own unit (nats per token for the Trainer)."""

    best_step: int
    best_eval: float
    final_step: int
    final_eval: float
    eval_rise: float
    final_gap: float | None
    gap_change: float | None
    tail_start: float
    bottomed_early: bool
    widening: bool

    @property
    def diverged(self) -> bool:
        return self.bottomed_early or self.widening


def analyse_curves(log: TrainingLog, *, tail_fraction: float = 0.25, min_rise: float = 0.02,
                   min_widening: float = 0.05) -> CurveAnalysis | None:
    """The best evaluation step and the divergence signs; None when nothing was evaluated."""
    if not log.eval:
        return None
    if not 0.0 < tail_fraction < 1.0:
        raise ValueError(f"tail_fraction must be strictly between 0 and 1, got {tail_fraction}")
    best = min(log.eval, key=lambda p: (p.value, p.step))
    final = log.eval[-1]
    tail_start = log.last_step - tail_fraction * (log.last_step - log.first_step)
    gaps = gap_curve(log)
    gap_change = _tail_trend([g for g in gaps if g.step >= tail_start], gaps)
    rise = final.value - best.value
    return CurveAnalysis(
        best_step=best.step, best_eval=best.value, final_step=final.step, final_eval=final.value,
        eval_rise=rise, final_gap=gaps[-1].value if gaps and gaps[-1].step == final.step else None,
        gap_change=gap_change, tail_start=tail_start,
        bottomed_early=best.step < tail_start and rise > min_rise,
        widening=gap_change is not None and gap_change > min_widening,
    )


def gap_curve(log: TrainingLog) -> list[LogPoint]:
    """Evaluation loss minus the training loss logged since the previous evaluation, per evaluation.

    Without a training point in that window, the latest earlier training point is used; an
    evaluation before any training point has no gap.
    """
    out: list[LogPoint] = []
    previous = -1
    for point in log.eval:
        window = [p.value for p in log.train if previous < p.step <= point.step]
        if not window:
            window = [p.value for p in log.train if p.step <= point.step][-1:]
        if window:
            out.append(LogPoint(point.step, point.value - float(np.mean(window)), point.epoch))
        previous = point.step
    return out


def _tail_trend(tail: Sequence[LogPoint], gaps: Sequence[LogPoint]) -> float | None:
    """Fitted change of the gap across the tail (least-squares slope times the tail's span)."""
    points = list(tail) if len(tail) >= 2 else list(gaps[-2:])
    if len(points) < 2:
        return None
    steps = np.array([p.step for p in points], dtype=np.float64)
    values = np.array([p.value for p in points], dtype=np.float64)
    span = steps[-1] - steps[0]
    if span <= 0:
        return None
    slope = np.polyfit(steps, values, 1)[0]
    return float(slope * span)
