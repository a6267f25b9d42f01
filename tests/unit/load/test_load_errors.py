"""Injected faults are counted by kind, exactly as the server injected them."""

from __future__ import annotations

import socket
from collections import Counter

import pytest

from tunecheck.load import LoadError, LoadLevel, LoadSpec, run_load
from tunecheck.load.mock_server import MockBehaviour, MockServerProcess

_KIND = {"http_500": "http_500", "reset": "connection_reset", "cut": "stream_cut"}


def test_http_errors_resets_and_cut_streams_are_counted(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=5, token_delay_ms=2, tokens=6, http_500_rate=0.15, reset_rate=0.1,
                                 cut_rate=0.1, seed=11))
    spec = LoadSpec(url=mock.url, model="mock-model", prompts=("p",), requests=120, warmup_requests=0,
                    timeout_s=10)
    level = run_load(spec, [LoadLevel.closed(4)]).levels[0]
    injected = Counter(_KIND[r.fault] for r in mock.stats() if r.fault != "none")
    assert set(injected) == {"http_500", "connection_reset", "stream_cut"}
    assert level.errors == dict(injected)
    assert level.succeeded == 120 - sum(injected.values())
    assert abs(level.error_rate - sum(injected.values()) / 120) < 1e-9


def test_unreachable_endpoint_is_a_tool_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spec = LoadSpec(url=f"http://127.0.0.1:{port}", model="m", prompts=("p",), requests=2)
    with pytest.raises(LoadError, match="cannot connect"):
        run_load(spec, [LoadLevel.closed(1)])


def test_a_request_the_server_refuses_every_time_is_a_tool_error(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=1, token_delay_ms=1, tokens=2))
    spec = LoadSpec(url=mock.url, model="no-such-model", prompts=("p",), requests=4, warmup_requests=2)
    with pytest.raises(LoadError, match="refused every warm-up request"):
        run_load(spec, [LoadLevel.closed(1)])


def test_without_stream_usage_tokens_are_counted_from_chunks(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=1, token_delay_ms=1, tokens=5))
    spec = LoadSpec(url=mock.url, model="mock-model", prompts=("p",), requests=4, warmup_requests=0,
                    stream_usage=False)
    level = run_load(spec, [LoadLevel.closed(2)]).levels[0]
    assert level.token_sources == {"chunks": 4} and level.output_tokens_per_s > 0
