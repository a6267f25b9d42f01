"""The triage demo's run files: valid, and asking what the adapters were trained on."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tunecheck.config import load_config

TRIAGE = Path(__file__).resolve().parents[3] / "examples" / "triage"


def _training_prompt(name: str = "SYSTEM_PROMPT") -> str:
    spec = importlib.util.spec_from_file_location("triage_prompt", TRIAGE / "prompt.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(getattr(module, name))


@pytest.mark.parametrize("name", ["checklist.yaml", "checklist-overfit.yaml"])
def test_checklists_are_valid_and_use_the_training_system_prompt(name: str) -> None:
    config = load_config(TRIAGE / name)
    assert config.generation.system_prompt == _training_prompt()
    hallucination = config.checks.hallucination
    assert hallucination is not None
    assert hallucination.context_prompt == _training_prompt("POLICY_PROMPT")
    assert hallucination.prompt == _training_prompt("QUESTION_PROMPT")
    assert set(config.checks.model_dump(exclude_none=True)) == {
        "task", "regression", "hallucination", "consistency", "overfitting", "safety", "latency", "load"}
