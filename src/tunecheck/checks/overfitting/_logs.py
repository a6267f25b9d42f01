"""The candidate's training log: loss curves in the report, the best step, divergence signs.

The log is read once, during the run, and kept in the run store, so that re-scoring
without models reproduces the same curves even if the file has since changed or moved.
Its measurements concern the candidate alone (the baseline has no training log); they are
informational unless a gate names them (``rule: at_most`` / ``at_least``).
"""

from __future__ import annotations

import hashlib
import json

from tunecheck.checks import Comparison
from tunecheck.checks.overfitting._part import Part
from tunecheck.config import TrainingLogSettings
from tunecheck.errors import StoreMissError
from tunecheck.report import Measurement, Note, Plot, Series
from tunecheck.session import Session
from tunecheck.traininglogs import CurveAnalysis, LogPoint, TrainingLog, analyse_curves, read_training_log
from tunecheck.verdict import Observed

_ARTIFACT = "training_log"


def training_log_part(session: Session, check_id: str, settings: TrainingLogSettings) -> Part:
    """Measurements ``log.best_eval_step``, ``log.best_eval_loss``, ``log.eval_rise``, ``log.final_gap``,
    ``log.gap_change`` (candidate only), the curves as a line plot, and notes on divergence."""
    log = _load(session, check_id, settings)
    plot = Plot(title=f"Training curves of the candidate ({settings.path})", plot="line",
                x_label="step", y_label="loss",
                series=[Series(name=name, x=[float(p.step) for p in points], y=[p.value for p in points])
                        for name, points in (("train loss", log.train), ("eval loss", log.eval)) if points])
    analysis = analyse_curves(log, tail_fraction=settings.tail_fraction, min_rise=settings.min_rise,
                              min_widening=settings.min_widening)
    if analysis is None:
        return Part(sections=[plot, Note(level="warning", text=(
            f"The training log has no evaluation loss ('{settings.eval_key or 'eval_loss'}'): the best step and "
            "divergence cannot be judged. Evaluate on a validation set during training."))])
    part = Part(comparisons=_measurements(log, analysis), sections=[plot, _finding(analysis)])
    part.card["best eval step (training log)"] = analysis.best_step
    if analysis.diverged:
        part.summary.append(f"training log: eval loss best at step {analysis.best_step}, "
                            f"{analysis.eval_rise:+.3f} by step {analysis.final_step}")
    return part


def _load(session: Session, check_id: str, settings: TrainingLogSettings) -> TrainingLog:
    def read() -> dict[str, object]:
        log = read_training_log(session.resolve(settings.path), None if settings.format == "auto" else settings.format,
                                train_key=settings.train_key, eval_key=settings.eval_key)
        return _encode(log)

    encoded = session.memo(check_id, _ARTIFACT, read, reuse=False, missing="the training log")
    if not isinstance(encoded, dict):
        raise StoreMissError(f"{check_id}: the stored training log is not a log; run the check again")
    if not session.offline:
        digest = hashlib.sha256(json.dumps(encoded, sort_keys=True).encode()).hexdigest()[:16]
        session.record_dataset("overfitting.training_log", digest)
    return _decode(encoded)


def _encode(log: TrainingLog) -> dict[str, object]:
    return {"source": log.source, "format": log.format,
            "train": [[p.step, p.value, p.epoch] for p in log.train],
            "eval": [[p.step, p.value, p.epoch] for p in log.eval]}


def _decode(stored: dict[str, object]) -> TrainingLog:
    def points(key: str) -> tuple[LogPoint, ...]:
        rows = stored.get(key)
        assert isinstance(rows, list)
        return tuple(LogPoint(int(s), float(v), None if e is None else float(e)) for s, v, e in rows)

    fmt = stored["format"]
    assert fmt in ("trainer_state", "csv", "jsonl", "tensorboard")
    return TrainingLog(str(stored["source"]), fmt, points("train"), points("eval"))


def _measurements(log: TrainingLog, a: CurveAnalysis) -> list[Comparison]:
    n = len(log.eval)

    def single(name: str, value: float | None, unit: str | None, description: str,
               higher_is_better: bool | None = False) -> Comparison:
        measurement = Measurement(name=name, candidate=value, baseline=None, n=n, unit=unit,
                                  higher_is_better=higher_is_better, test="read from the training log",
                                  description=description)
        if value is None:
            return Comparison(measurement, missing="the training log does not give this figure")
        return Comparison(measurement, candidate=Observed(value, f"the training log {log.source}"))

    return [
        single("log.best_eval_step", float(a.best_step), "step", "step with the lowest evaluation loss", None),
        single("log.best_eval_loss", a.best_eval, "loss", "lowest evaluation loss in the log"),
        single("log.eval_rise", a.eval_rise, "loss", "final evaluation loss minus the lowest one"),
        single("log.final_gap", a.final_gap, "loss", "final evaluation loss minus the training loss logged since "
               "the previous evaluation"),
        single("log.gap_change", a.gap_change, "loss", "fitted change of the eval-train gap over the last "
               "part of training (positive: widening)"),
    ]


def _finding(a: CurveAnalysis) -> Note:
    signs = []
    if a.bottomed_early:
        signs.append(f"the evaluation loss bottomed out at step {a.best_step} ({a.best_eval:.4g}), before the last "
                     f"part of training (from step {a.tail_start:.0f}), and ended {a.eval_rise:+.4g} higher at step "
                     f"{a.final_step}: the checkpoint at step {a.best_step} likely generalises better")
    if a.widening:
        signs.append(f"the gap between evaluation and training loss widened by {a.gap_change:+.4g} over the last "
                     f"part of training (from step {a.tail_start:.0f})")
    if signs:
        return Note(level="warning", text="Training log: " + "; ".join(signs) + ".")
    gap = "n/a" if a.final_gap is None else f"{a.final_gap:+.4g}"
    return Note(text=f"Training log: no sign of divergence. Best evaluation loss {a.best_eval:.4g} at step "
                     f"{a.best_step}; final evaluation loss {a.final_eval:.4g} at step {a.final_step}; final "
                     f"eval - train gap {gap}.")
