"""Log-likelihood from echoed prompt logprobs, offered only when the server's logprobs are consistent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tunecheck.backends import LoglikelihoodRequest
from tunecheck.backends._openai import OpenAIBackend
from tunecheck.errors import CapabilityError

if TYPE_CHECKING:
    from conftest import MockOpenAI

def _score(backend: OpenAIBackend, *pairs: tuple[str, str]) -> list[object]:
    results = dict(backend.loglikelihood([LoglikelihoodRequest(c, x) for c, x in pairs]))
    return [results[i] for i in range(len(pairs))]


def test_continuation_logprobs_come_from_the_echoed_prompt(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        assert "loglikelihood" in backend.capabilities
        likely, capital = _score(backend, ("The cat", " sat down"), ("The cat", " Sat"))
    finally:
        backend.close()
    assert likely.token_logprobs == (mock_openai.logprob_of(" sat"), mock_openai.logprob_of(" down"))  # type: ignore[attr-defined]
    assert likely.logprob == sum(likely.token_logprobs)  # type: ignore[attr-defined]
    assert likely.is_greedy is True  # type: ignore[attr-defined]
    assert capital.is_greedy is False and capital.n_tokens == 1  # type: ignore[attr-defined]
    sent = mock_openai.posts()[-1].body
    assert sent["echo"] is True and sent["max_tokens"] == 1 and sent["temperature"] == 0.0


def test_trailing_context_whitespace_moves_to_the_continuation(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        moved, plain = _score(backend, ("The cat ", "sat"), ("The cat", " sat"))
    finally:
        backend.close()
    assert moved == plain
    assert moved.token_logprobs == (mock_openai.logprob_of(" sat"),)  # type: ignore[attr-defined]


def test_empty_context_is_an_error_not_a_score(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        [result] = _score(backend, ("", "Hello"))
    finally:
        backend.close()
    assert result.error is not None and "empty context" in result.error  # type: ignore[attr-defined]


def test_inconsistent_echo_logprobs_disable_scoring(mock_openai: MockOpenAI) -> None:
    mock_openai.shifted_echo = True
    backend = OpenAIBackend(mock_openai.spec(), Path("."))
    try:
        assert backend.features.generation_logprobs is True
        assert "loglikelihood" not in backend.capabilities
        with pytest.raises(CapabilityError, match="cannot score log-likelihoods"):
            list(backend.loglikelihood([LoglikelihoodRequest("a", " b")]))
    finally:
        backend.close()


def test_logprobs_off_means_no_scoring_and_no_logprob_requests(mock_openai: MockOpenAI) -> None:
    backend = OpenAIBackend(mock_openai.spec(logprobs=False), Path("."))
    try:
        assert "loglikelihood" not in backend.capabilities
    finally:
        backend.close()
    assert all("logprobs" not in seen.body for seen in mock_openai.posts())
