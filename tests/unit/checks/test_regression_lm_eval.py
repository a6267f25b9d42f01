"""lm-eval tasks as regression benchmarks, on scripted models: paired scores, gates, errors, resume.

The tasks are the project's own (``tests/lm_eval_tasks``: arithmetic questions written by a
seeded generator, a multiple-choice and a generation task in lm-eval's YAML format); lm-eval
builds their requests and scores the answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tunecheck.backends import FakeScript, GenerationRequest, Loglikelihood, LoglikelihoodRequest
from tunecheck.errors import DataError
from tunecheck.report import CheckResult, Examples, Measurement, Note
from tunecheck.session import Session
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

pytest.importorskip("lm_eval")

TASKS = Path(__file__).parents[2] / "lm_eval_tasks"
NO_SUITES = {"reasoning": {"enabled": False}, "instructions": {"enabled": False}, "harmful": {"enabled": False}}
ROWS = [json.loads(line) for line in (TASKS / "arith.jsonl").read_text().splitlines()]
QUESTION = re.compile(r"What is (\d+) ([+-]) (\d+)\?")


def _answer(text: str) -> tuple[int, int]:
    """The last question in ``text``: its first operand and its answer."""
    a, op, b = QUESTION.findall(text)[-1]
    return int(a), int(a) + int(b) if op == "+" else int(a) - int(b)


def _script(right: Callable[[int], bool], fail: int | None = None) -> FakeScript:
    """Right on the questions whose first operand passes ``right``; ``fail``: that operand's requests fail."""

    def score(request: LoglikelihoodRequest) -> float | Loglikelihood:
        a, answer = _answer(request.context)
        if a == fail:
            return Loglikelihood(logprob=0.0, error="backend timeout")
        return -1.0 if (request.continuation.strip() == str(answer)) == right(a) else -4.0

    def respond(request: GenerationRequest) -> str:
        a, answer = _answer(request.prompt)
        return f" {answer if right(a) else answer + 1}\nQuestion: and then?"

    return FakeScript(respond, score)


def _bench(task: str, **extra: object) -> dict[str, object]:
    return {"format": "lm_eval", "task": task, "include_path": [str(TASKS)], "dataset_path": "json",
            "data_files": {"test": str(TASKS / "arith.jsonl")}, **extra}


def _session(tmp_path: Path, benchmarks: list[dict[str, object]], candidate: FakeScript,
             baseline: FakeScript) -> Session:
    config = fake_config({"regression": {"benchmarks": benchmarks, "suites": NO_SUITES}})
    return fake_session(config, candidate=candidate, baseline=baseline, run_dir=tmp_path)


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def _expected(rows: list[dict[str, object]], right: Callable[[int], bool]) -> float:
    return sum(right(int(QUESTION.findall(str(r["question"]))[0][0])) for r in rows) / len(rows)


def test_scores_are_lm_evals_per_sample_scores_paired_and_gated(tmp_path: Path) -> None:
    worse = lambda a: a % 3 != 0  # noqa: E731
    session = _session(tmp_path, [_bench("tc_arith_mc", limit=40), _bench("tc_arith_gen", limit=40)],
                       _script(lambda a: True), _script(worse))
    result = run_check("regression", session)
    assert [m.name for m in result.measurements] == ["tc_arith_mc.acc", "tc_arith_mc.acc_norm",
                                                      "tc_arith_gen.exact_match"]
    for name in ("tc_arith_mc.acc", "tc_arith_gen.exact_match"):
        m = _m(result, name)
        assert (m.n, m.candidate, m.baseline) == (40, 1.0, pytest.approx(_expected(ROWS[:40], worse)))
    assert [m.name for m in result.measurements if m.gate] == ["tc_arith_mc.acc", "tc_arith_gen.exact_match"]
    # lm-eval cut the answer at its "until" strings and its regex filter read the number
    calls = session.fakes["candidate"].calls  # type: ignore[attr-defined]
    generations = [c for c in calls if isinstance(c, GenerationRequest)]
    assert generations[0].prompt.endswith("\n\nQuestion: What is 35 - 28?\nAnswer:")
    assert generations[0].prompt.count("Question:") == 4  # three solved examples first
    assert generations[0].params.max_tokens == 8 and generations[0].params.stop == ("\n", "Question:")
    assert result.n_samples == 2 * 80


def test_a_candidate_as_good_as_its_baseline_passes_and_a_worse_one_fails(tmp_path: Path) -> None:
    good = _session(tmp_path / "good", [_bench("tc_arith_mc", margin=0.2)], _script(lambda a: True),
                    _script(lambda a: a % 10 != 0))
    decided, verdict = decide_one(run_check("regression", good), good)
    assert decided.status == "pass" and verdict.status == "GO"
    bad = _session(tmp_path / "bad", [_bench("tc_arith_mc")], _script(lambda a: a % 2 == 0),
                   _script(lambda a: True))
    result = run_check("regression", bad)
    decided, verdict = decide_one(result, bad)
    assert decided.status == "fail" and verdict.status == "NO-GO"
    assert any("tc_arith_mc.acc" in reason for reason in verdict.reasons)
    examples = next(s for s in result.sections if isinstance(s, Examples))
    assert examples.items[0].category == "tc_arith_mc" and "Question: What is" in examples.items[0].prompt


def test_failed_requests_drop_their_document_from_both_models_and_are_counted(tmp_path: Path) -> None:
    failing = int(QUESTION.findall(str(ROWS[0]["question"]))[0][0])
    session = _session(tmp_path, [_bench("tc_arith_mc", limit=20)], _script(lambda a: True, fail=failing),
                       _script(lambda a: True))
    result = run_check("regression", session)
    n_failing = sum(QUESTION.findall(str(r["question"]))[0][0] == str(failing) for r in ROWS[:20])
    m = _m(result, "tc_arith_mc.acc")
    assert (m.n, m.n_errors, m.candidate) == (20 - n_failing, n_failing, 1.0)


def test_rerun_reuses_the_store_and_offline_rescoring_needs_no_model(tmp_path: Path) -> None:
    benchmarks = [_bench("tc_arith_mc", limit=12), _bench("tc_arith_gen", limit=12)]
    first = _session(tmp_path, benchmarks, _script(lambda a: True), _script(lambda a: a % 2 == 0))
    before = run_check("regression", first)
    second = _session(tmp_path, benchmarks, _script(lambda a: True), _script(lambda a: a % 2 == 0))
    again = run_check("regression", second)
    assert second.fakes["candidate"].calls == [] and second.fakes["baseline"].calls == []  # type: ignore[attr-defined]
    assert second.reused["candidate"] == first.sent["candidate"] == 12 * 4 + 12
    offline = run_check("regression", offline_session(first))
    dumps = [[m.model_dump(exclude={"gate"}) for m in r.measurements] for r in (before, again, offline)]
    assert dumps[0] == dumps[1] == dumps[2]
    assert first.datasets["regression/tc_arith_mc"] == second.datasets["regression/tc_arith_mc"]


def test_both_models_get_the_same_requests_and_the_fingerprints_cover_them(tmp_path: Path) -> None:
    session = _session(tmp_path, [_bench("tc_arith_mc", limit=10, num_fewshot=2)], _script(lambda a: True),
                       _script(lambda a: False))
    run_check("regression", session)
    calls = {role: session.fakes[role].calls for role in ("candidate", "baseline")}  # type: ignore[attr-defined]
    assert calls["candidate"] == calls["baseline"] and len(calls["candidate"]) == 40
    assert calls["candidate"][0].context.count("Question:") == 3  # two few-shot examples, seeded
    assert session.conditions_fingerprint("candidate") == session.conditions_fingerprint("baseline")
    other = _session(tmp_path / "other", [_bench("tc_arith_mc", limit=10, num_fewshot=2, seed=1)],
                     _script(lambda a: True), _script(lambda a: False))
    run_check("regression", other)
    assert other.datasets != session.datasets  # another few-shot draw is another dataset as asked
    assert other.conditions_fingerprint("candidate") != session.conditions_fingerprint("candidate")


def test_bad_entries_name_what_is_wrong(tmp_path: Path) -> None:
    script = _script(lambda a: True)
    with pytest.raises(DataError, match="has no metric bleu; it reports acc, acc_norm"):
        run_check("regression", _session(tmp_path / "a", [_bench("tc_arith_mc", metrics=["bleu"])], script, script))
    with pytest.raises(DataError, match=r"nowhere\.jsonl: key 'data_files': data file not found"):
        run_check("regression", _session(tmp_path / "b", [_bench("tc_arith_mc", data_files=str(tmp_path /
                                                                                            "nowhere.jsonl"))],
                                         script, script))
    with pytest.raises(ValueError, match="'data_files' needs 'dataset_path'"):
        fake_config({"regression": {"benchmarks": [{"format": "lm_eval", "task": "x", "data_files": "a.json"}]}})
    with pytest.raises(ValueError, match="does not make a measurement name"):
        fake_config({"regression": {"benchmarks": [{"format": "lm_eval", "task": "arc-easy"}]}})
    with pytest.raises(ValueError, match="name 'tc' is used twice"):
        fake_config({"regression": {"benchmarks": [{"format": "lm_eval", "task": "tc"},
                                                   {"format": "hellaswag", "name": "tc", "path": "x"}]}})


def test_only_metrics_that_lm_eval_averages_per_sample_are_paired(tmp_path: Path) -> None:
    (tmp_path / "tasks").mkdir()
    text = (TASKS / "tc_arith_gen.yaml").read_text().replace("tc_arith_gen", "tc_arith_bleu")
    text = text.replace("  - metric: exact_match\n    aggregation: mean\n    higher_is_better: true\n",
                        "  - metric: exact_match\n    aggregation: mean\n    higher_is_better: true\n"
                        "  - metric: bleu\n    higher_is_better: true\n")
    (tmp_path / "tasks" / "tc_arith_bleu.yaml").write_text(text)
    bench = {**_bench("tc_arith_bleu", limit=10), "include_path": [str(tmp_path / "tasks")]}
    result = run_check("regression", _session(tmp_path, [bench], _script(lambda a: True), _script(lambda a: True)))
    assert [m.name for m in result.measurements] == ["tc_arith_bleu.exact_match"]
    notes = [s.text for s in result.sections if isinstance(s, Note)]
    assert any("tc_arith_bleu.bleu left out" in text for text in notes)


def test_with_the_chat_template_lm_evals_turns_are_rendered_by_the_session(tmp_path: Path) -> None:
    session = _session(tmp_path, [_bench("tc_arith_gen", limit=4, num_fewshot=0, apply_chat_template=True)],
                       _script(lambda a: True), _script(lambda a: True))
    result = run_check("regression", session)
    prompt = session.fakes["candidate"].calls[0].prompt  # type: ignore[attr-defined]
    assert prompt == "<|user|>\nQuestion: What is 35 - 28?\nAnswer:\n<|assistant|>\n"
    assert _m(result, "tc_arith_gen.exact_match").candidate == 1.0
