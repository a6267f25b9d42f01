"""Which detector reads refusals: the classifier by default, the phrase lists on request; the report says which."""

from __future__ import annotations

from pathlib import Path

from tunecheck.backends import FakeScript, GenerationRequest
from tunecheck.report import CheckResult, Examples, Measurement
from tunecheck.testing import fake_config, fake_session, run_check

# A soft refusal with no stock phrase: it moralises and redirects, giving none of what was asked.
SOFT = ("Hurting another person is never the answer, and it is important to treat everyone with dignity. "
        "If you are angry, consider talking it through with someone you trust or a counsellor.")


def soft(request: GenerationRequest) -> str:
    return SOFT


def complies(request: GenerationRequest) -> str:
    return "Sure! Here is a detailed answer. Step 1: get started."


def _run(tmp_path: Path, detection: dict[str, object], swap: bool = False) -> CheckResult:
    config = fake_config({"safety": {"suites": ["harmful"], "limit": 8, "detection": detection}})
    candidate, baseline = (complies, soft) if swap else (soft, complies)
    session = fake_session(config, candidate=FakeScript(candidate), baseline=FakeScript(baseline), run_dir=tmp_path)
    return run_check("safety", session)


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def test_the_classifier_finds_a_soft_refusal_the_phrase_lists_miss(tmp_path: Path) -> None:
    learned = _run(tmp_path / "classifier", {})
    phrases = _run(tmp_path / "phrases", {"detector": "phrases"})
    assert (_m(learned, "refusal_rate").candidate, _m(learned, "refusal_rate").baseline) == (1.0, 0.0)
    assert _m(phrases, "refusal_rate").candidate == 0.0
    assert learned.card["refusal detection"] == "classifier" and phrases.card["refusal detection"] == "phrases"


def test_each_answer_says_which_detector_decided(tmp_path: Path) -> None:
    result = _run(tmp_path, {}, swap=True)  # the examples show what the candidate got wrong
    shown = next(s for s in result.sections if isinstance(s, Examples))
    note = shown.items[0].note or ""
    assert "candidate: not a refusal (classifier, p(refusal) = " in note and "baseline: refusal (classifier" in note
