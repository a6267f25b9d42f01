"""Readers of training logs: Hugging Face ``trainer_state.json``, CSV, JSONL and TensorBoard.

- ``trainer_state``: the ``log_history`` list written by ``transformers.Trainer``; entries
  with ``loss`` are training points, entries with ``eval_loss`` evaluation points, each at
  its ``step`` (``epoch`` kept when present).
- ``csv`` / ``jsonl``: one record per logged step with ``step`` and the loss columns
  (``loss``, ``eval_loss`` by default); an empty cell or a missing key means "not logged
  at this step".
- ``tensorboard``: an event file (``events.out.tfevents.*``) or a folder of them; scalar
  tags ``train/loss`` and ``eval/loss`` by default (what the Trainer's TensorBoard callback
  writes). Needs the ``tensorboard`` package.

Every error names the file, the line or entry, and the key.
"""

from __future__ import annotations

import csv
import importlib
import json
import math
from pathlib import Path

from tunecheck.datasets import read_jsonl as _jsonl
from tunecheck.errors import DataError
from tunecheck.traininglogs._model import LogFormat, LogPoint, TrainingLog

DEFAULT_KEYS: dict[LogFormat, tuple[str, str]] = {
    "trainer_state": ("loss", "eval_loss"),
    "csv": ("loss", "eval_loss"),
    "jsonl": ("loss", "eval_loss"),
    "tensorboard": ("train/loss", "eval/loss"),
}


def detect_format(path: Path) -> LogFormat:
    """The log format from the file name; a ``DataError`` when it cannot be told."""
    name = path.name.lower()
    if path.is_dir() or "tfevents" in name:
        return "tensorboard"
    if name.endswith(".json"):
        return "trainer_state"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    raise DataError("cannot tell the training-log format from the file name; "
                    "set 'format' (trainer_state, csv, jsonl or tensorboard)", file=str(path))


def read_training_log(path: Path, log_format: LogFormat | None = None, *, train_key: str | None = None,
                      eval_key: str | None = None) -> TrainingLog:
    """Read the loss curves of a training run; ``log_format`` None detects it from the name."""
    if not path.exists():
        raise DataError("training log not found", file=str(path))
    fmt = log_format or detect_format(path)
    train_key = train_key or DEFAULT_KEYS[fmt][0]
    eval_key = eval_key or DEFAULT_KEYS[fmt][1]
    if fmt == "tensorboard":
        train, evals = _tensorboard(path, train_key, eval_key)
    else:
        records = _trainer_state(path) if fmt == "trainer_state" else _tabular(path, fmt)
        train, evals = _points(records, str(path), train_key, eval_key, fmt)
    if not train and not evals:
        raise DataError(f"no '{train_key}' or '{eval_key}' values in the log", file=str(path))
    return TrainingLog(str(path), fmt, _sorted(train), _sorted(evals))


Record = tuple[int, dict[str, object]]


def _trainer_state(path: Path) -> list[Record]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"not readable as JSON: {exc}", file=str(path)) from None
    history = state.get("log_history") if isinstance(state, dict) else None
    if not isinstance(history, list):
        raise DataError("no 'log_history' list: is this a transformers trainer_state.json?", file=str(path),
                        key="log_history")
    return [(i, entry) for i, entry in enumerate(history) if isinstance(entry, dict)]


def _tabular(path: Path, fmt: LogFormat) -> list[Record]:
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
            reader = csv.DictReader(handle, delimiter=delimiter)
            return [(reader.line_num, dict(row)) for row in reader]
    return [(number, dict(record)) for number, record in _jsonl(path)]


def _points(records: list[Record], source: str, train_key: str, eval_key: str,
            fmt: LogFormat) -> tuple[list[LogPoint], list[LogPoint]]:
    train: list[LogPoint] = []
    evals: list[LogPoint] = []
    for where, record in records:
        loss = _number(record, train_key, source, where, fmt)
        eval_loss = _number(record, eval_key, source, where, fmt)
        if loss is None and eval_loss is None:
            continue
        step = _number(record, "step", source, where, fmt)
        if step is None:
            raise _error("a loss is logged without its 'step'", source, where, fmt, "step")
        epoch = _number(record, "epoch", source, where, fmt)
        if loss is not None:
            train.append(LogPoint(int(step), loss, epoch))
        if eval_loss is not None:
            evals.append(LogPoint(int(step), eval_loss, epoch))
    return train, evals


def _number(record: dict[str, object], key: str, source: str, where: int, fmt: LogFormat) -> float | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _error(f"'{key}' must be a number, got {value!r}", source, where, fmt, key)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _error(f"'{key}' must be a number, got {value!r}", source, where, fmt, key) from None
    if not math.isfinite(number):
        raise _error(f"'{key}' is {value!r}: the loss diverged or was not computed", source, where, fmt, key)
    return number


def _error(message: str, source: str, where: int, fmt: LogFormat, key: str) -> DataError:
    if fmt == "trainer_state":
        return DataError(f"log_history[{where}]: {message}", file=source, key=key)
    return DataError(message, file=source, line=where, key=key)


def _tensorboard(path: Path, train_tag: str, eval_tag: str) -> tuple[list[LogPoint], list[LogPoint]]:
    try:
        module = importlib.import_module("tensorboard.backend.event_processing.event_accumulator")
    except ImportError:
        raise DataError("reading TensorBoard event files needs the 'tensorboard' package: "
                        "pip install tensorboard (or export the curves as CSV/JSONL, or point at "
                        "trainer_state.json)", file=str(path)) from None
    accumulator = module.EventAccumulator(str(path), size_guidance={"scalars": 0})
    accumulator.Reload()
    tags = list(accumulator.Tags().get("scalars", []))
    if train_tag not in tags and eval_tag not in tags:
        known = ", ".join(sorted(tags)) or "none"
        raise DataError(f"no scalar '{train_tag}' or '{eval_tag}' (tags: {known}); set train_key, eval_key",
                        file=str(path), key="train_key")
    return _scalars(accumulator, train_tag, tags), _scalars(accumulator, eval_tag, tags)


def _scalars(accumulator: object, tag: str, tags: list[str]) -> list[LogPoint]:
    if tag not in tags:
        return []
    events = accumulator.Scalars(tag)  # type: ignore[attr-defined]
    return [LogPoint(int(e.step), float(e.value)) for e in events if math.isfinite(float(e.value))]


def _sorted(points: list[LogPoint]) -> tuple[LogPoint, ...]:
    """By step; when a step is logged twice (a resumed run), the later entry wins."""
    by_step = {p.step: p for p in points}
    return tuple(by_step[s] for s in sorted(by_step))
