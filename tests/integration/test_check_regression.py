"""The regression check on the packaged SmolLM2-135M-Instruct (hf backend, CPU), on public benchmark files.

Candidate and baseline are the same model, so every delta is zero and every default gate
passes; the counts are small (a few MMLU questions 1-shot, a few HellaSwag items, four items
of each suite) to keep the run short.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.config import RunConfig
from tunecheck.report import CheckResult, Measurement, Table
from tunecheck.session import Session
from tunecheck.store import RunStore
from tunecheck.testing import decide_one, offline_session, run_check, shared_data_dir

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"
DATA = shared_data_dir()


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def _session(tmp_path: Path, backend: HFBackend, regression: dict[str, object]) -> Session:
    spec = {"kind": "hf", "model": SMOLLM, "batch_size": 8}
    config = RunConfig.model_validate({"version": 1, "candidate": spec, "baseline": spec,
                                       "checks": {"regression": regression}, "policy": {"n_resamples": 1000}})
    return Session(config, tmp_path, RunStore(tmp_path / "store.sqlite"), backends=lambda role: backend)


@pytest.mark.skipif(not DATA.is_dir(), reason="public benchmark data not present")
def test_regression_check_on_the_packaged_model(tmp_path: Path, hf_smollm: HFBackend) -> None:
    session = _session(tmp_path, hf_smollm, {
        "benchmarks": [
            {"format": "mmlu", "path": str(DATA / "mmlu_release"), "subjects": ["marketing", "world_religions"],
             "num_fewshot": 1, "limit_per_subject": 4},
            {"format": "hellaswag", "path": str(DATA / "hellaswag" / "validation.jsonl"), "limit": 6},
        ],
        "limit": 4, "max_tokens": 48,
    })
    result = run_check("regression", session)
    assert session.supports("loglikelihood")
    for name, n in (("mmlu.acc", 4), ("mmlu.acc_norm", 4), ("hellaswag.acc", 4), ("hellaswag.acc_norm", 4),
                    ("reasoning.accuracy", 4), ("instructions.prompt_strict", 4), ("harmful.refusal_rate", 4)):
        m = _m(result, name)
        assert m.n == n and m.n_errors == 0, name
        assert m.candidate is not None and 0.0 <= m.candidate <= 1.0 and m.delta == 0.0, name
    # the check's limit caps every benchmark and suite; for MMLU it is spread over the subjects (2 each)
    decided, verdict = decide_one(result, session)
    # the same model twice: no difference, and 4 items are too few to show one within a margin
    assert decided.status == "inconclusive" and verdict.status == "INCONCLUSIVE"
    assert all("only 4 paired samples" in r for r in verdict.reasons)
    subjects = next(s for s in result.sections if isinstance(s, Table) and s.title.startswith("mmlu per subject"))
    assert {row[1] for row in subjects.rows} == {"marketing", "world_religions"}

    offline = run_check("regression", offline_session(session))
    assert [m.model_dump(exclude={"gate"}) for m in offline.measurements] == \
        [m.model_dump(exclude={"gate"}) for m in result.measurements]


@pytest.mark.skipif(not DATA.is_dir(), reason="public benchmark data not present")
def test_generative_fallback_on_the_packaged_model(tmp_path: Path, hf_smollm: HFBackend) -> None:
    session = _session(tmp_path, hf_smollm, {
        "benchmarks": [{"format": "mmlu", "path": str(DATA / "mmlu_release"), "subjects": ["marketing"],
                        "limit_per_subject": 4}],
        "suites": {"reasoning": {"enabled": False}, "instructions": {"enabled": False},
                   "harmful": {"enabled": False}},
        "scoring": "generate",
    })
    result = run_check("regression", session)
    assert [m.name for m in result.measurements] == ["mmlu.gen_acc"]
    assert _m(result, "mmlu.gen_acc").n == 4
