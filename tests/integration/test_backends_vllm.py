"""The vllm backend and vLLM's served engine on the packaged SmolLM2-135M-Instruct (float32, CPU).

One engine for the module: the base model with LoRA enabled, the demo's good adapter as
the candidate on it (the baseline opens the same engine). Items are few: an engine start
costs about half a minute on two cores. Skipped where vLLM is not installed (it lives in
its own environment, see the README's "vLLM" section).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from tunecheck.backends import Generation, GenerationParams, GenerationRequest, LoglikelihoodRequest, Message
from tunecheck.config import VLLMEngine, VLLMServerLaunch, VLLMSpec

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.backends._vllm import VLLMBackend

pytest.importorskip("vllm")
pytestmark = [pytest.mark.integration, pytest.mark.vllm]

SMOLLM = "packaged:smollm2-135m-instruct"
TRIAGE = Path(__file__).resolve().parents[2] / "examples" / "triage"
ENGINE = VLLMEngine(max_model_len=2048, kv_cache_gib=1.0)
LOGLIKELIHOOD_TOLERANCE = 2e-3  # nats per item, absolute: float32 kernels sum in another order
N_TICKETS = 8


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[VLLMBackend, VLLMBackend]]:
    from tunecheck.backends._vllm import VLLMBackend

    candidate_spec = VLLMSpec(model=SMOLLM, adapter=str(TRIAGE / "adapters" / "good"), engine=ENGINE)
    baseline_spec = VLLMSpec(model=SMOLLM, engine=ENGINE)
    peers = (candidate_spec, baseline_spec)
    candidate = VLLMBackend(candidate_spec, Path.cwd(), peers)
    baseline = VLLMBackend(baseline_spec, Path.cwd(), peers)
    yield candidate, baseline
    candidate.close()
    baseline.close()


def _tickets() -> list[dict[str, str]]:
    lines = (TRIAGE / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:N_TICKETS]]


def _system_prompt() -> str:
    config = yaml.safe_load((TRIAGE / "checklist.yaml").read_text(encoding="utf-8"))
    return str(config["generation"]["system_prompt"])


def _triage(backend: VLLMBackend) -> list[Generation]:
    system = _system_prompt()
    requests = [GenerationRequest(backend.render([Message("system", system), Message("user", t["message"])]),
                                  GenerationParams(max_tokens=48)) for t in _tickets()]
    results = dict(backend.generate(requests))
    return [results[i] for i in range(len(requests))]


def _queue_accuracy(generations: list[Generation]) -> float:
    import re

    found = [re.search(r"(?im)^\s*queue:\s*([a-z]+)", g.text) for g in generations]
    hits = [m is not None and m.group(1).lower() == t["queue"] for m, t in zip(found, _tickets(), strict=True)]
    return sum(hits) / len(hits)


def test_base_and_lora_candidate_share_one_engine(pair: tuple[VLLMBackend, VLLMBackend]) -> None:
    candidate, baseline = pair
    assert candidate._engine.llm is baseline._engine.llm
    assert candidate.info.conditions() == baseline.info.conditions()
    assert dict(candidate.info.extra)["engine.enable_lora"] == "True"
    assert (candidate.info.kind, candidate.info.dtype, candidate.info.device) == ("vllm", "float32", "cpu")
    assert candidate.info.quantization == "gguf Q4_1 dequantised to float32"


def test_greedy_answers_are_deterministic(pair: tuple[VLLMBackend, VLLMBackend]) -> None:
    _, baseline = pair
    request = GenerationRequest(baseline.render([Message("user", "What is the capital of France?")]),
                                GenerationParams(max_tokens=16))
    first = dict(baseline.generate([request, request]))
    again = dict(baseline.generate([request]))
    assert first[0].text == first[1].text == again[0].text
    assert "Paris" in first[0].text and first[0].finish_reason == "stop"
    assert first[0].token_logprobs is not None and len(first[0].token_logprobs) == first[0].output_tokens


def test_seeded_sampling_repeats_with_its_seed(pair: tuple[VLLMBackend, VLLMBackend]) -> None:
    _, baseline = pair
    prompt = baseline.render([Message("user", "Write a short sentence about the sea.")])
    requests = [GenerationRequest(prompt, GenerationParams(temperature=1.0, max_tokens=16, seed=s))
                for s in (1, 1, 2, 3, 4)]
    texts = [g.text for _, g in sorted(baseline.generate(requests), key=lambda pair: pair[0])]
    assert texts[0] == texts[1]
    assert len(set(texts[1:])) > 1


def test_the_lora_candidate_routes_tickets_and_the_base_does_not(pair: tuple[VLLMBackend, VLLMBackend]) -> None:
    candidate, baseline = pair
    tuned, base = _triage(candidate), _triage(baseline)
    assert _queue_accuracy(tuned) >= 0.75
    assert _queue_accuracy(base) <= 0.25
    assert all(g.ok for g in tuned + base)


def test_loglikelihoods_agree_with_the_hf_backend(pair: tuple[VLLMBackend, VLLMBackend],
                                                  hf_smollm: HFBackend) -> None:
    _, baseline = pair
    tickets = _tickets()
    requests = [LoglikelihoodRequest(f"Message: {t['message']}\n", t["target"]) for t in tickets]
    requests += [LoglikelihoodRequest("The capital of France is", " Paris"),
                 LoglikelihoodRequest("The capital of France is", " a banana"),
                 LoglikelihoodRequest("", "Hello world")]
    ours = dict(baseline.loglikelihood(requests))
    theirs = dict(hf_smollm.loglikelihood(requests))
    for index in range(len(requests)):
        assert ours[index].n_tokens == theirs[index].n_tokens
        assert abs(ours[index].logprob - theirs[index].logprob) <= LOGLIKELIHOOD_TOLERANCE, requests[index]
        assert ours[index].is_greedy == theirs[index].is_greedy
    assert ours[len(tickets)].is_greedy and not ours[len(tickets) + 1].is_greedy


def test_launch_serves_the_base_and_the_lora_module_on_one_server() -> None:
    from tunecheck.backends._openai import OpenAIBackend
    from tunecheck.config import OpenAISpec

    launch = VLLMServerLaunch(server="vllm", model=SMOLLM, served_model_name="smollm2-base",
                              lora_modules={"triage-good": str(TRIAGE / "adapters" / "good")},
                              engine=VLLMEngine(max_model_len=2048, kv_cache_gib=1.0, enforce_eager=True))
    common = {"tokenizer": SMOLLM, "launch": launch, "max_concurrency": 4}
    candidate = OpenAIBackend(OpenAISpec(model="triage-good", **common), Path.cwd())  # type: ignore[arg-type]
    baseline = OpenAIBackend(OpenAISpec(model="smollm2-base", **common), Path.cwd())  # type: ignore[arg-type]
    server = candidate._server
    try:
        assert server is not None and baseline._server is not None
        assert baseline.base_url == candidate.base_url and baseline._server.server is server.server  # type: ignore[union-attr]
        assert server.server.running  # type: ignore[union-attr]
        system = _system_prompt()
        generations = {}
        for name, backend in (("candidate", candidate), ("baseline", baseline)):
            requests = [GenerationRequest(backend.render([Message("system", system), Message("user", t["message"])]),
                                          GenerationParams(max_tokens=48)) for t in _tickets()[:4]]
            results = dict(backend.generate(requests))
            generations[name] = [results[i] for i in range(len(requests))]
        assert all(g.ok for g in generations["candidate"] + generations["baseline"])
        assert sum(g.text.lower().startswith("queue:") for g in generations["candidate"]) >= 3
        assert sum(g.text.lower().startswith("queue:") for g in generations["baseline"]) <= 1
        assert "loglikelihood" in candidate.capabilities
    finally:
        port = int(candidate.base_url.rsplit(":", 1)[1].split("/")[0])
        candidate.close()
        assert server.server.running  # type: ignore[union-attr]  # the baseline still uses it
        baseline.close()
    assert not server.server.running  # type: ignore[union-attr]
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens there any more
