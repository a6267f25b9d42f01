"""The contamination part of the overfitting check on scripted models and the demo's planted data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tunecheck.backends import FakeScript, GenerationRequest
from tunecheck.errors import ConfigError
from tunecheck.report import CheckResult, Measurement, Note
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

from .conftest import TRAIN, write_rows

QUEUES = ["billing", "technical", "account", "shipping", "returns", "sales", "security", "feedback"]
OUTPUT = {"name": "queue", "extract": {"kind": "regex", "pattern": r"Queue:\s*(\w+)"}, "reference": "queue",
          "labels": QUEUES, "metrics": ["accuracy"]}


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def _answers(rows: list[dict[str, object]], right: set[str]) -> FakeScript:
    """The right queue for the ids in ``right``, a wrong one for the others."""
    queue = {str(r["id"]): str(r["queue"]) for r in rows}

    def respond(request: GenerationRequest) -> str:
        sample = (request.sample_id or "").split(":", 1)[1]
        truth = queue[sample]
        return f"Queue: {truth if sample in right else QUEUES[(QUEUES.index(truth) + 1) % 8]}"

    return FakeScript(respond)


def _run(tmp_path: Path, rows: list[dict[str, object]], candidate_right: set[str], baseline_right: set[str],
         **contamination: object) -> tuple[CheckResult, object]:
    task = write_rows(tmp_path / "test.jsonl", rows)
    config = fake_config({
        "task": {"dataset": {"path": str(task)}, "prompt": "{message}", "outputs": [OUTPUT]},
        "overfitting": {"contamination": {"train": {"path": str(TRAIN)}, **contamination}},
    })
    session = fake_session(config, candidate=_answers(rows, candidate_right), baseline=_answers(rows, baseline_right),
                           run_dir=tmp_path)
    return run_check("overfitting", session), session


def test_a_gain_made_on_planted_training_rows_fails_the_gate_and_vanishes_on_clean_items(
        tmp_path: Path, planted: dict[str, list[dict[str, object]]]) -> None:
    rows = planted["planted"]
    dirty = {str(r["id"]) for r in rows if r["planted"]}
    clean_right = {str(r["id"]) for r in rows if not r["planted"]}
    result, session = _run(tmp_path, rows, dirty | clean_right, clean_right)   # better only on the planted rows
    rate = _m(result, "contamination.task.rate")
    assert rate.candidate == pytest.approx(22 / 222) and rate.baseline is None and rate.n == 222
    assert rate.candidate_ci is not None and rate.candidate_ci[0] is not None and rate.candidate_ci[0] > 0.05
    assert "6 exact, 16 near-duplicates" in (rate.description or "")
    everything = _m(result, "contamination.task.queue.accuracy.all")
    clean = _m(result, "contamination.task.queue.accuracy.clean")
    assert everything.delta == pytest.approx(22 / 222) and everything.n == 222
    assert clean.delta == pytest.approx(0.0) and clean.n == 200
    warning = next(s for s in result.sections if isinstance(s, Note) and s.level == "warning")
    assert "100% of the task gain comes from the 22 contaminated items of 222" in warning.text
    table = next(s for s in result.sections if s.kind == "table" and s.title.startswith("Evaluation items"))
    assert table.rows[0][:6] == ["task", 222, 6, 16, 0, 22]
    decided, verdict = decide_one(result, session)  # type: ignore[arg-type]
    assert _m(decided, "contamination.task.rate").gate.status == "fail"  # type: ignore[union-attr]
    assert verdict.status == "NO-GO"
    assert result.card["contamination.task.rate"] == pytest.approx(round(22 / 222, 4))


def test_a_clean_split_passes_and_a_gain_on_clean_items_is_not_flagged(
        tmp_path: Path, planted: dict[str, list[dict[str, object]]]) -> None:
    rows = planted["clean"]
    ids = [str(r["id"]) for r in rows]
    result, session = _run(tmp_path, rows, set(ids[:150]), set(ids[:100]))
    assert _m(result, "contamination.task.rate").candidate == 0.0
    assert _m(result, "contamination.task.queue.accuracy.clean").delta == pytest.approx(0.25)
    assert not any(isinstance(s, Note) and s.level == "warning" for s in result.sections)
    decided, verdict = decide_one(result, session)  # type: ignore[arg-type]
    assert _m(decided, "contamination.task.rate").gate.status == "pass"  # type: ignore[union-attr]
    assert verdict.status == "GO"


def test_rescoring_from_the_store_gives_the_same_figures(
        tmp_path: Path, planted: dict[str, list[dict[str, object]]]) -> None:
    rows = planted["planted"]
    result, session = _run(tmp_path, rows, {str(r["id"]) for r in rows}, set())
    again = run_check("overfitting", offline_session(session))  # type: ignore[arg-type]
    assert [(m.name, m.candidate, m.baseline) for m in again.measurements] == [
        (m.name, m.candidate, m.baseline) for m in result.measurements]


def test_an_unknown_set_name_is_a_config_error_naming_the_key(
        tmp_path: Path, planted: dict[str, list[dict[str, object]]]) -> None:
    with pytest.raises(ConfigError, match=r"contamination\.sets\[1\]: unknown set 'regression\.mmlu' "
                                          r"\(this run file names: task\)"):
        _run(tmp_path, planted["clean"], set(), set(), sets=["task", "regression.mmlu"])


def test_contamination_without_a_training_file_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"contamination\.train: name the training file"):
        fake_config({"overfitting": {"contamination": {}}})
