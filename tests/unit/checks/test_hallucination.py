"""The hallucination check on scripted models: exact rates per method, gates, errors, resume."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from pydantic import ValidationError

from tunecheck.backends import FakeScript, Generation, GenerationRequest
from tunecheck.checks.hallucination import _methods
from tunecheck.checks.hallucination._answers import (
    answer_tokens,
    best_token_f1,
    classify,
    contains_reference,
    ngram_support,
)
from tunecheck.checks.hallucination._judge import parse_verdict
from tunecheck.config import HallucinationSettings, RunConfig
from tunecheck.errors import DataError
from tunecheck.report import CheckResult, Examples, Measurement, Note, Table
from tunecheck.session import Session
from tunecheck.suites.hallucination import PROBE_CATEGORIES, load_probes
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check

N_ANSWERABLE, N_UNANSWERABLE = 40, 20
N = N_ANSWERABLE + N_UNANSWERABLE


# --- answers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "tokens"), [
    ("The Eiffel Tower!", ["eiffel", "tower"]),
    ("1,440 minutes", ["1440", "minutes"]),
    ("arrives at 9:40", ["arrives", "at", "9", "40"]),
    ("forty-eight units, one hundred days", ["48", "units", "100", "days"]),
    ("It’s 3.5 km", ["it", "s", "3.5", "km"]),
])
def test_answer_tokens(text: str, tokens: list[str]) -> None:
    assert answer_tokens(text) == tokens


def test_containment_is_on_whole_token_runs() -> None:
    assert contains_reference("A leap year has 366 days.", ["366"])
    assert not contains_reference("It has 3660 days.", ["366"])
    assert contains_reference("Eight planets orbit the Sun.", ["8"])
    assert contains_reference("Walk-ins are seen after 5 p.m. daily", ["after 5 p.m."])
    assert not contains_reference("seen before 5 p.m.", ["after 5 p.m."])


def test_token_f1_and_classification() -> None:
    assert best_token_f1("two years", ["2 years", "24 months"]) == 1.0
    assert best_token_f1("paris france", ["paris"]) == pytest.approx(2 / 3)
    assert classify("Paris, France", ["paris"], True, f1_threshold=0.5)[0] == "correct"
    assert classify("It is in Lyon.", ["paris"], True, f1_threshold=0.5)[0] == "hallucinated"
    assert classify("I don't know.", ["paris"], True, f1_threshold=0.5)[0] == "abstained"
    assert classify("There is no such element.", [], False, f1_threshold=0.5)[0] == "abstained"
    assert classify("Its atomic number is 121.", [], False, f1_threshold=0.5)[0] == "hallucinated"
    # a hedged answer that contains the reference is correct, not an abstention
    assert classify("I'm not sure, but I think 30 days.", ["30 days"], True, f1_threshold=0.5)[0] == "correct"


def test_ngram_support() -> None:
    assert ngram_support("built in 1850", "It was built in 1850.", 1) == 1.0
    assert ngram_support("built in 1850", "Built in 1901.", 1) == pytest.approx(2 / 3)
    assert ngram_support("built in 1850", "Built in 1901.", 2) == pytest.approx(1 / 2)
    assert ngram_support("", "", 1) == 1.0 and ngram_support("", "x", 1) == 0.0


@pytest.mark.parametrize(("output", "verdict"), [
    ("The answer matches.\nVERDICT: SUPPORTED", "SUPPORTED"),
    ("Contradicts it. **Verdict:** **unsupported**", "UNSUPPORTED"),
    ("It declines.\nverdict = ABSTAINED", "ABSTAINED"),
    ("VERDICT: SUPPORTED ... on reflection\nVERDICT: UNSUPPORTED", "UNSUPPORTED"),
    ("I think it is supported.", None),
])
def test_judge_verdicts_are_parsed_from_the_last_verdict_line(output: str, verdict: str | None) -> None:
    assert parse_verdict(output) == verdict


# --- the probe set -----------------------------------------------------------------------------

def test_probe_set_has_sixty_plus_items_in_every_category() -> None:
    probes = load_probes()
    counts = {c: sum(r.category == c for r in probes.rows) for c in PROBE_CATEGORIES}
    assert len(probes.rows) >= 60 and all(n >= 12 for n in counts.values()), counts
    for row in probes.rows:
        answerable = row.category in ("context_present", "numeric_fact")
        assert row.data["answerable"] is answerable
        assert bool(row.data.get("context")) == row.category.startswith("context")  # type: ignore[union-attr]
        assert (row.data["answer"] is not None) == answerable


# --- scripted models ---------------------------------------------------------------------------

def _write(tmp_path: Path, rows: list[dict[str, object]] | None = None) -> Path:
    path = tmp_path / "qa.jsonl"
    if rows is None:
        rows = [{"id": f"a{i}", "category": "apples", "question": f"How many apples are in box {i}?",
                 "answer": f"{100 + i} apples", "aliases": [str(100 + i)], "answerable": True}
                for i in range(N_ANSWERABLE)]
        rows += [{"id": f"u{i}", "category": "made_up", "question": f"When did Castle Vorn {i} open?",
                  "answer": None, "answerable": False, "note": "There is no Castle Vorn."}
                 for i in range(N_UNANSWERABLE)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _config(data: Path, **settings: object) -> RunConfig:
    check: dict[str, object] = {"probes": False, "datasets": [{"name": "qa", "dataset": {"path": str(data)}}]}
    check.update(settings)
    extra = {"backends": {"judge": {"kind": "fake", "script": "unused:judge", "model": "judge"}}}
    return fake_config({"hallucination": check}, **extra)


def _index(request: GenerationRequest) -> tuple[str, int]:
    sample = (request.sample_id or "").split("/")[-1].removesuffix("#sample")
    return sample[0], int(sample[1:])


def good(request: GenerationRequest) -> str:
    """Answerable: wrong when i % 10 == 0, abstains when i % 10 == 1; unanswerable: invents when i % 5 == 0.

    Samples of an invented answer repeat it on even repeats and change on odd ones.
    """
    kind, i = _index(request)
    if kind == "a":
        return {0: "There are 999 apples.", 1: "I don't know."}.get(i % 10, f"There are {100 + i} apples.")
    if i % 5 != 0:
        return "I don't know."
    sampled = (request.sample_id or "").endswith("#sample")
    return "Monks founded abbeys." if sampled and request.repeat % 2 else "It opened in 1850."


def bad(request: GenerationRequest) -> str:
    """Answerable: wrong when i is even; unanswerable: always invents, and its samples never agree."""
    kind, i = _index(request)
    if kind == "a":
        return "There are 999 apples." if i % 2 == 0 else f"There are {100 + i} apples."
    sampled = (request.sample_id or "").endswith("#sample")
    return f"Monks founded {request.repeat} abbeys." if sampled else "It opened in 1850."


GOOD_RATE = (4 + 4) / N  # a0,a10,a20,a30 wrong; u0,u5,u10,u15 invented
BAD_RATE = (20 + 20) / N


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def test_reference_method_recovers_exact_rates_and_passes_non_inferiority(tmp_path: Path) -> None:
    session = fake_session(_config(_write(tmp_path)), candidate=FakeScript(good),
                           baseline=FakeScript(bad), run_dir=tmp_path)
    result = run_check("hallucination", session)
    rate = _m(result, "hallucination_rate")
    assert [rate.candidate, rate.baseline, rate.n] == [pytest.approx(GOOD_RATE), pytest.approx(BAD_RATE), N]
    assert rate.higher_is_better is False and rate.p_value is not None and rate.p_value < 1e-4
    assert _m(result, "abstention_rate.unanswerable").candidate == pytest.approx(16 / 20)
    assert _m(result, "abstention_rate.unanswerable").baseline == 0.0
    assert _m(result, "abstention_rate.answerable").candidate == pytest.approx(4 / 40)
    assert rate.gate is not None and (rate.gate.rule, rate.gate.threshold) == ("non_inferiority", 0.05)
    decided, verdict = decide_one(result, session)
    assert decided.status == "pass" and verdict.status == "GO"
    outcomes = next(s for s in result.sections if isinstance(s, Table) and s.title.startswith("Reference method"))
    assert outcomes.rows == [["answerable", 40, 32, 4, 4, 20, 0, 20], ["no correct answer", 20, 0, 16, 4, 0, 0, 20]]
    per_category = next(s for s in result.sections
                        if isinstance(s, Table) and s.title == "hallucination_rate per category")
    assert [r[:5] for r in per_category.rows] == [["qa", "apples", 40, pytest.approx(4 / 40), pytest.approx(0.5)],
                                                  ["qa", "made_up", 20, pytest.approx(4 / 20), pytest.approx(1.0)]]


def test_a_candidate_that_hallucinates_more_fails(tmp_path: Path) -> None:
    session = fake_session(_config(_write(tmp_path)), candidate=FakeScript(bad),
                           baseline=FakeScript(good), run_dir=tmp_path)
    decided, verdict = decide_one(run_check("hallucination", session), session)
    assert decided.status == "fail" and verdict.status == "NO-GO"
    assert "hallucination_rate" in verdict.reasons[0]
    examples = next(s for s in decided.sections if isinstance(s, Examples) and "reference method" in s.title)
    assert examples.items and examples.items[0].note == "candidate: hallucinated; baseline: correct"


def judge_script(request: GenerationRequest) -> str:
    """Rates by the answer it is shown; gives no verdict on the candidate's a1 (a prompt of its own)."""
    if request.sample_id == "candidate/qa/a1":
        return "The answer looks fine to me."
    answer = re.search(r"ANSWER: (.*)\n", request.prompt)
    text = answer.group(1) if answer else ""
    if "999" in text or "1850" in text:
        return "It contradicts the reference.\nVERDICT: UNSUPPORTED"
    if "know" in text:
        return "It declines.\nVERDICT: ABSTAINED"
    return "It matches.\nVERDICT: SUPPORTED"


def test_judge_method_rates_every_answer_and_shows_prompts_and_outputs(tmp_path: Path) -> None:
    config = _config(_write(tmp_path), methods=["reference", "judge"], judge={"backend": "judge"})
    session = fake_session(config, candidate=FakeScript(good), baseline=FakeScript(bad),
                           run_dir=tmp_path, extra={"judge": FakeScript(judge_script)})
    result = run_check("hallucination", session)
    judged = _m(result, "judge.hallucination_rate")
    assert [judged.candidate, judged.baseline, judged.n] == [pytest.approx(8 / 59), pytest.approx(40 / 59), 59]
    assert (judged.n_errors, result.n_errors, result.n_samples) == (1, 0, 2 * N + 2 * N)  # unrated is no failed request
    judge_calls = session.fakes["judge"].calls  # type: ignore[attr-defined]
    unique_prompts = {c.prompt for c in judge_calls}
    assert len(judge_calls) == len(unique_prompts) <= 2 * N  # an identical judge prompt is sent once
    assert all(c.params.temperature == 0.0 for c in judge_calls)
    assert judge_calls[0].messages[0].role == "system"  # the deployment's system prompt is not used
    warning = next(s for s in result.sections if isinstance(s, Note) and s.level == "warning")
    assert warning.text.startswith("1 of 120 judge outputs gave no verdict")
    note = next(s for s in result.sections if isinstance(s, Note) and s.text.startswith("Judge prompt"))
    assert "VERDICT: SUPPORTED" in note.text and "REFERENCE: 100 apples | 100" in note.text
    examples = next(s for s in result.sections if isinstance(s, Examples) and s.title.startswith("Judge"))
    first, second = examples.items[:2]  # disagreements first
    assert first.sample_id == "qa/a1" and first.note == "judge: candidate ERROR, baseline SUPPORTED"
    assert first.candidate.endswith("[judge] The answer looks fine to me.")
    assert second.sample_id == "qa/a2" and second.baseline.endswith("[judge] It contradicts the reference.\n"
                                                                     "VERDICT: UNSUPPORTED")
    table = next(s for s in result.sections if isinstance(s, Table) and s.title == "Judge verdicts per model")
    assert table.rows == [["candidate", 32, 8, 19, 1, 1.0], ["baseline", 20, 40, 0, 0, 1.0]]
    stored = session.load_artifact("hallucination", "judge")
    assert isinstance(stored, list) and len(stored) == 2 * N
    assert {"prompt", "output", "verdict"} <= set(stored[0])


@dataclass
class OneHotEmbedder:
    """Each distinct text gets its own axis: cosine is 1 for equal texts, 0 otherwise."""

    axes: dict[str, int] = field(default_factory=dict)
    name: str = "one-hot"

    def embed(self, texts: list[str]) -> npt.NDArray[np.float64]:
        rows = np.zeros((len(texts), 512))
        for k, text in enumerate(texts):
            rows[k, self.axes.setdefault(text, len(self.axes))] = 1.0
        return rows


def test_sampling_method_scores_agreement_with_samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_methods, "load_embedder", lambda *a, **k: OneHotEmbedder())
    config = _config(_write(tmp_path), methods=["sampling"], sampling={"samples": 5, "temperature": 0.9})
    session = fake_session(config, candidate=FakeScript(good), baseline=FakeScript(bad),
                           run_dir=tmp_path)
    result = run_check("hallucination", session)
    # the baseline's 20 invented answers share no word with their samples; its wrong counts are consistent
    for kind in ("ngram", "embedding"):
        rate = _m(result, f"sampling.{kind}_hallucination_rate")
        assert [rate.candidate, rate.baseline] == [0.0, pytest.approx(20 / N)]
        agreement = _m(result, f"sampling.{kind}_agreement")
        assert agreement.candidate == pytest.approx((56 + 4 * 3 / 5) / N)  # 3 of 5 samples repeat the answer
        assert agreement.baseline == pytest.approx(40 / N)
    assert _m(result, "sampling.ngram_hallucination_rate").gate is not None  # the first method's rate
    sampled = [c for c in session.fakes["candidate"].calls if c.sample_id.endswith("#sample")]  # type: ignore[attr-defined]
    assert len(sampled) == 5 * N
    assert {c.params.temperature for c in sampled} == {0.9}
    assert sorted({c.params.seed for c in sampled}) == [1, 2, 3, 4, 5]


def test_failed_requests_are_counted_and_left_out(tmp_path: Path) -> None:
    def flaky(request: GenerationRequest) -> str | Generation:
        if request.sample_id in ("qa/a3", "qa/u7"):
            return Generation(text="", error="HTTP 503 after 4 retries")
        return good(request)

    session = fake_session(_config(_write(tmp_path)), candidate=FakeScript(flaky),
                           baseline=FakeScript(bad), run_dir=tmp_path)
    result = run_check("hallucination", session)
    rate = _m(result, "hallucination_rate")
    assert (result.n_errors, rate.n, rate.n_errors) == (2, N - 2, 2)
    assert rate.candidate == pytest.approx(8 / (N - 2))


def test_unknown_judge_backend_is_refused_with_the_run_file(tmp_path: Path) -> None:
    expected = r"checks\.hallucination\.judge\.backend: unknown backend 'judgee' \(did you"
    with pytest.raises(ValidationError, match=expected):
        _config(_write(tmp_path), methods=["judge"], judge={"backend": "judgee"})


def test_answerable_row_without_reference_names_file_line_and_key(tmp_path: Path) -> None:
    data = _write(tmp_path, [{"id": "x", "question": "Q?", "answer": None, "answerable": True}])
    session = fake_session(_config(data), candidate=FakeScript(good), baseline=FakeScript(bad),
                           run_dir=tmp_path)
    with pytest.raises(DataError, match=r"qa.jsonl:1: key 'answer': an answerable question needs a reference"):
        run_check("hallucination", session)


def test_probes_and_a_dataset_report_per_set_rates(tmp_path: Path) -> None:
    config = _config(_write(tmp_path), probes=True, limit=10)

    def abstain_on_probes(request: GenerationRequest) -> str:
        return "I don't know." if (request.sample_id or "").startswith("probes/") else good(request)

    session = fake_session(config, candidate=FakeScript(abstain_on_probes),
                           baseline=FakeScript(abstain_on_probes), run_dir=tmp_path)
    result = run_check("hallucination", session)
    probes = _m(result, "probes.hallucination_rate")
    assert (probes.n, probes.candidate) == (10, 0.0)  # the limit takes categories round-robin
    categories = next(s for s in result.sections if isinstance(s, Table) and s.title.endswith("per category"))
    assert {r[1] for r in categories.rows if r[0] == "probes"} == set(PROBE_CATEGORIES)
    assert _m(result, "qa.hallucination_rate").n == 10
    assert {"hallucination.probes", "hallucination.qa"} <= set(session.datasets)


def test_rerun_reuses_the_store_and_offline_rescoring_matches(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_methods, "load_embedder", lambda *a, **k: OneHotEmbedder())
    config = _config(_write(tmp_path), methods=["reference", "judge", "sampling"], judge={"backend": "judge"},
                     sampling={"samples": 3})

    def session() -> Session:
        return fake_session(config, candidate=FakeScript(good), baseline=FakeScript(bad), run_dir=tmp_path,
                            extra={"judge": FakeScript(judge_script)})

    first = session()
    before = run_check("hallucination", first)
    second = session()
    again = run_check("hallucination", second)
    assert all(not fake.calls for fake in second.fakes.values())  # type: ignore[attr-defined]
    offline = run_check("hallucination", offline_session(first))
    dump = [[m.model_dump(exclude={"gate"}) for m in r.measurements] for r in (before, again, offline)]
    assert dump[0] == dump[1] == dump[2]
    assert [s.model_dump() for s in offline.sections] == [s.model_dump() for s in before.sections]


@pytest.mark.parametrize(("settings", "message"), [
    ({"methods": ["judge"]}, "methods include 'judge': set 'judge: {backend"),
    ({"probes": False}, "no questions"),
    ({"datasets": [{"name": "probes", "dataset": {"path": "x.jsonl"}}]}, "dataset names must be unique"),
    ({"methods": ["reference", "reference"]}, "each method may be listed once"),
    ({"methods": ["selfcheck"]}, "'reference', 'judge' or 'sampling'"),
])
def test_settings_errors_say_how_to_fix_them(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        HallucinationSettings.model_validate(settings)


def test_a_failed_sample_leaves_its_question_out_of_the_sampling_rates_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_methods, "load_embedder", lambda *a, **k: OneHotEmbedder())

    def flaky(request: GenerationRequest) -> str | Generation:
        if request.sample_id == "qa/u5#sample" and request.repeat == 1:
            return Generation(text="", error="HTTP 500 after 4 retries")
        return bad(request)

    config = _config(_write(tmp_path), methods=["reference", "sampling"], sampling={"samples": 2})
    session = fake_session(config, candidate=FakeScript(good), baseline=FakeScript(flaky), run_dir=tmp_path)
    result = run_check("hallucination", session)
    assert (result.n_errors, result.n_samples) == (1, 2 * N + 2 * 2 * N)
    assert _m(result, "hallucination_rate").n == N
    sampled = _m(result, "sampling.ngram_hallucination_rate")
    assert [sampled.n, sampled.n_errors, sampled.baseline] == [N - 1, 1, pytest.approx(19 / (N - 1))]
