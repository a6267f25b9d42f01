"""The llamacpp backend on the packaged SmolLM2-135M-Instruct (llama.cpp's Q4_1 kernels, CPU)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import DecodingConstraint, GenerationParams, GenerationRequest, LoglikelihoodRequest, Message

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.backends._llamacpp import LlamaCppBackend

pytestmark = pytest.mark.integration

# The same rendered prompt and token ids as through hf, greedy: the Q4_1 kernels answer differently
# from the dequantised float32 weights, which is why the backend is part of the conditions.
FRANCE_ANSWER_START = "L'Étoile, la Mar"  # 8 tokens of "L'Étoile, la Marseillaise, la femme, ..."


def _generate(backend: LlamaCppBackend, requests: list[GenerationRequest]) -> list[object]:
    results = dict(backend.generate(requests))
    return [results[i] for i in range(len(requests))]


def test_info_names_the_kernels(llamacpp_smollm: LlamaCppBackend) -> None:
    info = llamacpp_smollm.info
    assert (info.kind, info.device) == ("llamacpp", "cpu")
    assert info.quantization == "gguf Q4_1 (llama.cpp kernels)"
    assert "CPU" in dict(info.extra)["kernels"]
    assert {"loglikelihood", "streaming", "chat_template"} <= llamacpp_smollm.capabilities


def test_rendering_and_token_ids_match_hf(llamacpp_smollm: LlamaCppBackend, hf_smollm: HFBackend,
                                          france_messages: tuple[Message, ...]) -> None:
    system = (Message("system", "Answer in one word."), Message("user", "Hi"),
              Message("assistant", "Hello"), Message("user", "Colour of grass?"))
    for messages in (france_messages, system):
        rendered = llamacpp_smollm.render(messages)
        assert rendered == hf_smollm.render(messages)
        assert llamacpp_smollm.encode(rendered) == hf_smollm.encode(rendered)


def test_greedy_is_deterministic_with_timings(llamacpp_smollm: LlamaCppBackend,
                                              france_messages: tuple[Message, ...]) -> None:
    request = GenerationRequest(llamacpp_smollm.render(france_messages), GenerationParams(max_tokens=8))
    first, second = _generate(llamacpp_smollm, [request, request])
    assert first.text == second.text == FRANCE_ANSWER_START  # type: ignore[attr-defined]
    assert first.output_tokens == 8 and first.finish_reason == "length"  # type: ignore[attr-defined]
    times = first.token_times_s  # type: ignore[attr-defined]
    assert times is not None and len(times) == 8 and list(times) == sorted(times)
    assert first.ttft_s == times[0] and times[-1] <= first.e2e_s  # type: ignore[attr-defined]


def test_sampling_is_deterministic_per_seed(llamacpp_smollm: LlamaCppBackend) -> None:
    prompt = llamacpp_smollm.render([Message("user", "Tell me a story about a cat.")])
    requests = [GenerationRequest(prompt, GenerationParams(temperature=1.0, max_tokens=10, seed=s))
                for s in (3, 3, 4)]
    same_a, same_b, different = _generate(llamacpp_smollm, requests)
    assert same_a.text == same_b.text != different.text  # type: ignore[attr-defined]


def test_stop_sequences_truncate_and_stop(llamacpp_smollm: LlamaCppBackend,
                                          france_messages: tuple[Message, ...]) -> None:
    params = GenerationParams(max_tokens=16, stop=(",",))
    request = GenerationRequest(llamacpp_smollm.render(france_messages), params)
    [generation] = _generate(llamacpp_smollm, [request])
    assert generation.text == "L'Étoile" and generation.finish_reason == "stop"  # type: ignore[attr-defined]


def test_loglikelihood_prefers_the_likely_continuation(llamacpp_smollm: LlamaCppBackend,
                                                       hf_smollm: HFBackend) -> None:
    requests = [LoglikelihoodRequest("The capital of France is", " Paris"),
                LoglikelihoodRequest("The capital of France is", " banana"),
                LoglikelihoodRequest("The capital of France is", " Paris, and the capital of Italy is Rome.")]
    ours = dict(llamacpp_smollm.loglikelihood(requests))
    theirs = dict(hf_smollm.loglikelihood(requests))
    assert ours[0].logprob > ours[1].logprob + 5
    for i in range(3):
        assert ours[i].logprob == sum(ours[i].token_logprobs)
        assert ours[i].n_tokens == theirs[i].n_tokens
        assert ours[i].logprob == pytest.approx(theirs[i].logprob, abs=1.0 + 0.15 * abs(theirs[i].logprob))


def test_is_greedy_matches_the_greedy_output(llamacpp_smollm: LlamaCppBackend,
                                             france_messages: tuple[Message, ...]) -> None:
    prompt = llamacpp_smollm.render(france_messages)
    [generation] = _generate(llamacpp_smollm, [GenerationRequest(prompt, GenerationParams(max_tokens=6))])
    text = generation.text  # type: ignore[attr-defined]
    scored = dict(llamacpp_smollm.loglikelihood([LoglikelihoodRequest(prompt, text),
                                                LoglikelihoodRequest(prompt, "The capital of France is Paris.")]))
    assert scored[0].is_greedy is True and scored[1].is_greedy is False


@pytest.mark.integration
def test_json_schema_constraint_forces_valid_json(llamacpp_smollm: LlamaCppBackend) -> None:
    schema = {"type": "object", "properties": {"queue": {"type": "string", "enum": ["billing", "shipping"]}},
              "required": ["queue"]}
    prompt = llamacpp_smollm.render((Message("user", "My parcel never arrived. Which queue?"),))
    params = GenerationParams(max_tokens=48, constraint=DecodingConstraint("json_schema", json.dumps(schema)))
    [(_, generation)] = list(llamacpp_smollm.generate([GenerationRequest(prompt, params)]))
    assert json.loads(generation.text)["queue"] in ("billing", "shipping")
    assert "json_schema" in llamacpp_smollm.capabilities
