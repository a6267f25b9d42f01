"""The consistency check on the packaged SmolLM2-135M-Instruct (hf backend, CPU), with the real embedder.

Candidate and baseline are the same model, so deltas are zero; the repeats are sampled at
temperature 0.7 with seeds 0..2, so a small model does not repeat itself everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.config import RunConfig
from tunecheck.report import CheckResult, Examples, Measurement
from tunecheck.session import Session
from tunecheck.store import RunStore
from tunecheck.testing import offline_session, run_check

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def test_consistency_check_on_the_packaged_model(tmp_path: Path, hf_smollm: HFBackend) -> None:
    spec = {"kind": "hf", "model": SMOLLM, "batch_size": 8}
    config = RunConfig.model_validate({
        "version": 1, "candidate": spec, "baseline": spec, "generation": {"max_tokens": 32},
        "checks": {"consistency": {"repeats": 3, "limit": 5}}, "policy": {"n_resamples": 1000},
    })
    session = Session(config, tmp_path, RunStore(tmp_path / "store.sqlite"), backends=lambda role: hf_smollm)
    result = run_check("consistency", session)

    answer = _m(result, "answer_agreement")
    semantic = _m(result, "semantic_agreement")
    assert answer.n == semantic.n == 5 and answer.delta == semantic.delta == 0.0
    assert answer.candidate is not None and 1 / 3 <= answer.candidate < 1.0  # sampled repeats differ somewhere
    assert semantic.candidate is not None and 0.0 < semantic.candidate < 1.0
    factual = _m(result, "factual_agreement")
    assert factual.n == 2 and factual.candidate is not None and 2 / 3 <= factual.candidate <= 1.0
    assert _m(result, "score_std").candidate is not None
    shown = next(s for s in result.sections if isinstance(s, Examples))
    assert shown.items[0].candidate.startswith("[0] ") and "\n[2] " in shown.items[0].candidate

    offline = run_check("consistency", offline_session(session))
    assert [m.model_dump(exclude={"gate"}) for m in offline.measurements] == \
        [m.model_dump(exclude={"gate"}) for m in result.measurements]
