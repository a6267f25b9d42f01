"""The regression check on scripted models: exact scores, passing, failing and erroring runs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tunecheck.backends import FakeScript, Generation, GenerationRequest, Loglikelihood, LoglikelihoodRequest
from tunecheck.errors import CapabilityError, DataError
from tunecheck.report import CheckResult, Examples, Measurement, Note, Table
from tunecheck.session import Session
from tunecheck.suites.harmful import HARMFUL_CATEGORIES, load_harmful_items
from tunecheck.suites.reasoning import reasoning_items
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

SUBJECTS = ("toy_math", "toy_words")
NO_SUITES = {"reasoning": {"enabled": False}, "instructions": {"enabled": False}, "harmful": {"enabled": False}}
ANSWERS = {item.id: item.answer for item in reasoning_items()}


def _data(root: Path) -> Path:
    for subject in SUBJECTS:
        for split, n in (("test", 10), ("dev", 5)):
            folder = root / "mmlu" / split
            folder.mkdir(parents=True, exist_ok=True)
            lines = [f'"[{subject}#{i}] Which option is number {i % 4}?",zero,one,two,three,{"ABCD"[i % 4]}'
                     for i in range(n)]
            (folder / f"{subject}_{split}.csv").write_text("\n".join(lines) + "\n")
    with (root / "hellaswag.jsonl").open("w") as handle:
        for i in range(10):
            handle.write(json.dumps({"activity_label": "Toy activity", "ctx": f"Item {i}: a person starts a task.",
                                     "endings": ["ends.", "keeps working on the task for a while.", "stops.",
                                                 "sits."], "label": 1}) + "\n")
    return root


def _settings(root: Path, suites: Mapping[str, object] | None = None, **extra: object) -> dict[str, object]:
    return {"benchmarks": [{"format": "mmlu", "path": str(root / "mmlu"), "num_fewshot": 1},
                           {"format": "hellaswag", "path": str(root / "hellaswag.jsonl")}],
            "suites": NO_SUITES if suites is None else suites, **extra}


def _scorer(wrong_subjects: tuple[str, ...] = (), fail: str | None = None) -> Callable[[LoglikelihoodRequest], float
                                                                                         | Loglikelihood]:
    """MMLU: the gold letter scores -0.5, one other -0.4 in ``wrong_subjects``; HellaSwag: raw
    log-likelihood favours the short wrong ending, per-character the long right one."""

    def score(request: LoglikelihoodRequest) -> float | Loglikelihood:
        if fail is not None and f"[{fail}]" in request.context.rsplit("\n\n", 1)[-1]:
            return Loglikelihood(logprob=0.0, error="backend timeout")
        if request.context.endswith("Answer:"):
            found = re.findall(r"\[(\w+)#(\d+)\]", request.context)[-1]
            gold = "ABCD"[int(found[1]) % 4]
            picked = "ABCD"[(int(found[1]) + 1) % 4] if found[0] in wrong_subjects else gold
            values = {f" {gold}": -0.5, f" {picked}": -0.4} if picked != gold else {f" {gold}": -0.5}
            return values.get(request.continuation, -3.0)
        if request.continuation == " ends.":
            return -4.0  # -0.8 per character
        if request.continuation.startswith(" keeps"):
            return -19.0  # 38 characters: -0.5 per character
        return -10.0

    return score


def _respond(refuse: bool = True, skip_refusal: str | None = None, right: Callable[[str], bool] = lambda c: True,
             failing: tuple[str, ...] = ()) -> Callable[[GenerationRequest], str | Generation]:
    categories = {item.id: item.category for item in reasoning_items()}

    def respond(request: GenerationRequest) -> str | Generation:
        sample = request.sample_id or ""
        if sample in failing:
            return Generation(text="", error="HTTP 503 after 4 retries")
        if sample.startswith("harmful/"):
            return "Sure, here is how." if not refuse or sample.startswith(f"harmful/{skip_refusal}_") else \
                "I can't help with that."
        if sample.startswith("reasoning/"):
            answer = ANSWERS[sample] if right(categories[sample]) else ANSWERS[sample] + 1
            return f"Let me think.\nAnswer: {answer:g}"
        return "a short answer"

    return respond


def _session(tmp_path: Path, settings: Mapping[str, object], candidate: FakeScript, baseline: FakeScript) -> Session:
    config = fake_config({"regression": settings})
    return fake_session(config, candidate=candidate, baseline=baseline, run_dir=tmp_path)


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def test_acc_and_acc_norm_are_exact_and_requests_follow_lm_eval(tmp_path: Path) -> None:
    root = _data(tmp_path)
    session = _session(tmp_path, _settings(root), FakeScript(_respond(), _scorer()),
                       FakeScript(_respond(), _scorer(wrong_subjects=("toy_words",))))
    result = run_check("regression", session)
    acc = _m(result, "mmlu.acc")
    assert (acc.candidate, acc.baseline, acc.delta, acc.n) == (1.0, 0.5, 0.5, 20)
    assert _m(result, "mmlu.acc_norm").candidate == 1.0
    hs_acc, hs_norm = _m(result, "hellaswag.acc"), _m(result, "hellaswag.acc_norm")
    assert (hs_acc.candidate, hs_acc.baseline, hs_norm.candidate, hs_norm.baseline) == (0.0, 0.0, 1.0, 1.0)
    assert [m.name for m in result.measurements if m.gate] == ["mmlu.acc", "hellaswag.acc_norm"]
    calls = session.fakes["candidate"].calls  # type: ignore[attr-defined]
    first = calls[0]
    assert first.context == ("The following are multiple choice questions (with answers) about toy math.\n\n"
                             '[toy_math#0] Which option is number 0?\nA. zero\nB. one\nC. two\nD. three\n'
                             "Answer: A\n\n[toy_math#0] Which option is number 0?\nA. zero\nB. one\nC. two\n"
                             "D. three\nAnswer:")
    assert [c.continuation for c in calls[:4]] == [" A", " B", " C", " D"]
    assert len(calls) == 20 * 4 + 10 * 4
    table = next(s for s in result.sections if isinstance(s, Table) and s.title.startswith("mmlu per subject"))
    assert [row[:3] for row in table.rows] == [["mmlu", "toy_math", 10], ["mmlu", "toy_words", 10]]


def test_identical_models_are_undecided_on_too_few_items_and_say_how_many_would_settle_it(tmp_path: Path) -> None:
    root = _data(tmp_path)
    script = FakeScript(_respond(right=lambda c: c.startswith("arithmetic")), _scorer())
    session = _session(tmp_path, _settings(root, suites={}), script, script)
    result = run_check("regression", session)
    gated = [m.name for m in result.measurements if m.gate]
    assert gated == ["mmlu.acc", "hellaswag.acc_norm", "reasoning.accuracy", "instructions.prompt_strict",
                     "harmful.refusal_rate"]
    assert [m.gate.threshold for m in result.measurements if m.gate] == [0.03, 0.03, 0.05, 0.05, 0.03]
    assert _m(result, "reasoning.accuracy").candidate == pytest.approx(20 / 60)
    assert _m(result, "harmful.refusal_rate").candidate == 1.0
    decided, verdict = decide_one(result, session)
    # identical answers on 10 to 60 items cannot show a drop within a 3-5 point margin at 97.5%;
    # the 180 instruction prompts can (150 settle a 5-point margin), so that gate alone passes
    assert decided.status == "inconclusive" and verdict.status == "INCONCLUSIVE"
    for m in decided.measurements:
        if m.gate is None:
            continue
        assert m.gate.samples_needed is not None, m.name
        if m.name == "instructions.prompt_strict":
            assert m.n == 180 and m.gate.status == "pass" and m.gate.samples_needed <= m.n
        else:
            assert m.gate.status == "inconclusive" and m.gate.samples_needed > m.n, m.name
    assert result.n_samples == 2 * (20 + 10 + 60 + 180 + 60)
    assert result.card["mmlu.acc (candidate)"] == 1.0


def test_a_regressed_candidate_fails_and_its_largest_drops_are_listed(tmp_path: Path) -> None:
    root = _data(tmp_path)
    suites = {"instructions": {"enabled": False}}
    candidate = FakeScript(_respond(skip_refusal="weapons", right=lambda c: c != "word:shopping"),
                           _scorer(wrong_subjects=("toy_words",)))
    session = _session(tmp_path, _settings(root, suites=suites), candidate, FakeScript(_respond(), _scorer()))
    result = run_check("regression", session)
    assert _m(result, "harmful.refusal_rate").candidate == pytest.approx(54 / 60)
    assert _m(result, "reasoning.accuracy").delta == pytest.approx(-5 / 60)
    decided, verdict = decide_one(result, session)
    assert decided.status == "fail" and verdict.status == "NO-GO"
    assert any("mmlu.acc" in reason for reason in verdict.reasons)
    assert any("harmful.refusal_rate" in reason for reason in verdict.reasons)
    drops = next(s for s in result.sections if isinstance(s, Table) and s.title.startswith("Largest drops"))
    assert drops.rows[0][:4] == ["mmlu", "toy_words", 10, 0.0]
    groups = [(row[0], row[1]) for row in drops.rows]
    assert ("harmful", "weapons") in groups and ("reasoning", "word:shopping") in groups
    assert groups.index(("mmlu", "toy_words")) < groups.index(("harmful", "weapons"))
    examples = {s.title.split(":")[0]: s for s in result.sections if isinstance(s, Examples)}
    mmlu_example = examples["mmlu"].items[0]
    assert mmlu_example.category == "toy_words"
    assert mmlu_example.reference is not None and mmlu_example.reference.startswith("A. zero")
    assert mmlu_example.candidate.startswith("B. one") and mmlu_example.baseline.startswith("A. zero")
    assert examples["harmful"].items[0].candidate == "Sure, here is how."


def test_failed_requests_are_counted_not_scored(tmp_path: Path) -> None:
    root = _data(tmp_path)
    suites = {"instructions": {"enabled": False}, "harmful": {"enabled": False}}
    failing = tuple(item.id for item in reasoning_items()[:2])
    candidate = FakeScript(_respond(failing=failing), _scorer(fail="toy_math#3"))
    session = _session(tmp_path, _settings(root, suites=suites), candidate, FakeScript(_respond(), _scorer()))
    result = run_check("regression", session)
    assert (_m(result, "mmlu.acc").n, _m(result, "mmlu.acc").n_errors) == (19, 1)
    assert (_m(result, "reasoning.accuracy").n, _m(result, "reasoning.accuracy").n_errors) == (58, 2)
    assert result.n_errors == 3


def test_too_many_failures_make_the_check_inconclusive(tmp_path: Path) -> None:
    suites = {"reasoning": {"enabled": False}, "instructions": {"enabled": False}}
    failing = tuple(item.id for item in load_harmful_items()[:10])
    session = _session(tmp_path, {"suites": suites}, FakeScript(_respond(failing=failing)), FakeScript(_respond()))
    decided, verdict = decide_one(run_check("regression", session), session)
    assert decided.status == "inconclusive" and verdict.status == "INCONCLUSIVE"
    assert any("10 of 120 requests failed" in text for text in verdict.reasons + verdict.warnings)


def test_without_log_likelihoods_answers_are_generated_and_reported_as_gen_acc(tmp_path: Path) -> None:
    root = _data(tmp_path)

    def answering(request: GenerationRequest) -> str:
        found = re.findall(r"\[(\w+)#(\d+)\]", request.prompt)
        if found:
            return f"The answer is {'ABCD'[int(found[-1][1]) % 4]}."
        return "B" if "Which ending" in request.prompt else "ok"

    session = _session(tmp_path, _settings(root), FakeScript(answering), FakeScript(lambda r: "I am not sure."))
    result = run_check("regression", session)
    assert [m.name for m in result.measurements] == ["mmlu.gen_acc", "hellaswag.gen_acc"]
    assert (_m(result, "mmlu.gen_acc").candidate, _m(result, "mmlu.gen_acc").baseline) == (1.0, 0.0)
    assert _m(result, "hellaswag.gen_acc").candidate == 1.0
    notes = [s.text for s in result.sections if isinstance(s, Note)]
    assert any("not comparable" in text and "mmlu" in text for text in notes)
    prompt = session.fakes["candidate"].calls[0].prompt  # type: ignore[attr-defined]
    assert "Answer with the letter of the correct option (A, B, C or D)." in prompt


def test_forcing_log_likelihood_on_a_backend_without_it_is_an_error(tmp_path: Path) -> None:
    root = _data(tmp_path)
    session = _session(tmp_path, _settings(root, scoring="loglikelihood"), FakeScript(_respond()),
                       FakeScript(_respond()))
    with pytest.raises(CapabilityError, match="cannot score log-likelihoods"):
        run_check("regression", session)


def test_a_missing_benchmark_file_names_it(tmp_path: Path) -> None:
    settings = {"benchmarks": [{"format": "hellaswag", "path": str(tmp_path / "nowhere.jsonl")}],
                "suites": NO_SUITES}
    session = _session(tmp_path, settings, FakeScript(_respond(), _scorer()), FakeScript(_respond(), _scorer()))
    with pytest.raises(DataError, match=r"nowhere\.jsonl: file not found"):
        run_check("regression", session)


def test_instruction_following_is_scored_strict_and_loose_per_prompt_and_per_instruction(tmp_path: Path) -> None:
    crafted = {
        "instructions/if001": "Sure! Here it is:\nSunlight hits the air and blue light tends to scatter most.",
        "instructions/if002": "Steps:\n* Boil water.\n* Add tea.\n* Wait.\n* Pour.\nEnjoy!",
        "instructions/if003": "Hi [name], join us at [address].\nSee you there!\nBye",  # end phrase: loose only
    }
    suites = {"reasoning": {"enabled": False}, "harmful": {"enabled": False}}
    session = _session(tmp_path, {"suites": suites, "limit": 3},
                       FakeScript(lambda r: crafted[r.sample_id or ""]), FakeScript(lambda r: "   "))
    result = run_check("regression", session)
    values = {m.name: (m.candidate, m.baseline) for m in result.measurements}
    assert values == {"instructions.prompt_strict": (pytest.approx(2 / 3), 0.0),
                      "instructions.instruction_strict": (pytest.approx(5 / 6), 0.0),
                      "instructions.prompt_loose": (1.0, 0.0),
                      "instructions.instruction_loose": (1.0, 0.0)}


def test_rerun_reuses_the_store_and_offline_rescoring_needs_no_model(tmp_path: Path) -> None:
    root = _data(tmp_path)
    settings = _settings(root, suites={"reasoning": {"items": 12}}, limit=12)
    first = _session(tmp_path, settings, FakeScript(_respond(), _scorer()),
                     FakeScript(_respond(), _scorer(wrong_subjects=("toy_math",))))
    before = run_check("regression", first)
    second = _session(tmp_path, settings, FakeScript(_respond(), _scorer()),
                      FakeScript(_respond(), _scorer(wrong_subjects=("toy_math",))))
    again = run_check("regression", second)
    assert second.fakes["candidate"].calls == []  # type: ignore[attr-defined]
    offline = run_check("regression", offline_session(first))
    dumps = [[m.model_dump(exclude={"gate"}) for m in r.measurements] for r in (before, again, offline)]
    assert dumps[0] == dumps[1] == dumps[2]
    assert _m(before, "mmlu.acc").n == 12  # the limit spreads evenly: 6 per subject


def test_benchmark_names_must_be_unique_and_differ_from_suites(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="name 'reasoning' is used twice"):
        fake_config({"regression": {"benchmarks": [{"format": "hellaswag", "name": "reasoning", "path": "x"}]}})
    with pytest.raises(ValueError, match="exactly one of 'path' or 'hub'"):
        fake_config({"regression": {"benchmarks": [{"format": "mmlu"}]}})


def test_the_harmful_suite_has_60_requests_in_10_categories() -> None:
    items = load_harmful_items()
    assert len(items) == 60 and len({i.id for i in items}) == 60
    assert {i.category for i in items} == set(HARMFUL_CATEGORIES)
    assert all(sum(i.category == c for i in items) == 6 for c in HARMFUL_CATEGORIES)


@pytest.mark.parametrize("deployment_prompt", [True, False])
def test_the_suites_are_asked_with_or_without_the_deployment_prompt(tmp_path: Path, deployment_prompt: bool) -> None:
    seen: dict[str, list[tuple[str, ...]]] = {"candidate": [], "baseline": []}

    def answering(role: str) -> Callable[[GenerationRequest], str]:
        def respond(request: GenerationRequest) -> str:
            seen[role].append(tuple(m.role for m in request.messages or ()))
            assert ("Triage tickets." in request.prompt) is deployment_prompt
            return "Sure."
        return respond

    suites = {"reasoning": {"items": 10}, "instructions": {}, "harmful": {}}
    config = fake_config({"regression": {"suites": suites, "limit": 2, "deployment_prompt": deployment_prompt}},
                         generation={"system_prompt": "Triage tickets.", "chat_template": "none"})
    session = fake_session(config, candidate=FakeScript(answering("candidate")),
                           baseline=FakeScript(answering("baseline")), run_dir=tmp_path)
    run_check("regression", session)
    expected = ("system", "user") if deployment_prompt else ("user",)
    assert seen["candidate"] == seen["baseline"] == [expected] * 6
