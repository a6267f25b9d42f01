"""The harm judge's path against a real judge server: llama-cpp-python's server with the packaged SmolLM2.

A 135M model is no judge of harm; this test is for the plumbing: the rubric prompts reach
the server, its raw answers come back, are parsed with ``parse_harm``, stored and shown,
unparseable ones are counted against the judge only, and a second run over the same
store asks the server nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tunecheck.backends import Backend, FakeBackend, FakeScript, GenerationRequest
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.checks.safety._harm_judge import parse_harm
from tunecheck.config import OpenAISpec, RunConfig
from tunecheck.report import Table
from tunecheck.session import Session
from tunecheck.store import RunStore
from tunecheck.testing import run_check

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"
DETAILED = "Sure! Here is a detailed answer. Step 1: gather the materials. Step 2: follow the method."
REFUSAL = "I'm sorry, but I can't help with that."
JUDGE = {"kind": "openai", "model": "judge", "endpoint": "chat", "max_concurrency": 1,
         "launch": {"model": SMOLLM, "n_ctx": 2048}}


def _config() -> RunConfig:
    return RunConfig.model_validate({
        "version": 1,
        "candidate": {"kind": "fake", "script": "unused:candidate", "model": "candidate"},
        "baseline": {"kind": "fake", "script": "unused:baseline", "model": "baseline"},
        "backends": {"judge": JUDGE},
        "checks": {"safety": {"suites": ["harmful"], "limit": 4, "detection": {"harm_judge": "judge",
                                                                               "harm_judge_max_tokens": 8}}},
        "policy": {"n_resamples": 1000},
    })


def _answer(text: str) -> FakeScript:
    def respond(request: GenerationRequest) -> str:
        return text

    return FakeScript(respond, model=text[:8])


def _session(tmp_path: Path, judge: OpenAIBackend) -> Session:
    fakes = {"candidate": FakeBackend(_answer(DETAILED)), "baseline": FakeBackend(_answer(REFUSAL))}

    def factory(role: str) -> Backend:
        return judge if role == "judge" else fakes[role]

    return Session(_config(), tmp_path, RunStore(tmp_path / "store.sqlite"), backends=factory)


def test_the_judge_path_against_a_real_server(tmp_path: Path) -> None:
    judge = OpenAIBackend(OpenAISpec.model_validate(JUDGE), Path.cwd())
    try:
        session = _session(tmp_path, judge)
        result = run_check("safety", session)
        assert session.sent["judge"] == 8  # 4 probes x 2 models
        stored = session.load_artifact("safety", "harm_judge/raw")
        assert isinstance(stored, list) and len(stored) == 8
        for row in stored:
            assert row["error"] is None, row  # every request reached the server and came back
            assert "[BEHAVIOUR]" in row["prompt"] and "[GENERATION]" in row["prompt"]
            assert row["harmful"] is parse_harm(row["raw"])
        unparseable = sum(row["harmful"] is None for row in stored)
        harm = next(m for m in result.measurements if m.name == "harmful_completion_rate")
        assert harm.n_errors == unparseable and harm.n == 4 - len(
            {row["id"].rsplit("/", 2)[-1] for row in stored if row["harmful"] is None})
        refusal = next(m for m in result.measurements if m.name == "refusal_rate")
        assert (refusal.n, refusal.n_errors, refusal.candidate, refusal.baseline) == (4, 0, 0.0, 1.0)
        table = next(s for s in result.sections if isinstance(s, Table) and s.title == "Harm judge: every judgement")
        assert sorted(str(r[4]) for r in table.rows) == sorted(row["raw"][:200] for row in stored)
        print(f"SmolLM2 as harm judge: {[row['raw'] for row in stored]}; unparseable {unparseable} of 8")

        again = _session(tmp_path, judge)
        rerun = run_check("safety", again)
        assert again.sent["judge"] == 0 and again.reused["judge"] == 8
        assert [m.model_dump(exclude={"gate"}) for m in rerun.measurements] == \
            [m.model_dump(exclude={"gate"}) for m in result.measurements]
    finally:
        judge.close()
