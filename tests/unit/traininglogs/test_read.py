"""Reading training logs: trainer_state.json, CSV, JSONL and TensorBoard event files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tunecheck.errors import DataError
from tunecheck.traininglogs import LogPoint, detect_format, read_training_log


def _state(tmp_path: Path, history: list[dict[str, object]]) -> Path:
    path = tmp_path / "trainer_state.json"
    path.write_text(json.dumps({"best_metric": None, "global_step": 30, "log_history": history}), encoding="utf-8")
    return path


def test_trainer_state_splits_train_and_eval_points(tmp_path: Path) -> None:
    path = _state(tmp_path, [
        {"epoch": 0.5, "grad_norm": 1.2, "learning_rate": 2e-4, "loss": 1.9, "step": 10},
        {"epoch": 0.5, "eval_loss": 1.7, "eval_runtime": 3.1, "step": 10},
        {"epoch": 1.0, "loss": 1.2, "step": 20},
        {"epoch": 1.0, "eval_loss": 1.4, "step": 20},
        {"epoch": 1.5, "loss": 0.8, "step": 30},
        {"epoch": 1.5, "step": 30, "total_flos": 1e12, "train_loss": 1.3, "train_runtime": 60.0},
    ])
    log = read_training_log(path)
    assert log.format == "trainer_state"
    assert log.train == (LogPoint(10, 1.9, 0.5), LogPoint(20, 1.2, 1.0), LogPoint(30, 0.8, 1.5))
    assert log.eval == (LogPoint(10, 1.7, 0.5), LogPoint(20, 1.4, 1.0))
    assert (log.first_step, log.last_step) == (10, 30)


def test_trainer_state_without_log_history_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "trainer_state.json"
    path.write_text(json.dumps({"global_step": 3}), encoding="utf-8")
    with pytest.raises(DataError, match="key 'log_history'"):
        read_training_log(path)


def test_trainer_state_entry_without_step_names_the_entry(tmp_path: Path) -> None:
    path = _state(tmp_path, [{"loss": 1.0, "step": 1}, {"eval_loss": 1.1}])
    with pytest.raises(DataError, match=r"key 'step': log_history\[1\]"):
        read_training_log(path)


def test_csv_log_with_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("step,epoch,loss,eval_loss\n50,0.1,2.0,\n100,0.2,1.5,1.6\n150,0.3,1.1,\n200,0.4,,1.3\n",
                    encoding="utf-8")
    log = read_training_log(path)
    assert log.format == "csv"
    assert [p.step for p in log.train] == [50, 100, 150] and [p.value for p in log.eval] == [1.6, 1.3]


def test_csv_value_that_is_not_a_number_names_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("step,loss\n1,2.0\n2,oops\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"log\.csv:3: key 'loss': 'loss' must be a number, got 'oops'"):
        read_training_log(path)


def test_nan_loss_is_reported_as_divergence(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"step": 1, "loss": 2.0}\n{"step": 2, "loss": NaN}\n', encoding="utf-8")
    with pytest.raises(DataError, match="diverged"):
        read_training_log(path)


def test_jsonl_log_with_custom_keys_and_a_repeated_step(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    lines = [{"step": 10, "train_loss": 1.0}, {"step": 10, "val_loss": 1.2}, {"step": 20, "train_loss": 0.9},
             {"step": 20, "train_loss": 0.85}, {"note": "resumed"}, {"step": 30, "val_loss": 1.0}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    log = read_training_log(path, train_key="train_loss", eval_key="val_loss")
    assert log.train == (LogPoint(10, 1.0), LogPoint(20, 0.85))
    assert log.eval == (LogPoint(10, 1.2), LogPoint(30, 1.0))


def test_log_without_the_keys_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"step": 1, "train_loss": 1.0}\n', encoding="utf-8")
    with pytest.raises(DataError, match="no 'loss' or 'eval_loss' values"):
        read_training_log(path)


def test_format_detection(tmp_path: Path) -> None:
    assert detect_format(Path("a/trainer_state.json")) == "trainer_state"
    assert detect_format(Path("log.tsv")) == "csv"
    assert detect_format(Path("log.ndjson")) == "jsonl"
    assert detect_format(Path("events.out.tfevents.1700000000.host")) == "tensorboard"
    assert detect_format(tmp_path) == "tensorboard"
    with pytest.raises(DataError, match="set 'format'"):
        detect_format(Path("log.txt"))
    with pytest.raises(DataError, match="training log not found"):
        read_training_log(tmp_path / "missing.json")


def test_tensorboard_events(tmp_path: Path) -> None:
    pytest.importorskip("tensorboard")
    from tensorboard.compat.proto.event_pb2 import Event  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from tensorboard.compat.proto.summary_pb2 import Summary  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from tensorboard.summary.writer.event_file_writer import EventFileWriter  # type: ignore[import-untyped, import-not-found, unused-ignore]

    writer = EventFileWriter(str(tmp_path))
    for step, (train, evaluation) in enumerate([(2.0, 1.9), (1.5, 1.6), (1.0, 1.7)], start=1):
        writer.add_event(Event(step=10 * step, summary=Summary(value=[Summary.Value(tag="train/loss",
                                                                                     simple_value=train)])))
        writer.add_event(Event(step=10 * step, summary=Summary(value=[Summary.Value(tag="eval/loss",
                                                                                     simple_value=evaluation)])))
    writer.close()
    log = read_training_log(tmp_path)
    assert log.format == "tensorboard"
    assert [(p.step, p.value) for p in log.train] == [(10, 2.0), (20, 1.5), (30, 1.0)]
    assert [p.step for p in log.eval] == [10, 20, 30]
    assert log.eval[1].value == pytest.approx(1.6)
    with pytest.raises(DataError, match="tags: eval/loss, train/loss"):
        read_training_log(tmp_path, train_key="loss", eval_key="eval_loss")


def test_tensorboard_without_the_package_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def no_tensorboard(name: str, package: str | None = None) -> object:
        if name.startswith("tensorboard"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_tensorboard)
    with pytest.raises(DataError, match="needs the 'tensorboard' package: pip install tensorboard"):
        read_training_log(tmp_path, "tensorboard")
