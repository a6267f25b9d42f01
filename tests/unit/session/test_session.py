"""The session: identical prompts for both models, seeds per repeat, store-backed, offline re-use."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunecheck.backends import FakeScript, GenerationRequest, LoglikelihoodRequest, Message
from tunecheck.errors import CapabilityError, StoreMissError
from tunecheck.session import PromptItem, ScoreItem
from tunecheck.testing import fake_config, fake_session, offline_session


def _echo(request: GenerationRequest) -> str:
    return f"seed={request.params.seed} t={request.params.temperature}"


def _session(tmp_path: Path, **generation: object):  # type: ignore[no-untyped-def]
    config = fake_config({}, generation={"system_prompt": "Be brief.", **generation})
    return fake_session(config, candidate=FakeScript(_echo, lambda r: -1.0), baseline=FakeScript(_echo),
                        run_dir=tmp_path)


def test_both_models_receive_the_same_rendered_prompt(tmp_path: Path) -> None:
    session = _session(tmp_path)
    session.generate("c", [PromptItem("a", "Hello?")])
    sent = {role: fake.calls[0].prompt for role, fake in session.fakes.items()}
    assert sent["candidate"] == sent["baseline"] == "<|system|>\nBe brief.\n<|user|>\nHello?\n<|assistant|>\n"


def test_raw_prompts_and_plain_rendering(tmp_path: Path) -> None:
    session = _session(tmp_path, chat_template="none")
    session.generate("c", [PromptItem("a", "Hello?"), PromptItem("b", "Exact text", raw=True)])
    prompts = [c.prompt for c in session.fakes["candidate"].calls]
    assert prompts == ["Be brief.\n\nHello?", "Exact text"]


def test_repeats_use_consecutive_seeds_and_params_override(tmp_path: Path) -> None:
    session = _session(tmp_path, seed=7)
    out = session.generate("c", [PromptItem("a", "Hi")], repeats=3, params=session.params(temperature=0.7))
    assert [g.text for g in out["candidate"][0]] == ["seed=7 t=0.7", "seed=8 t=0.7", "seed=9 t=0.7"]


def test_stored_results_are_not_requested_again_and_errors_are_retried(tmp_path: Path) -> None:
    session = _session(tmp_path)
    session.generate("c", [PromptItem("a", "Hi"), PromptItem("b", "Yo")])
    again = _session(tmp_path)
    again.generate("c", [PromptItem("a", "Hi"), PromptItem("b", "Yo"), PromptItem("c", "New")])
    assert [c.sample_id for c in again.fakes["candidate"].calls] == ["c"]


def test_offline_session_answers_from_the_store_only(tmp_path: Path) -> None:
    session = _session(tmp_path)
    live = session.generate("c", [PromptItem("a", "Hi")])
    offline = offline_session(session)
    assert offline.generate("c", [PromptItem("a", "Hi")]) == live
    with pytest.raises(StoreMissError):
        offline.generate("c", [PromptItem("zzz", "never asked")])


def test_loglikelihood_capability_is_checked_per_role(tmp_path: Path) -> None:
    session = _session(tmp_path)
    scores = session.loglikelihood("c", [ScoreItem("x", "ctx", " one")], roles=("candidate",))
    assert scores["candidate"][0].logprob == -1.0
    with pytest.raises(CapabilityError):
        session.loglikelihood("c", [ScoreItem("x", "ctx", " one")], roles=("baseline",))
    assert isinstance(session.fakes["candidate"].calls[0], LoglikelihoodRequest)


def test_conditions_fingerprints_match_for_identical_requests(tmp_path: Path) -> None:
    session = _session(tmp_path)
    session.generate("c", [PromptItem("a", (Message("user", "Hi"),))])
    assert session.conditions_fingerprint("candidate") == session.conditions_fingerprint("baseline")
    session.generate("c", [PromptItem("b", "only one model")], roles=("candidate",))
    assert session.conditions_fingerprint("candidate") != session.conditions_fingerprint("baseline")


def test_quick_runs_cut_the_compared_models_answers_only(tmp_path: Path) -> None:
    config = fake_config({}, generation={"max_tokens": 96}, quick={"max_tokens": 24},
                         backends={"judge": {"kind": "fake", "script": "unused:judge", "model": "judge"}})
    session = fake_session(config, candidate=FakeScript(_echo), baseline=FakeScript(_echo), run_dir=tmp_path,
                           extra={"judge": FakeScript(_echo)}, quick=True)
    session.generate("c", [PromptItem("a", "Hi")])
    session.generate("c", [PromptItem("b", "Short")], params=session.params(max_tokens=16))
    session.generate("j", [PromptItem("a", "Judge this")], roles=("judge",))
    sent = {role: [c.params.max_tokens for c in fake.calls] for role, fake in session.fakes.items()}
    assert sent == {"candidate": [24, 16], "baseline": [24, 16], "judge": [96]}
    (tmp_path / "full").mkdir()
    full = fake_session(config, candidate=FakeScript(_echo), baseline=FakeScript(_echo), run_dir=tmp_path / "full")
    full.generate("c", [PromptItem("a", "Hi")])
    assert [c.params.max_tokens for c in full.fakes["candidate"].calls] == [96]
