"""Retries, backoff, recorded errors and unreachable servers, against the in-process mock."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import BackendContext, GenerationParams, GenerationRequest, create_backend
from tunecheck.backends._openai import DOWN_AFTER, OpenAIBackend
from tunecheck.backends._openai_http import RequestFailed, RetryPolicy, Transport
from tunecheck.backends._server import free_port
from tunecheck.config import OpenAISpec
from tunecheck.errors import BackendError

if TYPE_CHECKING:
    from conftest import MockOpenAI

def _one(backend: OpenAIBackend, prompt: str = "Hello") -> tuple[object, float]:
    started = time.perf_counter()
    [(_, generation)] = list(backend.generate([GenerationRequest(prompt, GenerationParams())]))
    return generation, time.perf_counter() - started


@pytest.mark.parametrize("failure", ["429", "500", "502", "503", "reset", "timeout"])
def test_transient_failures_are_retried(mock_openai: MockOpenAI, failure: str) -> None:
    backend = OpenAIBackend(mock_openai.spec(timeout_s=0.5), Path("."))
    action = {"reset": mock_openai.Reset(), "timeout": mock_openai.Stall(1.5)}.get(failure)
    action = action or mock_openai.Fail(int(failure))
    mock_openai.script = [action, action]
    before = len(mock_openai.posts())
    try:
        generation, _ = _one(backend)
    finally:
        backend.close()
    assert generation.ok, generation.error  # type: ignore[attr-defined]
    assert len(mock_openai.posts()) - before == 3


def test_retry_after_is_honoured(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(backoff_max_s=2.0), Path("."))
    mock_openai.script = [mock_openai.Fail(429, retry_after=0.4)]
    try:
        generation, elapsed = _one(backend)
    finally:
        backend.close()
    assert generation.ok  # type: ignore[attr-defined]
    assert elapsed >= 0.4


def test_error_is_recorded_after_max_retries(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(max_retries=2), Path("."))
    mock_openai.always = mock_openai.Fail(500, body="boom")
    before = len(mock_openai.posts())
    try:
        results = dict(backend.generate([GenerationRequest(f"p{i}", GenerationParams()) for i in range(2)]))
    finally:
        backend.close()
    assert sorted(results) == [0, 1]
    for generation in results.values():
        assert not generation.ok and generation.text == ""
        assert "HTTP 500" in (generation.error or "") and "boom" in (generation.error or "")
        assert "after 3 attempts" in (generation.error or "")
    assert len(mock_openai.posts()) - before == 6


def test_client_errors_are_not_retried(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    mock_openai.script = [mock_openai.Fail(400, body="bad request")]
    before = len(mock_openai.posts())
    try:
        generation, _ = _one(backend)
    finally:
        backend.close()
    assert "HTTP 400: bad request" in (generation.error or "")  # type: ignore[attr-defined]
    assert len(mock_openai.posts()) - before == 1


def test_backoff_is_exponential_with_full_jitter() -> None:
    policy = RetryPolicy(max_retries=8, base_s=0.5, max_s=4.0)
    rng = random.Random(0)
    for attempt in range(8):
        ceiling = min(4.0, 0.5 * 2 ** attempt)
        delays = [policy.delay(attempt, None, rng) for _ in range(300)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > 0.8 * ceiling and min(delays) < 0.2 * ceiling
    assert policy.delay(0, 3.0, rng) >= 3.0


def test_transport_sleeps_between_attempts(mock_openai: MockOpenAI) -> None:
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    async def run() -> None:
        transport = Transport(mock_openai.base_url, dict, 2.0, RetryPolicy(3, 1.0, 8.0), str, sleep=record,
                              rng=random.Random(1))
        await transport.open(2)
        try:
            with pytest.raises(RequestFailed, match="after 4 attempts") as failed:
                await transport.post_json("/completions", {"prompt": "x"})
        finally:
            await transport.close()
        assert failed.value.status == 503 and failed.value.attempts == 4

    mock_openai.always = mock_openai.Fail(503)
    asyncio.run(run())
    assert len(slept) == 3
    assert all(0 <= s <= ceiling for s, ceiling in zip(slept, (1.0, 2.0, 4.0), strict=True))


def test_unreachable_server_raises_backend_error_naming_the_role() -> None:
    spec = OpenAISpec(base_url=f"http://127.0.0.1:{free_port()}/v1", model="m", max_retries=1,
                      backoff_base_s=0.01, backoff_max_s=0.02, timeout_s=1.0)
    with pytest.raises(BackendError, match="cannot reach") as failed:
        create_backend(spec, BackendContext(base_dir=Path("."), role="candidate"))
    assert failed.value.backend == "candidate (openai)"


def test_server_going_down_mid_run_raises_backend_error(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(max_retries=1, max_concurrency=1), Path("."))
    mock_openai.always = mock_openai.Reset()
    try:
        with pytest.raises(BackendError, match="refused") as failed:
            list(backend.generate([GenerationRequest(f"p{i}", GenerationParams()) for i in range(10)]))
    finally:
        backend.close()
    assert "mock" in failed.value.backend
    assert len(mock_openai.posts()) < 10 * 2 + 2 * DOWN_AFTER


def test_rejected_credentials_at_start_name_the_variable(mock_openai: MockOpenAI,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCK_KEY", "wrong-key")
    mock_openai.always = mock_openai.Fail(401, body="invalid key")
    with pytest.raises(BackendError, match=r"\$MOCK_KEY"):
        create_backend(mock_openai.spec(api_key_env="MOCK_KEY"),
                       BackendContext(base_dir=Path("."), role="baseline"))


def test_missing_key_variable_is_a_clear_error(mock_openai: MockOpenAI,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOCK_KEY_UNSET", raising=False)
    with pytest.raises(BackendError, match="MOCK_KEY_UNSET is not set"):
        create_backend(mock_openai.spec(api_key_env="MOCK_KEY_UNSET"),
                       BackendContext(base_dir=Path("."), role="candidate"))
