"""SLO pass/fail per level, capacity, goodput, client-bound levels and the capacity search."""

from __future__ import annotations

import pytest

from tunecheck.load import GeneratorSettings, LoadError, LoadLevel, LoadSpec, SloSpec, find_capacity, run_load
from tunecheck.load._capacity import _Bracket
from tunecheck.load.mock_server import MockBehaviour, MockServerProcess

# Functional tests of SLO logic: the client's own limits are lenient so that a busy machine
# cannot turn an expected pass or fail into "invalid".
LENIENT = GeneratorSettings(loop_lag_p99_limit_ms=1000.0, dispatch_late_p99_limit_ms=1000.0, cpu_limit=1.0)


def _spec(url: str, slo: SloSpec, requests: int = 24) -> LoadSpec:
    return LoadSpec(url=url, model="mock-model", prompts=("a", "b"), requests=requests, warmup_requests=2,
                    slo=slo)


def test_levels_pass_and_fail_their_slos_and_capacity_is_named(mock: MockServerProcess) -> None:
    # One request in flight at a time and ~50 ms per request: 8 req/s is easy, 60 req/s queues up.
    mock.configure(MockBehaviour(ttft_ms=10, token_delay_ms=10, tokens=4))
    # 80 requests a level: enough to bound a p95 and a 5% error rate at 97.5%
    slo = SloSpec(e2e_p95_ms=250.0, max_error_rate=0.05)
    result = run_load(_spec(mock.url, slo, requests=80), [LoadLevel.open(8.0, max_concurrency=1),
                                             LoadLevel.open(60.0, max_concurrency=1)], settings=LENIENT)
    light, heavy = result.levels
    assert light.slo.status == "pass", light.slo
    assert heavy.slo.status == "fail" and heavy.saturated
    assert any(failure.startswith("e2e_p95_ms") for failure in heavy.slo.failures)
    assert result.capacity == LoadLevel.open(8.0, max_concurrency=1)
    assert light.goodput_rps is not None and light.goodput_rps > 0
    assert heavy.goodput_rps is not None and heavy.goodput_rps < light.goodput_rps * 2


def test_without_slos_levels_are_unchecked(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=2, token_delay_ms=1, tokens=2))
    result = run_load(_spec(mock.url, SloSpec(), requests=8), [LoadLevel.closed(2)], settings=LENIENT)
    assert result.levels[0].slo.status == "unchecked" and result.capacity is None
    assert result.levels[0].goodput_rps is None


def test_a_client_over_its_limits_voids_the_level(mock: MockServerProcess) -> None:
    mock.configure(MockBehaviour(ttft_ms=5, token_delay_ms=2, tokens=8))
    settings = GeneratorSettings(loop_lag_p99_limit_ms=1e-6, cpu_limit=1e-6)
    result = run_load(_spec(mock.url, SloSpec(e2e_p99_ms=10_000.0)), [LoadLevel.closed(4)], settings=settings)
    level = result.levels[0]
    assert level.client.client_bound and not level.valid
    assert level.slo.status == "invalid" and result.capacity is None
    assert any("event-loop lag" in reason for reason in level.client.reasons)
    assert any("of a core" in reason for reason in level.client.reasons)


def test_capacity_search_brackets_the_highest_passing_rate(mock: MockServerProcess) -> None:
    # One slot and ~30 ms per request: the cap sustains ~33 req/s at best.
    mock.configure(MockBehaviour(ttft_ms=10, token_delay_ms=10, tokens=3))
    spec = LoadSpec(url=mock.url, model="mock-model", prompts=("a",), requests=80, warmup_requests=2,
                    slo=SloSpec(e2e_p95_ms=250.0))
    result = find_capacity(spec, start_rate=8.0, max_concurrency=1, max_probes=4, resolution=0.25,
                           settings=LENIENT)
    assert result.search is not None
    rates = [level.level.rate or 0.0 for level in result.levels]
    statuses = [level.slo.status for level in result.levels]
    # a probe that does not show the SLO met (failed, or too close to tell) bounds the search from above
    shown = [status == "pass" for status in statuses]
    assert not all(shown), list(zip(rates, statuses, strict=True))
    first_fail = rates[shown.index(False)]
    assert all(rate < first_fail for rate in rates[shown.index(False) + 1:])
    passing = [rate for rate, status in zip(rates, statuses, strict=True) if status == "pass"]
    assert result.search.capacity_rps == (max(passing) if passing else None)
    assert result.search.capacity_rps is None or result.search.capacity_rps < 40.0


def test_bracket_bisects_and_jumps_to_the_sustained_rate() -> None:
    bracket = _Bracket(passing=8.0)
    assert bracket.next_rate(2.0) == 16.0
    bracket.failing = 32.0
    assert bracket.next_rate(2.0) == 20.0
    bracket.sustained = 12.0
    assert bracket.next_rate(2.0) == 12.0
    bracket.passing, bracket.failing = 12.0, 14.0
    assert bracket.resolved(0.25) and not bracket.resolved(0.1)
    assert _Bracket(failing=10.0).next_rate(2.0) == 5.0


def test_capacity_search_needs_an_slo() -> None:
    spec = LoadSpec(url="http://127.0.0.1:9", model="m", prompts=("a",), requests=1)
    with pytest.raises(LoadError, match="SLO"):
        find_capacity(spec, start_rate=1.0)
