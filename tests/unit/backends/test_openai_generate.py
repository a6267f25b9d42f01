"""The openai backend against an in-process mock server: generation, concurrency, streaming."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import GenerationParams, GenerationRequest, Message
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.errors import CapabilityError

if TYPE_CHECKING:
    from conftest import MockOpenAI

def _request(prompt: str, **params: object) -> GenerationRequest:
    return GenerationRequest(prompt=prompt, params=GenerationParams(**params))  # type: ignore[arg-type]


def test_completion_returns_text_counts_and_logprobs(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        [(index, generation)] = list(backend.generate([_request("Hello there", max_tokens=5, seed=7)]))
    finally:
        backend.close()
    assert index == 0
    assert generation.ok and generation.text == mock_openai.reply_to("Hello there")
    assert (generation.prompt_tokens, generation.output_tokens) == (2, 1)
    assert generation.token_logprobs == (mock_openai.logprob_of(mock_openai.reply_to("Hello there")),)
    sent = mock_openai.posts("/v1/completions")[-1].body
    assert sent["prompt"] == "Hello there" and sent["max_tokens"] == 5 and sent["seed"] == 7
    assert sent["model"] == "mock" and sent["logprobs"] == 1


def test_stop_sequences_are_sent_and_applied(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        [(_, generation)] = list(backend.generate([_request("abc", stop=("3",))]))
    finally:
        backend.close()
    assert mock_openai.posts()[-1].body["stop"] == ["3"]
    assert generation.text == " n"


def test_results_are_yielded_as_each_completes(mock_openai: MockOpenAI) -> None:
    mock_openai.delays = {"slow": 0.6}
    backend = OpenAIBackend(mock_openai.spec(max_concurrency=4), Path("."))
    try:
        requests = [_request("slow"), _request("fast"), _request("quick")]
        order = [index for index, _ in backend.generate(requests)]
    finally:
        backend.close()
    assert order[-1] == 0 and sorted(order) == [0, 1, 2]


def test_concurrency_is_bounded_at_the_server(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(max_concurrency=3), Path("."))
    mock_openai.delays = {f"p{i}": 0.15 for i in range(12)}
    mock_openai.max_in_flight = 0
    try:
        results = dict(backend.generate([_request(f"p{i}") for i in range(12)]))
    finally:
        backend.close()
    assert sorted(results) == list(range(12))
    assert all(g.ok for g in results.values())
    assert mock_openai.max_in_flight == 3


def test_chat_endpoint_sends_messages_and_lets_the_server_render(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(endpoint="chat"), Path("."))
    messages = (Message("system", "Be brief."), Message("user", "Hi"))
    try:
        rendered = backend.render(messages)
        request = GenerationRequest(rendered, GenerationParams(), messages)
        [(_, generation)] = list(backend.generate([request]))
    finally:
        backend.close()
    assert json.loads(rendered) == [{"role": "system", "content": "Be brief."},
                                    {"role": "user", "content": "Hi"}]
    assert mock_openai.posts("/v1/chat/completions")[-1].body["messages"] == json.loads(rendered)
    assert generation.text == mock_openai.reply_to("Hi")
    assert generation.token_logprobs == (mock_openai.logprob_of(mock_openai.reply_to("Hi")),)
    assert backend.info.prompt_rendering == "server"
    assert "loglikelihood" not in backend.capabilities


def test_streaming_records_token_timings(mock_openai: MockOpenAI) -> None:
    mock_openai.stream_gap_s = 0.05
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        started = time.perf_counter()
        request = GenerationRequest("abc", GenerationParams(), stream=True)
        [(_, generation)] = list(backend.generate([request]))
        wall = time.perf_counter() - started
    finally:
        backend.close()
    assert generation.text == mock_openai.reply_to("abc") + " end ok"
    times = generation.token_times_s
    assert times is not None and len(times) == 3 and generation.output_tokens == 3
    assert generation.ttft_s == times[0] and times[0] >= 0.04
    assert all(later - earlier >= 0.03 for earlier, later in itertools.pairwise(times))
    assert generation.e2e_s is not None and times[-1] <= generation.e2e_s <= wall
    assert generation.finish_reason == "stop"
    sent = mock_openai.posts()[-1].body
    assert sent["stream"] is True and "logprobs" not in sent


def test_events_completed_by_one_socket_read_arrive_together_as_the_load_generator_times_them(
        mock_openai: MockOpenAI) -> None:
    mock_openai.stream_gap_s, mock_openai.tokens_per_write = 0.05, 2
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        [(_, generation)] = list(backend.generate([GenerationRequest("abcd", GenerationParams(), stream=True)]))
    finally:
        backend.close()
    times = generation.token_times_s
    assert times is not None and len(times) == 3  # written as [token, " end"], then [" ok"]
    assert times[0] == times[1]  # completed by one read: one arrival time, as tunecheck.load times it
    assert times[2] - times[1] >= 0.03


def test_completions_render_needs_a_tokenizer(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        with pytest.raises(CapabilityError, match="set `tokenizer`"):
            backend.render([Message("user", "Hi")])
        assert "chat_template" not in backend.capabilities
        assert backend.info.prompt_rendering == "tunecheck"
    finally:
        backend.close()


def test_server_refusing_logprobs_still_generates(mock_openai: MockOpenAI) -> None:
    mock_openai.reject_logprobs = True
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        [(_, generation)] = list(backend.generate([_request("Hello")]))
    finally:
        backend.close()
    assert generation.ok and generation.token_logprobs is None
    assert "logprobs" not in mock_openai.posts()[-1].body
    assert backend.features.generation_logprobs is False and "loglikelihood" not in backend.capabilities
