"""The overfitting check on the packaged SmolLM2-135M-Instruct (hf backend, CPU), small counts.

Candidate and baseline are the same model here, so every difference must be exactly zero
and every default gate must pass; the absolute values must still be those of a real model
scoring real text.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.config import RunConfig
from tunecheck.report import CheckResult, Measurement
from tunecheck.session import PromptItem, Session
from tunecheck.store import RunStore
from tunecheck.testing import decide_one, offline_session, run_check

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"
QUEUES = ["billing", "shipping", "technical", "returns"]
MESSAGES = [
    "My card was charged twice for the same order.",
    "The parcel has not arrived after ten days.",
    "The app crashes every time I open the camera view.",
    "I would like to send back the speaker, it is too loud.",
    "Why is there an extra fee on my invoice this month?",
    "The tracking number says delivered but I have nothing.",
]
OUTPUT = {"name": "queue", "extract": {"kind": "label"}, "reference": "queue", "labels": QUEUES,
          "metrics": ["accuracy"]}
PROMPT = "Which team should handle this message: billing, shipping, technical or returns? {message}"


def _write(path: Path, prefix: str, order: list[int]) -> dict[str, object]:
    rows = [{"id": f"{prefix}-{k}", "message": MESSAGES[i], "queue": QUEUES[i % 4],
             "target": f"This is for the {QUEUES[i % 4]} team."} for k, i in enumerate(order)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return {"path": str(path)}


def _config(tmp_path: Path) -> RunConfig:
    spec = {"kind": "hf", "model": SMOLLM, "batch_size": 8}
    overfitting = {
        "loss_gap": {"train": _write(tmp_path / "train.jsonl", "train", [0, 1, 2, 3]),
                     "validation": _write(tmp_path / "val.jsonl", "val", [4, 5, 2, 1]),
                     "prompt": PROMPT, "completion": "target"},
        "cross_domain": {"in_domain": _write(tmp_path / "test.jsonl", "test", [0, 1, 2, 3]),
                         "related": _write(tmp_path / "related.jsonl", "related", [4, 5, 3]),
                         "prompt": PROMPT, "outputs": [OUTPUT]},
        "paraphrase": {"dataset": {"path": str(tmp_path / "test.jsonl")}, "prompt": PROMPT, "outputs": [OUTPUT],
                       "automatic": {"rewrites": ["instruction", "lowercase"]}},
    }
    return RunConfig.model_validate({
        "version": 1, "candidate": spec, "baseline": spec, "checks": {"overfitting": overfitting},
        "generation": {"max_tokens": 12, "system_prompt": "You route customer messages to a team."},
        "policy": {"n_resamples": 1000},
    })


def _m(result: CheckResult, name: str) -> Measurement:
    return next(m for m in result.measurements if m.name == name)


def test_overfitting_check_on_the_packaged_model(tmp_path: Path, hf_smollm: HFBackend) -> None:
    config = _config(tmp_path)
    session = Session(config, tmp_path, RunStore(tmp_path / "store.sqlite"), backends=lambda role: hf_smollm)
    rendered = session.render(PromptItem("x", "hello"))
    assert rendered.startswith("<|im_start|>system\nYou route customer messages") and \
        rendered.endswith("<|im_start|>assistant\n")

    result = run_check("overfitting", session)

    for split in ("train", "validation"):
        loss = _m(result, f"loss.{split}")
        assert loss.n == 4 and loss.candidate is not None
        assert 0.05 < loss.candidate < 10.0  # nats/token of a real model on short English answers
        assert loss.candidate == loss.baseline and loss.delta == 0.0
    gap = _m(result, "loss_gap")
    assert gap.candidate is not None and math.isfinite(gap.candidate)
    assert (gap.delta, gap.ci_low, gap.ci_high) == (0.0, 0.0, 0.0)
    assert _m(result, "cross_domain.queue.accuracy.related").n == 3
    assert _m(result, "paraphrase.queue.accuracy.gap").n == 4
    assert all(m.delta in (0.0, None) for m in result.measurements)
    assert result.n_errors == 0

    decided, verdict = decide_one(result, session)
    # one model against itself on 3-4 items: no difference, and far too few items to show it within a margin
    assert {m.gate.status for m in decided.measurements if m.gate is not None} == {"inconclusive"}
    assert verdict.status == "INCONCLUSIVE" and all("only" in r for r in verdict.reasons)

    offline = run_check("overfitting", offline_session(session))  # no tokenizer: stored prompts are reused
    assert offline.measurements == result.measurements
