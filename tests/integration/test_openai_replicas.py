"""Two real replicas (llama-cpp-python servers on 127.0.0.1, the packaged model) behind one openai backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tunecheck.backends import Generation, GenerationParams, GenerationRequest, Message
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.backends._openai_route import ReplicaTransport
from tunecheck.backends._server import LlamaServer
from tunecheck.config import OpenAISpec, ServerLaunch

pytestmark = pytest.mark.integration

SMOLLM = "packaged:smollm2-135m-instruct"
QUESTIONS = [f"Name one thing that is {colour}." for colour in
             ("red", "blue", "green", "yellow", "white", "black", "orange", "purple", "grey", "pink")]


@pytest.fixture
def two_replicas() -> Iterator[tuple[LlamaServer, LlamaServer]]:
    servers = tuple(LlamaServer(ServerLaunch(model=SMOLLM, n_ctx=512), Path.cwd(), model_alias="smollm")
                    for _ in range(2))
    try:
        for server in servers:
            server.start()
        yield servers  # type: ignore[misc]
    finally:
        for server in servers:
            server.stop()


def _requests(backend: OpenAIBackend) -> list[GenerationRequest]:
    return [GenerationRequest(backend.render([Message("user", q)]), GenerationParams(max_tokens=8))
            for q in QUESTIONS]


def test_two_replicas_share_requests_and_one_killed_mid_run_loses_nothing(
        two_replicas: tuple[LlamaServer, LlamaServer]) -> None:
    first, second = two_replicas
    spec = OpenAISpec(base_urls=(first.base_url, second.base_url), model="smollm", tokenizer=SMOLLM,
                      max_concurrency=2, max_retries=2, backoff_base_s=0.1, timeout_s=60)
    backend = OpenAIBackend(spec, Path.cwd())
    results: dict[int, Generation] = {}
    try:
        router = backend._transport
        assert isinstance(router, ReplicaTransport)
        requests = _requests(backend)
        before = [replica.served for replica in router.replicas]
        for index, generation in backend.generate(requests):
            results[index] = generation
            if len(results) == 3:
                first.stop()  # killed with requests in flight on it
        served = [replica.served - start for replica, start in zip(router.replicas, before, strict=True)]
        failed = router.replicas[0].failed
        again = dict(backend.generate(requests))  # greedy: the survivor alone gives the same answers
    finally:
        backend.close()
    assert sorted(results) == list(range(len(QUESTIONS)))
    assert all(g.ok and g.text for g in results.values()), [g.error for g in results.values()]
    assert served[0] >= 1 and served[1] >= 1 and failed >= 1
    assert [results[i].text for i in range(len(QUESTIONS))] == [again[i].text for i in range(len(QUESTIONS))]
