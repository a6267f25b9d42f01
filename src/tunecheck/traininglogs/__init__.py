"""Training logs: loss curves from trainer_state.json, CSV, JSONL or TensorBoard, and what they say."""

from tunecheck.traininglogs._curves import CurveAnalysis, analyse_curves, gap_curve
from tunecheck.traininglogs._model import LogFormat, LogPoint, TrainingLog
from tunecheck.traininglogs._read import DEFAULT_KEYS, detect_format, read_training_log

__all__ = [
    "DEFAULT_KEYS",
    "CurveAnalysis",
    "LogFormat",
    "LogPoint",
    "TrainingLog",
    "analyse_curves",
    "detect_format",
    "gap_curve",
    "read_training_log",
]
