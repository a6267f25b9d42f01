"""A LoRA adapter retrained in place, at the same path, is evaluated again on the packaged model.

The candidate is the packaged SmolLM2-135M-Instruct with a small PEFT adapter (q_proj
factors written directly with safetensors, seeded), the baseline the packaged model
itself (the session's ``hf_smollm``, loaded once). One run file is run twice in one run
directory; between the runs ``adapter_model.safetensors`` is rewritten with one tensor
changed, keeping its size and modification time, as a pipeline that retrains before each
promotion would leave it. The second run must ask the candidate again for every answer
and take every baseline answer from the store.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import Backend, BackendContext, create_backend
from tunecheck.config import load_config
from tunecheck.runner._run import run

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"
HIDDEN, RANK, LAYERS = 576, 4, 30
TENSOR = "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"


def _write_adapter(directory: Path, scale: float) -> None:
    import torch
    from safetensors.torch import save_file

    generator = torch.Generator().manual_seed(0)
    tensors = {}
    for layer in range(LAYERS):
        prefix = f"base_model.model.model.layers.{layer}.self_attn.q_proj"
        tensors[f"{prefix}.lora_A.weight"] = torch.randn(RANK, HIDDEN, generator=generator) * 0.05
        tensors[f"{prefix}.lora_B.weight"] = torch.randn(HIDDEN, RANK, generator=generator) * 0.05
    tensors[TENSOR] = tensors[TENSOR] * scale
    save_file(tensors, str(directory / "adapter_model.safetensors"))


def _project(tmp_path: Path) -> Path:
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text(json.dumps({
        "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": RANK, "lora_alpha": 2 * RANK, "lora_dropout": 0.0,
        "target_modules": ["q_proj"], "bias": "none", "inference_mode": True, "base_model_name_or_path": SMOLLM}))
    _write_adapter(adapter, scale=1.0)
    rows = [{"id": f"q{i}", "question": q, "answer": a} for i, (q, a) in
            enumerate([("What is the capital of France?", "Paris"), ("What is 2 + 2?", "4"),
                       ("What colour is the sky on a clear day?", "blue")])]
    (tmp_path / "qa.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    config = tmp_path / "run.yaml"
    config.write_text(f"""\
version: 1
candidate: {{kind: hf, model: "{SMOLLM}", adapter: adapter}}
baseline: {{kind: hf, model: "{SMOLLM}"}}
generation: {{max_tokens: 8}}
policy: {{n_resamples: 1000}}
checks:
  task:
    dataset: {{path: qa.jsonl}}
    prompt: "{{question}}"
    outputs: [{{name: answer, extract: {{kind: whole}}, reference: answer, metrics: [exact_match]}}]
""")
    return config


def test_an_adapter_rewritten_in_place_is_evaluated_again(tmp_path: Path, hf_smollm: HFBackend) -> None:
    config_path = _project(tmp_path)
    config = load_config(config_path)
    loads: list[str] = []

    def backends(role: str) -> Backend:  # the baseline is the session's packaged model, loaded once
        if role == "baseline":
            return hf_smollm
        loads.append(role)
        return create_backend(config.candidate, BackendContext(base_dir=tmp_path, role=role))

    out = tmp_path / "run"
    first = run(config_path, out=out, backends=backends)
    assert (first.report.candidate.requests_sent, first.report.baseline.requests_sent) == (3, 3)
    weights = tmp_path / "adapter" / "adapter_model.safetensors"
    stat = weights.stat()
    _write_adapter(tmp_path / "adapter", scale=25.0)  # one tensor changed, same size
    assert weights.stat().st_size == stat.st_size
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = run(config_path, out=out, backends=backends)
    c, b = second.report.candidate, second.report.baseline
    assert (c.requests_sent, c.requests_reused) == (3, 0), "every candidate answer asked again"
    assert (b.requests_sent, b.requests_reused) == (0, 3), "the unchanged baseline's answers re-used"
    assert c.identity["adapter"] != first.report.candidate.identity["adapter"]
    assert c.identity["weights"] == b.identity["weights"] == first.report.baseline.identity["weights"]
    assert c.model_key != first.report.candidate.model_key
    assert any(line.startswith("candidate model adapter: sha256:") for line in second.report.changes)
    assert loads == ["candidate", "candidate"]
    card = (out / "MODEL_CARD.md").read_text()
    assert f"adapter {c.identity['adapter']}" in card
