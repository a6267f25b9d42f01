"""The API key is sent to the server and shows up nowhere else."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import BackendContext, GenerationParams, GenerationRequest, create_backend
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.errors import BackendError

if TYPE_CHECKING:
    from conftest import MockOpenAI

SECRET = "sk-test-0123456789abcdef"


def test_key_is_sent_as_bearer_token(mock_openai: MockOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNECHECK_TEST_KEY", SECRET)
    backend = OpenAIBackend(mock_openai.spec(api_key_env="TUNECHECK_TEST_KEY"), Path("."))
    try:
        list(backend.generate([GenerationRequest("Hello", GenerationParams())]))
    finally:
        backend.close()
    assert {seen.authorization for seen in mock_openai.seen} == {f"Bearer {SECRET}"}


def test_key_is_absent_from_repr_info_and_errors(mock_openai: MockOpenAI,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNECHECK_TEST_KEY", SECRET)
    mock_openai.echo_authorization = True
    backend = OpenAIBackend(mock_openai.spec(api_key_env="TUNECHECK_TEST_KEY", max_retries=1), Path("."))
    mock_openai.always = mock_openai.Fail(500, body="server saw")
    try:
        [(_, generation)] = list(backend.generate([GenerationRequest("Hello", GenerationParams())]))
    finally:
        backend.close()
    assert generation.error is not None and "server saw auth=Bearer ***" in generation.error
    texts = [repr(backend), str(backend.info), json.dumps(asdict(backend.info)), generation.error,
             json.dumps(asdict(generation)), repr(backend._spec)]
    assert not [text for text in texts if SECRET in text]


def test_key_is_absent_from_start_up_failures(mock_openai: MockOpenAI,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNECHECK_TEST_KEY", SECRET)
    mock_openai.echo_authorization = True
    mock_openai.always = mock_openai.Fail(403, body="forbidden")
    with pytest.raises(BackendError) as failed:
        create_backend(mock_openai.spec(api_key_env="TUNECHECK_TEST_KEY"),
                       BackendContext(base_dir=Path("."), role="candidate"))
    message = str(failed.value)
    assert "forbidden auth=Bearer ***" in message and "$TUNECHECK_TEST_KEY" in message
    assert SECRET not in message and SECRET not in repr(failed.value.__cause__)
