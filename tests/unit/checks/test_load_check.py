"""The load check against the mock server: SLO gates on the required level, capacity, reuse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tunecheck.backends import FakeScript
from tunecheck.checks.load import quick_multipliers
from tunecheck.config import LoadSettings
from tunecheck.load.mock_server import MockBehaviour, MockServerProcess
from tunecheck.testing import decide_one, fake_config, fake_session, offline_session, run_check


@pytest.fixture(scope="module")
def server() -> Iterator[MockServerProcess]:
    with MockServerProcess(MockBehaviour()) as mock:
        yield mock


def _session(tmp_path: Path, url: str, requests: int = 20, **slo: float):  # type: ignore[no-untyped-def]
    config = fake_config({"load": {"url": url, "model": "mock-model", "multipliers": [1, 4], "required_multiplier": 4,
                                   "expected_concurrency": 2, "requests_per_level": requests, "warmup_requests": 2,
                                   "max_duration_s": 20, "max_tokens": 8, "slo": slo,
                                   # this machine runs other work beside the tests; the client's own limits
                                   # are tested in tests/unit/load, here they must not void the levels
                                   "client": {"loop_lag_p99_limit_ms": 500, "dispatch_late_p99_limit_ms": 500,
                                              "cpu_limit": 5}}})
    return fake_session(config, candidate=FakeScript(str), baseline=FakeScript(str), run_dir=tmp_path)


def test_a_fast_server_meets_the_slo_at_the_required_level(tmp_path: Path, server: MockServerProcess) -> None:
    server.configure(MockBehaviour(ttft_ms=10, token_delay_ms=2, tokens=8))
    # 400 requests bound a p99 (368 needed at 97.5%) and a 1% error rate (368 error-free requests)
    session = _session(tmp_path, server.url, 400, ttft_p95_ms=500, e2e_p99_ms=1500)
    result = run_check("load", session)
    names = {m.name for m in result.measurements}
    assert {"e2e_p99_ms@1x", "e2e_p99_ms@4x", "ttft_p95_ms@4x", "error_rate@4x"} <= names
    ttft = next(m for m in result.measurements if m.name == "ttft_p95_ms@4x")
    assert ttft.candidate is not None and 10 <= ttft.candidate < 200
    decided, verdict = decide_one(result, session)
    assert decided.status == "pass", verdict.reasons
    # a re-render uses the stored result and never touches the server
    before = len(server.stats())
    again = run_check("load", offline_session(session))
    assert [m.candidate for m in again.measurements] == [m.candidate for m in result.measurements]
    assert len(server.stats()) == before


def test_twenty_requests_cannot_pass_a_p99_slo(tmp_path: Path, server: MockServerProcess) -> None:
    server.configure(MockBehaviour(ttft_ms=10, token_delay_ms=2, tokens=8))
    session = _session(tmp_path, server.url, 20, e2e_p99_ms=1500)
    decided, _ = decide_one(run_check("load", session), session)
    assert decided.status == "inconclusive"
    p99 = next(m for m in decided.measurements if m.name == "e2e_p99_ms@4x")
    assert p99.gate is not None and p99.gate.samples_needed is not None and p99.gate.samples_needed >= 368
    assert p99.candidate_ci is not None and p99.candidate_ci[1] is None


def test_a_slow_server_fails_the_slo(tmp_path: Path, server: MockServerProcess) -> None:
    server.configure(MockBehaviour(ttft_ms=300, token_delay_ms=5, tokens=8))
    session = _session(tmp_path, server.url, ttft_p95_ms=100)
    decided, verdict = decide_one(run_check("load", session), session)
    assert decided.status == "fail"
    assert any("ttft_p95_ms@4x" in reason for reason in verdict.reasons)


def test_server_errors_count_against_the_error_rate(tmp_path: Path, server: MockServerProcess) -> None:
    server.configure(MockBehaviour(ttft_ms=5, token_delay_ms=1, tokens=4, http_500_rate=0.5, seed=3))
    session = _session(tmp_path, server.url)
    result = run_check("load", session)
    rate = next(m for m in result.measurements if m.name == "error_rate@4x")
    assert rate.candidate is not None and 0.2 < rate.candidate < 0.8
    decided, _ = decide_one(result, session)
    assert decided.status == "fail"


@pytest.mark.parametrize(("multipliers", "required", "expected"), [
    ([1, 10, 50, 100], 10, [1, 10]),
    ([1, 10, 50, 100], 100, [1, 100]),
    ([1, 10, 50], 1, [1]),
    ([2, 5, 10], None, [2, 5]),
])
def test_quick_runs_load_the_first_and_the_gated_level(multipliers: list[float], required: float | None,
                                                       expected: list[float]) -> None:
    settings = LoadSettings(url="http://127.0.0.1:1/v1", multipliers=multipliers, required_multiplier=required)
    assert quick_multipliers(settings) == expected


def test_a_quick_run_gates_the_required_level(tmp_path: Path, server: MockServerProcess) -> None:
    server.configure(MockBehaviour(ttft_ms=10, token_delay_ms=2, tokens=8))
    config = fake_config({"load": {"url": server.url, "model": "mock-model", "multipliers": [1, 2, 4],
                                   "required_multiplier": 4, "expected_concurrency": 2, "requests_per_level": 20,
                                   "max_duration_s": 20, "max_tokens": 8, "slo": {"ttft_p95_ms": 500},
                                   "client": {"loop_lag_p99_limit_ms": 500, "dispatch_late_p99_limit_ms": 500,
                                              "cpu_limit": 5}}}, quick={"max_requests": 5})
    session = fake_session(config, candidate=FakeScript(str), baseline=FakeScript(str), run_dir=tmp_path, quick=True)
    result = run_check("load", session)
    levels = sorted({m.name.split("@")[1] for m in result.measurements})
    assert levels == ["1x", "4x"]
    sent = next(m for m in result.measurements if m.name == "error_rate@4x").n
    assert sent == 5
    decided, verdict = decide_one(result, session)
    assert decided.status == "inconclusive"  # 5 requests bound no p95 and no 1% error rate
    assert any("ttft_p95_ms@4x" in r and "cannot bound" in r for r in verdict.reasons)
