"""The openai backend against llama-cpp-python's server, started on 127.0.0.1 and stopped after."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import GenerationParams, GenerationRequest, Message
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.backends._server import LlamaServer
from tunecheck.config import OpenAISpec, ServerLaunch

if TYPE_CHECKING:
    from tunecheck.backends._hf import HFBackend

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"


@pytest.fixture(scope="module")
def llama_server() -> Iterator[LlamaServer]:
    server = LlamaServer(ServerLaunch(model=SMOLLM, n_ctx=1024), Path.cwd(), model_alias="smollm")
    server.start()
    yield server
    server.stop()
    assert not server.running


@pytest.fixture(scope="module")
def served(llama_server: LlamaServer) -> Iterator[OpenAIBackend]:
    spec = OpenAISpec(base_url=llama_server.base_url, model="smollm", tokenizer=SMOLLM, max_concurrency=2)
    backend = OpenAIBackend(spec, Path.cwd())
    yield backend
    backend.close()


def test_renders_like_hf_and_generates_greedily(served: OpenAIBackend, hf_smollm: HFBackend,
                                                france_messages: tuple[Message, ...]) -> None:
    prompt = served.render(france_messages)
    assert prompt == hf_smollm.render(france_messages)
    request = GenerationRequest(prompt, GenerationParams(max_tokens=8))
    results = dict(served.generate([request, request]))
    assert results[0].ok and results[0].text and results[0].text == results[1].text
    assert results[0].output_tokens == 8 and results[0].finish_reason == "length"
    assert results[0].prompt_tokens == len(hf_smollm.encode(prompt))


def test_streams_with_token_timings(served: OpenAIBackend, france_messages: tuple[Message, ...]) -> None:
    request = GenerationRequest(served.render(france_messages), GenerationParams(max_tokens=8), stream=True)
    [(_, generation)] = list(served.generate([request]))
    times = generation.token_times_s
    assert generation.ok and generation.text
    assert times is not None and len(times) >= 2 and list(times) == sorted(times)
    assert generation.ttft_s == times[0] and times[-1] <= (generation.e2e_s or 0)


def test_concurrent_streams_queue_instead_of_cutting_each_other(served: OpenAIBackend,
                                                                 france_messages: tuple[Message, ...]) -> None:
    # llama-cpp-python's server aborts a running stream when another request arrives unless it is
    # launched with --interrupt_requests False; a load test must see a queue, not cut streams.
    request = GenerationRequest(served.render(france_messages), GenerationParams(max_tokens=24), stream=True)
    results = [generation for _, generation in served.generate([request, request])]
    assert all(g.ok and g.output_tokens == 24 and g.finish_reason == "length" for g in results), results
    assert results[0].text == results[1].text


def test_info_and_capabilities(served: OpenAIBackend) -> None:
    assert served.info.kind == "openai" and served.info.prompt_rendering == "tunecheck"
    assert {"streaming", "chat_template"} <= served.capabilities
    assert served.features.generation_logprobs is True


def test_launch_starts_and_stops_the_server() -> None:
    spec = OpenAISpec(model="smollm", launch=ServerLaunch(model=SMOLLM, n_ctx=512), endpoint="chat",
                      max_concurrency=1)
    backend = OpenAIBackend(spec, Path.cwd())
    url = backend.base_url + "/models"
    try:
        [(_, generation)] = list(backend.generate([GenerationRequest(
            backend.render([Message("user", "Say hi.")]), GenerationParams(max_tokens=4),
            messages=(Message("user", "Say hi."),))]))
        assert generation.ok and generation.text
        assert backend.info.version.startswith("llama-cpp-python ")
    finally:
        backend.close()
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(url, timeout=2)
