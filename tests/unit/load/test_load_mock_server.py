"""The mock server: endpoints, streamed and whole answers, tokens per chunk, usage on request."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request

import aiohttp

from tunecheck.load import LoadLevel, LoadSpec, run_load
from tunecheck.load.mock_server import MockBehaviour, MockServer, MockServerProcess, ServerRecord


def _post(url: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        payload: dict[str, object] = json.loads(response.read())
    return payload


def test_whole_answers_models_and_health(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=1, token_delay_ms=1, tokens=5, model="m1"))
    answer = _post(f"{mock.url}/v1/completions", {"model": "m1", "prompt": "x", "max_tokens": 3})
    assert answer["usage"] == {"prompt_tokens": 8, "completion_tokens": 3, "total_tokens": 11}
    with urllib.request.urlopen(f"{mock.url}/v1/models", timeout=10) as response:
        assert json.loads(response.read())["data"][0]["id"] == "m1"
    with urllib.request.urlopen(f"{mock.url}/health", timeout=10) as response:
        assert response.status == 200
    assert [r.stream for r in mock.stats()] == [False]


def test_chunks_of_several_tokens_without_usage(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=2, token_delay_ms=8, tokens=12, tokens_per_chunk=3, usage=False))
    spec = LoadSpec(url=mock.url, model="mock-model", endpoint="completions", prompts=("p",), requests=6,
                    warmup_requests=0)
    level = run_load(spec, [LoadLevel.closed(1)], tokenizer=lambda text: len(text.split())).levels[0]
    assert level.token_sources == {"tokenizer": 6}
    assert level.itl is not None and level.tpot is not None
    # 3 tokens per chunk, 24 ms apart: 8 ms per token, not one 24 ms gap.
    assert 6.0 < level.itl.p50 < 12.0
    assert level.itl.n == 6 * (12 - 3)


def test_in_process_server_streams_and_stalls() -> None:
    async def scenario() -> tuple[list[bytes], list[ServerRecord], float]:
        server = MockServer(MockBehaviour(ttft_ms=5, token_delay_ms=1, tokens=3, stall_start_s=0.0, stall_s=0.3))
        url = await server.start()
        try:
            started = time.perf_counter()
            body = {"model": "mock-model", "messages": [{"role": "user", "content": "x"}], "stream": True,
                    "stream_options": {"include_usage": True}}
            async with aiohttp.ClientSession() as session, session.post(
                    f"{url}/v1/chat/completions", json=body, headers={"x-request-id": "one"}) as response:
                chunks = [line async for line in response.content if line.strip()]
            return chunks, list(server.records), started
        finally:
            await server.stop()

    chunks, records, started = asyncio.run(scenario())
    assert chunks[-1].strip() == b"data: [DONE]"
    assert b'"role": "assistant"' in chunks[0] and b"usage" in chunks[-2]
    (record,) = records
    assert record.request_id == "one" and record.fault == "none" and record.tokens == 3
    assert record.first_content is not None and record.first_content - started >= 0.29  # held by the stall
