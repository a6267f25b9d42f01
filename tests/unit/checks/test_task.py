"""The task check on scripted models: improvement, regression, errors, and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tunecheck.backends import FakeScript, Generation, GenerationRequest
from tunecheck.errors import DataError
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

QUEUES = ["billing", "technical", "shipping", "account"]


def _write_data(tmp_path: Path, n: int = 120) -> Path:
    path = tmp_path / "test.jsonl"
    with path.open("w") as handle:
        for i in range(n):
            queue = QUEUES[i % 4]
            handle.write(json.dumps({"id": f"t{i}", "category": queue, "message": f"message {i} about {queue}",
                                     "queue": queue, "reply": f"we will look at your {queue} issue"}) + "\n")
    return path


def _config(data: Path, **gate: object) -> object:
    task = {
        "dataset": {"path": str(data)},
        "prompt": "Route this ticket: {message}",
        "outputs": [
            {"name": "queue", "extract": {"kind": "regex", "pattern": r"Queue:\s*(\w+)"}, "reference": "queue",
             "labels": QUEUES, "metrics": ["accuracy", "f1_macro"]},
            {"name": "reply", "extract": {"kind": "regex", "pattern": r"Reply:\s*(.*)"}, "reference": "reply",
             "metrics": ["bleu", "rougeL"]},
        ],
    }
    if gate:
        task["gates"] = [gate]
    return fake_config({"task": task})


def _answer(correct_every: int, reply: str = "we will look at your {q} issue") -> FakeScript:
    def respond(request: GenerationRequest) -> str:
        i = int(request.sample_id.removeprefix("t"))  # type: ignore[union-attr]
        true = QUEUES[i % 4]
        queue = true if i % correct_every == 0 else QUEUES[(i + 1) % 4]
        return f"Queue: {queue}\nReply: {reply.format(q=true)}"

    return FakeScript(respond)


def test_candidate_that_is_right_more_often_passes_superiority(tmp_path: Path) -> None:
    config = _config(_write_data(tmp_path), measurement="queue.accuracy", rule="superiority", threshold=0.1)
    session = fake_session(config, candidate=_answer(1), baseline=_answer(3), run_dir=tmp_path)  # type: ignore[arg-type]
    result = run_check("task", session)
    acc = next(m for m in result.measurements if m.name == "queue.accuracy")
    assert acc.candidate == pytest.approx(1.0)
    assert acc.baseline == pytest.approx(40 / 120)
    assert acc.delta == pytest.approx(1 - 40 / 120)
    assert acc.ci_low is not None and acc.ci_low > 0.5
    assert acc.p_value is not None and acc.p_value < 1e-6
    decided, verdict = decide_one(result, session)
    assert decided.status == "pass"
    assert verdict.status == "GO"


def test_candidate_that_regresses_fails_with_a_reason(tmp_path: Path) -> None:
    config = _config(_write_data(tmp_path), measurement="queue.accuracy", rule="superiority", threshold=0.0)
    session = fake_session(config, candidate=_answer(3), baseline=_answer(1), run_dir=tmp_path)  # type: ignore[arg-type]
    decided, verdict = decide_one(run_check("task", session), session)
    assert decided.status == "fail"
    assert verdict.status == "NO-GO"
    assert "queue.accuracy" in verdict.reasons[0] and "not met" in verdict.reasons[0]
    tables = [s for s in decided.sections if s.kind == "table" and "per category" in s.title]
    assert tables, "a per-category breakdown is listed"


def test_failed_requests_are_counted_not_scored(tmp_path: Path) -> None:
    config = _config(_write_data(tmp_path, 40))

    def flaky(request: GenerationRequest) -> str | Generation:
        if request.sample_id in ("t1", "t2"):
            return Generation(text="", error="HTTP 500 after 4 retries")
        return _answer(1).respond(request)  # type: ignore[return-value]

    session = fake_session(config, candidate=FakeScript(flaky), baseline=_answer(1), run_dir=tmp_path)  # type: ignore[arg-type]
    result = run_check("task", session)
    assert result.n_errors == 2
    assert all(m.n == 38 for m in result.measurements)


def test_rerun_reuses_the_store_and_offline_rescoring_needs_no_model(tmp_path: Path) -> None:
    config = _config(_write_data(tmp_path, 20))
    first = fake_session(config, candidate=_answer(1), baseline=_answer(2), run_dir=tmp_path)  # type: ignore[arg-type]
    before = run_check("task", first)
    second = fake_session(config, candidate=_answer(1), baseline=_answer(2), run_dir=tmp_path)  # type: ignore[arg-type]
    again = run_check("task", second)
    assert second.fakes["candidate"].calls == []  # type: ignore[attr-defined]
    offline = run_check("task", offline_session(first))
    assert [m.model_dump(exclude={"gate"}) for m in again.measurements] == \
        [m.model_dump(exclude={"gate"}) for m in offline.measurements] == \
        [m.model_dump(exclude={"gate"}) for m in before.measurements]


def _clustered_data(tmp_path: Path, templates: int, per_template: int = 10) -> Path:
    """Tickets written from ``templates`` templates (``template`` field), ``per_template`` each."""
    path = tmp_path / "clustered.jsonl"
    rows = []
    for i in range(templates * per_template):
        queue = QUEUES[i % 4]
        rows.append({"id": f"t{i}", "category": queue, "message": f"message {i} about {queue}", "queue": queue,
                     "reply": f"we will look at your {queue} issue", "template": f"tpl-{i // per_template}"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _clustered_config(data: Path) -> object:
    return fake_config({"task": {
        "dataset": {"path": str(data), "cluster_field": "template"},
        "prompt": "Route this ticket: {message}",
        "outputs": [{"name": "queue", "extract": {"kind": "regex", "pattern": r"Queue:\s*(\w+)"},
                     "reference": "queue", "labels": QUEUES, "metrics": ["accuracy", "f1_macro"]}],
        "gates": [{"measurement": "queue.accuracy", "rule": "superiority", "threshold": 0.0}],
    }})


def test_samples_from_few_templates_count_as_few_clusters(tmp_path: Path) -> None:
    # 80 tickets from 8 templates; the candidate is right on every one, the base on a third:
    # with the samples independent that would pass, but 8 clusters are below min_pairs (10)
    session = fake_session(_clustered_config(_clustered_data(tmp_path, 8)), candidate=_answer(1),  # type: ignore[arg-type]
                           baseline=_answer(3), run_dir=tmp_path)
    result = run_check("task", session)
    acc = next(m for m in result.measurements if m.name == "queue.accuracy")
    assert (acc.n, acc.clusters) == (80, 8)
    assert acc.test is not None and "betting" in acc.test
    f1 = next(m for m in result.measurements if m.name == "queue.f1_macro")
    assert (f1.n, f1.clusters) == (80, 8) and f1.test is not None and "whole clusters" in f1.test
    decided, verdict = decide_one(result, session)
    gate = next(m for m in decided.measurements if m.name == "queue.accuracy").gate
    assert gate is not None and gate.status == "inconclusive"
    assert gate.reason is not None and "only 8 clusters" in gate.reason
    assert verdict.status == "INCONCLUSIVE"


def test_enough_clusters_decide_and_the_interval_is_the_clusters(tmp_path: Path) -> None:
    session = fake_session(_clustered_config(_clustered_data(tmp_path, 40, 3)), candidate=_answer(1),  # type: ignore[arg-type]
                           baseline=_answer(3), run_dir=tmp_path)
    decided, verdict = decide_one(run_check("task", session), session)
    acc = next(m for m in decided.measurements if m.name == "queue.accuracy")
    assert acc.clusters == 40 and acc.gate is not None and acc.gate.status == "pass"
    assert acc.ci_low is not None and acc.ci_low > 0.3 and verdict.status == "GO"


def test_a_row_without_its_cluster_names_file_line_and_key(tmp_path: Path) -> None:
    data = _clustered_data(tmp_path, 4)
    lines = data.read_text().splitlines()
    row = json.loads(lines[6])
    del row["template"]
    lines[6] = json.dumps(row)
    data.write_text("\n".join(lines) + "\n")
    session = fake_session(_clustered_config(data), candidate=_answer(1), baseline=_answer(3),  # type: ignore[arg-type]
                           run_dir=tmp_path)
    with pytest.raises(DataError) as caught:
        run_check("task", session)
    assert (caught.value.line, caught.value.key) == (7, "template") and "clustered.jsonl" in str(caught.value)
