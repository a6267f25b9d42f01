"""The consistency check on scripted models: exact agreement values, gates, errors, resume."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from pydantic import ValidationError

from tunecheck.backends import FakeScript, Generation, GenerationRequest
from tunecheck.checks import consistency
from tunecheck.checks.consistency import answer_agreement, factual_agreement, score_std
from tunecheck.config import ConsistencySettings, RunConfig
from tunecheck.metrics import get_metric
from tunecheck.report import CheckResult, Examples, Measurement, Table
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

N_PROMPTS = 20
# The unsteady model on an even prompt: 3 repeats "The answer is k.", 2 repeats "Maybe k+1."
UNSTEADY_STD = math.sqrt((3 * 0.2**2 + 2 * 0.3**2) / 5)  # token F1 0.5, 0.5, 0.5, 0, 0 around 0.3


@dataclass
class OneHotEmbedder:
    """Each distinct text gets its own axis: cosine is 1 for equal texts, 0 otherwise."""

    axes: dict[str, int] = field(default_factory=dict)
    name: str = "one-hot"

    def embed(self, texts: list[str]) -> npt.NDArray[np.float64]:
        rows = np.zeros((len(texts), 256))
        for k, text in enumerate(texts):
            rows[k, self.axes.setdefault(text, len(self.axes))] = 1.0
        return rows


@pytest.fixture(autouse=True)
def one_hot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consistency, "load_embedder", lambda *a, **k: OneHotEmbedder())


def test_agreement_functions() -> None:
    assert answer_agreement(["Paris.", "paris", "The Paris", "Lyon"]) == 0.75
    # no extractable answer agrees with nothing: a model that never answers is not consistent
    assert answer_agreement(["", "", "", ""]) == 0.0
    assert answer_agreement(["Paris", "", "", ""]) == 0.25
    assert factual_agreement(["It is 8.", "eight", "nine", "8!"], ["8"]) == 0.75
    assert factual_agreement(["nine", "ten"], ["8"]) == 1.0  # consistently without the fact
    assert score_std(["8", "8"], ["8"], get_metric("token_f1")) == 0.0


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "prompts.jsonl"
    path.write_text("".join(json.dumps({"id": f"p{k}", "category": "even" if k % 2 == 0 else "odd",
                                        "question": f"What is number {k}?", "answer": str(k)}) + "\n"
                            for k in range(N_PROMPTS)))
    return path


def _config(data: Path, **settings: object) -> RunConfig:
    check: dict[str, object] = {"dataset": {"path": str(data)}, "prompt": "{question}", "reference": "answer",
                                "repeats": 5}
    check.update(settings)
    return fake_config({"consistency": check})


def _k(request: GenerationRequest) -> int:
    return int((request.sample_id or "p0").removeprefix("p"))


def steady(request: GenerationRequest) -> str:
    return f"The answer is {_k(request)}."


def unsteady(request: GenerationRequest) -> str:
    k = _k(request)
    if k % 2 == 0 and request.repeat >= 3:
        return f"Maybe {k + 1}."
    return f"The answer is {k}."


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def test_consistent_candidate_recovers_exact_values_and_passes(tmp_path: Path) -> None:
    session = fake_session(_config(_write(tmp_path)), candidate=FakeScript(steady),
                           baseline=FakeScript(unsteady), run_dir=tmp_path)
    result = run_check("consistency", session)
    expected = {  # candidate, baseline (10 steady prompts and 10 unsteady ones)
        "answer_agreement": (1.0, (10 + 10 * 3 / 5) / 20),
        "semantic_agreement": (1.0, (10 + 10 * 4 / 10) / 20),  # 4 of 10 pairs of repeats are equal
        "factual_agreement": (1.0, (10 + 10 * 3 / 5) / 20),
        "score_std": (0.0, 10 * UNSTEADY_STD / 20),
    }
    assert [m.name for m in result.measurements] == list(expected)
    for name, (cand, base) in expected.items():
        m = _m(result, name)
        assert [m.candidate, m.baseline, m.n] == [pytest.approx(cand), pytest.approx(base), N_PROMPTS], name
    assert _m(result, "score_std").higher_is_better is False
    gate = _m(result, "semantic_agreement").gate
    assert gate is not None and (gate.rule, gate.threshold) == ("non_inferiority", 0.05)
    decided, verdict = decide_one(result, session)
    assert decided.status == "pass" and verdict.status == "GO"
    calls = session.fakes["candidate"].calls  # type: ignore[attr-defined]
    assert len(calls) == 5 * N_PROMPTS
    assert {c.params.temperature for c in calls} == {0.7}  # greedy run: the deployment default
    assert sorted({c.params.seed for c in calls}) == [0, 1, 2, 3, 4]
    table = next(s for s in result.sections if isinstance(s, Table))
    assert table.rows[0][:5] == ["even", 10, 1.0, pytest.approx(0.6), pytest.approx(0.4)]


def test_inconsistent_candidate_fails_and_its_worst_prompts_are_shown(tmp_path: Path) -> None:
    session = fake_session(_config(_write(tmp_path)), candidate=FakeScript(unsteady),
                           baseline=FakeScript(steady), run_dir=tmp_path)
    decided, verdict = decide_one(run_check("consistency", session), session)
    assert decided.status == "fail" and verdict.status == "NO-GO"
    assert "semantic_agreement" in verdict.reasons[0]
    examples = next(s for s in decided.sections if isinstance(s, Examples))
    first = examples.items[0]
    assert first.sample_id == "p0" and first.candidate_score == pytest.approx(0.6)
    assert first.candidate.splitlines()[3] == "[3] Maybe 1."


def test_configured_temperature_and_gates_are_used(tmp_path: Path) -> None:
    gate = {"measurement": "answer_agreement", "rule": "at_least", "threshold": 0.9}
    session = fake_session(_config(_write(tmp_path), temperature=1.1, semantic=False, gates=[gate]),
                           candidate=FakeScript(steady), baseline=FakeScript(unsteady),
                           run_dir=tmp_path)
    result = run_check("consistency", session)
    assert "semantic_agreement" not in {m.name for m in result.measurements}
    calls = session.fakes["baseline"].calls  # type: ignore[attr-defined]
    assert {c.params.temperature for c in calls} == {1.1}
    assert decide_one(result, session)[0].status == "pass"


def test_a_prompt_with_a_failed_repeat_is_left_out_and_counted(tmp_path: Path) -> None:
    def flaky(request: GenerationRequest) -> str | Generation:
        if request.sample_id == "p3" and request.repeat == 2:
            return Generation(text="", error="timeout after 120 s")
        return steady(request)

    session = fake_session(_config(_write(tmp_path)), candidate=FakeScript(flaky),
                           baseline=FakeScript(unsteady), run_dir=tmp_path)
    result = run_check("consistency", session)
    assert result.n_errors == 1
    assert all(m.n == N_PROMPTS - 1 and m.n_errors == 1 for m in result.measurements)


def test_default_prompts_are_the_probe_set(tmp_path: Path) -> None:
    session = fake_session(fake_config({"consistency": {"repeats": 2, "limit": 10}}),
                           candidate=FakeScript(lambda r: "I don't know."),
                           baseline=FakeScript(lambda r: "I don't know."), run_dir=tmp_path)
    result = run_check("consistency", session)
    assert _m(result, "answer_agreement").n == 10
    assert _m(result, "factual_agreement").n == 4  # answerable probes: context_present and numeric_fact
    assert "consistency.probes" in session.datasets


def test_settings_reject_a_dataset_without_prompt_and_label_metrics() -> None:
    with pytest.raises(ValidationError, match="'prompt' is required"):
        ConsistencySettings.model_validate({"dataset": {"path": "x.jsonl"}})
    with pytest.raises(ValidationError, match="needs a label set"):
        ConsistencySettings.model_validate({"metric": "f1_macro"})
    with pytest.raises(ValidationError, match="did you mean 'token_f1'"):
        ConsistencySettings.model_validate({"metric": "token_f2"})


def test_rerun_reuses_repeats_from_the_store_and_offline_rescoring_matches(tmp_path: Path) -> None:
    config = _config(_write(tmp_path))
    first = fake_session(config, candidate=FakeScript(steady), baseline=FakeScript(unsteady),
                         run_dir=tmp_path)
    before = run_check("consistency", first)
    second = fake_session(config, candidate=FakeScript(steady), baseline=FakeScript(unsteady),
                          run_dir=tmp_path)
    again = run_check("consistency", second)
    assert second.fakes["candidate"].calls == [] and second.fakes["baseline"].calls == []  # type: ignore[attr-defined]
    offline = run_check("consistency", offline_session(first))
    dump = [[m.model_dump(exclude={"gate"}) for m in r.measurements] for r in (before, again, offline)]
    assert dump[0] == dump[1] == dump[2]
