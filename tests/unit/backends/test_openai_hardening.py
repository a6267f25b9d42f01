"""Hostile or faulty servers: a cut stream is retried, Retry-After is capped, an echoed key never shows."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck._redact import redact
from tunecheck.backends import GenerationParams, GenerationRequest
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.backends._openai_http import RetryPolicy

if TYPE_CHECKING:
    from conftest import MockOpenAI

SECRET = "sk-live-4f9a2c7e1b3d5f60a8c9e2d4b6f8a0c1"


def _pieces(secret: str, shortest: int = 6) -> set[str]:
    return {secret[i:i + n] for n in range(shortest, len(secret) + 1) for i in range(len(secret) - n + 1)}


def _streamed(backend: OpenAIBackend) -> object:
    [(_, generation)] = list(backend.generate([GenerationRequest("Hello", GenerationParams(), stream=True)]))
    return generation


def test_a_stream_cut_before_done_is_retried_not_stored_as_an_answer(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    mock_openai.script = [mock_openai.Cut()]
    before = len(mock_openai.posts())
    try:
        generation = _streamed(backend)
    finally:
        backend.close()
    assert generation.ok and generation.finish_reason == "stop"  # type: ignore[attr-defined]
    assert generation.text.endswith(" end ok")  # type: ignore[attr-defined]
    assert len(mock_openai.posts()) - before == 2  # the cut attempt and its retry


def test_a_stream_cut_on_every_attempt_is_a_failed_request(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(max_retries=1), Path("."))
    mock_openai.always = mock_openai.Cut()
    try:
        generation = _streamed(backend)
    finally:
        backend.close()
    assert not generation.ok and generation.text == ""  # type: ignore[attr-defined]
    assert "without [DONE] or a finish reason" in (generation.error or "")  # type: ignore[attr-defined]


def test_retry_after_beyond_backoff_max_waits_backoff_max(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(backoff_max_s=0.3), Path("."))
    mock_openai.script = [mock_openai.Fail(429, retry_after=3600)]
    started = time.perf_counter()
    try:
        [(_, generation)] = list(backend.generate([GenerationRequest("Hello", GenerationParams())]))
    finally:
        backend.close()
    elapsed = time.perf_counter() - started
    assert generation.ok and 0.3 <= elapsed < 2.0


def test_retry_policy_delay_is_capped_by_its_maximum() -> None:
    import random

    policy = RetryPolicy(max_retries=3, base_s=0.5, max_s=20.0)
    assert policy.delay(0, 3600.0, random.Random(0)) == 20.0
    assert policy.delay(0, 5.0, random.Random(0)) == 5.0


@pytest.mark.parametrize("padding", [0, 250, 280, 290, 299])
def test_a_server_echoing_the_authorization_header_never_shows_a_piece_of_the_key(
        mock_openai: MockOpenAI, monkeypatch: pytest.MonkeyPatch, padding: int) -> None:
    """The echoed header lands anywhere around the 300-character cut of an error body."""
    monkeypatch.setenv("TUNECHECK_TEST_KEY", SECRET)
    mock_openai.echo_authorization = True
    backend = OpenAIBackend(mock_openai.spec(api_key_env="TUNECHECK_TEST_KEY", max_retries=0), Path("."))
    mock_openai.always = mock_openai.Fail(500, body="x" * padding)
    try:
        [(_, generation)] = list(backend.generate([GenerationRequest("Hello", GenerationParams())]))
    finally:
        backend.close()
    shown = json.dumps(asdict(generation))
    assert generation.error is not None and "HTTP 500" in generation.error
    assert not [piece for piece in _pieces(SECRET) if piece in shown]


def test_a_key_the_server_cut_itself_is_redacted_too() -> None:
    text = f"invalid token Bearer {SECRET[:14]}... (truncated)"
    assert not [piece for piece in _pieces(SECRET) if piece in redact(text, SECRET)]
    assert redact("no key here", SECRET) == "no key here" and redact("anything", None) == "anything"
