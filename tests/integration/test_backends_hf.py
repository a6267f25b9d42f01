"""The hf backend on the packaged SmolLM2-135M-Instruct (GGUF dequantised to float32, CPU)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import GenerationParams, GenerationRequest, LoglikelihoodRequest, Message

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

FRANCE_ANSWER = "The capital of France is Paris."


def _generate(backend: HFBackend, requests: list[GenerationRequest]) -> list[object]:
    results = dict(backend.generate(requests))
    return [results[i] for i in range(len(requests))]


def _chat(backend: HFBackend, text: str, **params: object) -> GenerationRequest:
    prompt = backend.render([Message("user", text)])
    return GenerationRequest(prompt, GenerationParams(**params))  # type: ignore[arg-type]


def test_info_names_the_conditions(hf_smollm: HFBackend) -> None:
    info = hf_smollm.info
    assert (info.kind, info.dtype, info.device) == ("hf", "float32", "cpu")
    assert info.quantization == "gguf Q4_1 dequantised to float32"
    assert info.version and dict(info.extra)["torch"]
    assert {"loglikelihood", "streaming", "chat_template"} <= hf_smollm.capabilities


def test_render_uses_the_chat_template_and_adds_no_second_bos(hf_smollm: HFBackend,
                                                              france_messages: tuple[Message, ...]) -> None:
    prompt = hf_smollm.render(france_messages)
    assert prompt.startswith("<|im_start|>system\n") and prompt.endswith("<|im_start|>assistant\n")
    ids = hf_smollm.encode(prompt)
    assert ids[0] == 1 and ids[1] != 1  # <|im_start|> once, not twice


def test_greedy_answer_is_paris_and_deterministic(hf_smollm: HFBackend,
                                                  france_messages: tuple[Message, ...]) -> None:
    request = GenerationRequest(hf_smollm.render(france_messages), GenerationParams(max_tokens=16))
    first, second = _generate(hf_smollm, [request, request])
    assert first == second
    assert first.text == FRANCE_ANSWER  # type: ignore[attr-defined]
    assert first.finish_reason == "stop" and first.output_tokens == 7  # type: ignore[attr-defined]
    assert first.prompt_tokens == len(hf_smollm.encode(request.prompt))  # type: ignore[attr-defined]


def test_batched_greedy_outputs_equal_single_ones(hf_smollm: HFBackend) -> None:
    questions = ["What is the capital of France?", "Name a primary color.", "What is 2 plus 2?",
                 "Write one word that rhymes with cat."]
    requests = [_chat(hf_smollm, q, max_tokens=12) for q in questions]
    batched = _generate(hf_smollm, requests)
    alone = [_generate(hf_smollm, [r])[0] for r in requests]
    assert [g.text for g in batched] == [g.text for g in alone]  # type: ignore[attr-defined]


def test_sampling_is_deterministic_per_seed_whatever_the_batch(hf_smollm: HFBackend) -> None:
    requests = [_chat(hf_smollm, "Tell me a story about a cat.", max_tokens=12, temperature=1.0, seed=s)
                for s in (1, 1, 2)]
    other = _chat(hf_smollm, "Name a fruit.", max_tokens=12, temperature=1.0, seed=5)
    same_a, same_b, different = _generate(hf_smollm, requests)
    [with_other, _] = _generate(hf_smollm, [requests[0], other])
    assert same_a.text == same_b.text == with_other.text  # type: ignore[attr-defined]
    assert different.text != same_a.text  # type: ignore[attr-defined]


def test_stop_sequences_truncate_and_stop(hf_smollm: HFBackend, france_messages: tuple[Message, ...]) -> None:
    params = GenerationParams(max_tokens=16, stop=(" is",))
    request = GenerationRequest(hf_smollm.render(france_messages), params)
    [generation] = _generate(hf_smollm, [request])
    assert generation.text == "The capital of France"  # type: ignore[attr-defined]
    assert generation.finish_reason == "stop"  # type: ignore[attr-defined]


def test_max_tokens_ends_with_length(hf_smollm: HFBackend) -> None:
    [generation] = _generate(hf_smollm, [_chat(hf_smollm, "Write a long essay about rivers.", max_tokens=5)])
    assert generation.output_tokens == 5 and generation.finish_reason == "length"  # type: ignore[attr-defined]


def test_streaming_records_one_time_per_token(hf_smollm: HFBackend,
                                              france_messages: tuple[Message, ...]) -> None:
    prompt = hf_smollm.render(france_messages)
    request = GenerationRequest(prompt, GenerationParams(max_tokens=16), stream=True)
    [generation] = _generate(hf_smollm, [request])
    times = generation.token_times_s  # type: ignore[attr-defined]
    assert generation.text == FRANCE_ANSWER  # type: ignore[attr-defined]
    assert times is not None and len(times) == generation.output_tokens  # type: ignore[attr-defined]
    assert generation.ttft_s == times[0] > 0  # type: ignore[attr-defined]
    assert list(times) == sorted(times) and times[-1] <= generation.e2e_s  # type: ignore[attr-defined]


def test_prompt_beyond_the_context_is_an_error_not_a_crash(hf_smollm: HFBackend) -> None:
    [generation] = _generate(hf_smollm, [_chat(hf_smollm, "Hi", max_tokens=100_000)])
    error = generation.error  # type: ignore[attr-defined]
    assert error is not None and "exceeds the model's context" in error


def _scores(backend: HFBackend, pairs: list[tuple[str, str]]) -> list[object]:
    results = dict(backend.loglikelihood([LoglikelihoodRequest(c, x) for c, x in pairs]))
    return [results[i] for i in range(len(pairs))]


def test_loglikelihood_prefers_the_likely_continuation(hf_smollm: HFBackend) -> None:
    paris, banana = _scores(hf_smollm, [("The capital of France is", " Paris"),
                                        ("The capital of France is", " banana")])
    assert paris.logprob > banana.logprob + 5  # type: ignore[attr-defined]
    for result in (paris, banana):
        assert result.logprob == sum(result.token_logprobs)  # type: ignore[attr-defined]
        assert all(v <= 0 for v in result.token_logprobs)  # type: ignore[attr-defined]


def test_is_greedy_matches_the_greedy_output(hf_smollm: HFBackend,
                                             france_messages: tuple[Message, ...]) -> None:
    prompt = hf_smollm.render(france_messages)
    greedy, other = _scores(hf_smollm, [(prompt, FRANCE_ANSWER), (prompt, "The capital of France is Lyon.")])
    assert greedy.is_greedy is True and other.is_greedy is False  # type: ignore[attr-defined]
    # lm-eval moves the prompt's trailing "\n" onto the continuation: "\n" + the 7 answer tokens
    assert greedy.n_tokens == 8  # type: ignore[attr-defined]


def test_loglikelihood_is_the_same_alone_and_in_a_batch(hf_smollm: HFBackend) -> None:
    pairs = [("Question: What color is the sky?\nAnswer:", " blue"), ("A", " B C D E F"),
             ("Question: What color is the sky?\nAnswer:", " green"), ("The cat sat on the", " mat")]
    batched = _scores(hf_smollm, pairs)
    for pair, together in zip(pairs, batched, strict=True):
        [alone] = _scores(hf_smollm, [pair])
        expected = pytest.approx(together.token_logprobs, abs=1e-4)  # type: ignore[attr-defined]
        assert alone.token_logprobs == expected  # type: ignore[attr-defined]


def test_empty_context_is_scored_after_the_prefix_token(hf_smollm: HFBackend) -> None:
    [result] = _scores(hf_smollm, [("", "Hello world")])
    assert result.ok and result.n_tokens == 2  # type: ignore[attr-defined]


def test_peft_adapter_is_applied(hf_smollm: HFBackend, tmp_path: Path,
                                 france_messages: tuple[Message, ...]) -> None:
    from peft import LoraConfig, get_peft_model

    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec

    config = LoraConfig(r=4, lora_alpha=64, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    adapted = get_peft_model(hf_smollm._model, config)
    try:
        adapted.save_pretrained(tmp_path / "adapter")
    finally:
        adapted.unload()  # the shared session model gets its original layers back
    spec = HFSpec(model="packaged:smollm2-135m-instruct", adapter=str(tmp_path / "adapter"))
    backend = HFBackend(spec, tmp_path)
    try:
        assert backend.info.adapter == str(tmp_path / "adapter")
        assert backend.info.conditions() == hf_smollm.info.conditions()
        request = GenerationRequest(backend.render(france_messages), GenerationParams(max_tokens=8))
        [tuned] = _generate(backend, [request])
        [base] = _generate(hf_smollm, [request])
    finally:
        backend.close()
    assert base.text.startswith("The capital of France is")  # type: ignore[attr-defined]
    assert tuned.text != base.text  # type: ignore[attr-defined]
