"""The openai backend over several replicas (``base_urls``): two in-process servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp import web
from pydantic import ValidationError

from tunecheck.backends import GenerationParams, GenerationRequest
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.backends._openai_http import RequestFailed, RetryPolicy, Transport
from tunecheck.backends._openai_route import ReplicaTransport
from tunecheck.config import OpenAISpec
from tunecheck.session._identity import identify

if TYPE_CHECKING:
    from conftest import MockOpenAI


@pytest.fixture
def replicas(mock_openai: MockOpenAI) -> Iterator[tuple[MockOpenAI, MockOpenAI]]:
    second = type(mock_openai)()
    second.start()
    yield mock_openai, second
    second.stop()


def _spec(first: MockOpenAI, second: MockOpenAI, **overrides: object) -> OpenAISpec:
    values: dict[str, object] = {"base_urls": [first.base_url, second.base_url], "model": "mock", "max_retries": 2,
                                 "backoff_base_s": 0.01, "backoff_max_s": 0.05, "timeout_s": 2.0,
                                 "max_concurrency": 4}
    values.update(overrides)
    return OpenAISpec.model_validate(values)


def _requests(n: int) -> list[GenerationRequest]:
    return [GenerationRequest(prompt=f"ticket {i}", params=GenerationParams(max_tokens=4)) for i in range(n)]


def test_requests_are_shared_between_replicas(replicas: tuple[MockOpenAI, MockOpenAI]) -> None:
    first, second = replicas
    for server in replicas:
        server.delays = {f"ticket {i}": 0.05 for i in range(12)}
    backend = OpenAIBackend(_spec(first, second), Path("."))
    try:
        results = dict(backend.generate(_requests(12)))
    finally:
        backend.close()
    assert all(g.ok and g.text == first.reply_to(f"ticket {i}") for i, g in results.items())
    counts = [len(s.posts("/v1/completions")) for s in replicas]
    assert sum(counts) >= 12 and min(counts) >= 4  # least-loaded: four in flight spread over both


def test_a_failing_replica_hands_its_requests_to_the_other(replicas: tuple[MockOpenAI, MockOpenAI]) -> None:
    first, second = replicas
    backend = OpenAIBackend(_spec(first, second), Path("."))
    try:
        first.always = first.Fail(503)
        results = dict(backend.generate(_requests(6)))
    finally:
        backend.close()
    assert sorted(results) == list(range(6))
    assert all(g.ok for g in results.values())
    answered = {s.body["prompt"] for s in second.posts("/v1/completions")}
    assert {f"ticket {i}" for i in range(6)} <= answered


def test_a_stopped_replica_loses_no_request(replicas: tuple[MockOpenAI, MockOpenAI]) -> None:
    first, second = replicas
    backend = OpenAIBackend(_spec(first, second), Path("."))
    try:
        first.stop()
        results = dict(backend.generate(_requests(8)))
    finally:
        backend.close()
        first.start()  # the fixture stops it again
    assert all(g.ok and g.text == second.reply_to(f"ticket {i}") for i, g in results.items())
    assert len(results) == 8


def test_a_rejected_request_is_not_sent_to_another_replica(replicas: tuple[MockOpenAI, MockOpenAI]) -> None:
    first, second = replicas
    backend = OpenAIBackend(_spec(first, second, max_concurrency=1), Path("."))
    try:
        before = [len(s.posts()) for s in replicas]
        for server in replicas:
            server.always = server.Fail(400, body="bad request")
        [(_, generation)] = list(backend.generate(_requests(1)))
    finally:
        backend.close()
    assert not generation.ok and "HTTP 400" in (generation.error or "")
    assert sum(len(s.posts()) for s in replicas) - sum(before) == 1


def test_every_replica_failing_is_an_error_naming_them(replicas: tuple[MockOpenAI, MockOpenAI]) -> None:
    first, second = replicas
    backend = OpenAIBackend(_spec(first, second), Path("."))
    try:
        for server in replicas:
            server.always = server.Fail(500)
        [(_, generation)] = list(backend.generate(_requests(1)))
    finally:
        backend.close()
    assert not generation.ok and "every replica failed (2 replicas, 3 rounds)" in (generation.error or "")
    assert sum(len(s.posts("/v1/completions")) for s in replicas) >= 6


def test_replicas_serving_different_models_are_refused(replicas: tuple[MockOpenAI, MockOpenAI]) -> None:
    first, _ = replicas
    stranger = _Stranger()
    try:
        with pytest.raises(ValueError, match="do not serve the same model"):
            OpenAIBackend(_spec(first, stranger), Path("."))  # type: ignore[arg-type]
    finally:
        stranger.close()


def test_a_replica_that_cannot_be_reached_at_start_is_named(mock_openai: MockOpenAI) -> None:
    dead = "http://127.0.0.1:9/v1"
    spec = OpenAISpec(base_urls=(mock_openai.base_url, dead), model="mock", max_retries=0)
    with pytest.raises(ConnectionError, match=r"replica http://127\.0\.0\.1:9/v1"):
        OpenAIBackend(spec, Path("."))


def test_base_urls_exclude_base_url_and_need_two() -> None:
    with pytest.raises(ValidationError, match="not base_url and base_urls"):
        OpenAISpec(base_url="http://a/v1", base_urls=("http://b/v1", "http://c/v1"), model="m")
    with pytest.raises(ValidationError, match="at least 2"):
        OpenAISpec(base_urls=("http://b/v1",), model="m")


def test_the_identity_of_replicas_does_not_depend_on_their_order() -> None:
    one = OpenAISpec(base_urls=("http://b:1/v1", "http://a:1/v1/"), model="m")
    other = OpenAISpec(base_urls=("http://a:1/v1", "http://b:1/v1"), model="m")
    single = OpenAISpec(base_url="http://a:1/v1", model="m")
    assert identify(one, Path("."), "candidate") == identify(other, Path("."), "candidate")
    assert identify(single, Path("."), "candidate").parts == (("endpoint", "http://a:1/v1"), ("served model", "m"))


def test_routing_prefers_the_least_loaded_replica_and_passes_over_a_cooling_one() -> None:
    now = [0.0]
    transports = [Transport(f"http://r{i}/v1", dict, 1.0, RetryPolicy(0), str) for i in range(3)]
    router = ReplicaTransport.over(transports, RetryPolicy(1))
    router.clock = lambda: now[0]
    router.replicas[0].in_flight, router.replicas[1].in_flight, router.replicas[2].in_flight = 2, 0, 1
    assert router._pick(set()) == 1
    router.replicas[1].down_until = 5.0
    assert router._pick(set()) == 2
    assert router._pick({2}) == 0
    now[0] = 6.0
    assert router._pick(set()) == 1


def test_the_backoff_between_rounds_follows_the_policy() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def failing(transport: Transport) -> None:
        raise RequestFailed("connection", f"{transport.base_url} refused")

    transports = [Transport(f"http://r{i}/v1", dict, 1.0, RetryPolicy(0), str) for i in range(2)]
    router = ReplicaTransport.over(transports, RetryPolicy(3, 0.5, 1.0))
    router.sleep = sleep
    with pytest.raises(RequestFailed, match="every replica failed"):
        asyncio.run(router._routed(failing, True))
    assert len(waits) == 3 and all(0 <= w <= 1.0 for w in waits)
    assert [r.failed for r in router.replicas] == [4, 4]


class _Stranger:
    """A server whose /models lists the same name for another model (other root)."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def _serve(self) -> int:
        async def models(request: web.Request) -> web.StreamResponse:
            return web.json_response({"data": [{"id": "mock", "object": "model", "root": "/other/weights"}]})

        app = web.Application()
        app.router.add_get("/v1/models", models)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        assert site._server is not None
        return int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
