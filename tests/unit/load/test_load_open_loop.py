"""Open loop with a concurrency cap: a server stall must show in latency timed from the schedule."""

from __future__ import annotations

from tunecheck.load import LoadLevel, LoadSpec, run_load
from tunecheck.load.mock_server import MockBehaviour, MockServerProcess

STALL_S = 1.5


def test_stall_shows_in_percentiles_from_the_schedule(mock: MockServerProcess) -> None:
    warmup = 4
    mock.configure(MockBehaviour(ttft_ms=10, token_delay_ms=10, tokens=4, stall_after_requests=warmup + 20,
                                 stall_s=STALL_S))
    spec = LoadSpec(url=mock.url, model="mock-model", prompts=("p",), requests=120, warmup_requests=warmup,
                    seed=5)
    level = run_load(spec, [LoadLevel.open(40.0, max_concurrency=4)]).levels[0]
    assert level.succeeded == 120
    assert level.e2e_from_schedule is not None and level.e2e is not None and level.schedule_gap is not None
    # Timed from the schedule, the stall is in the tail and far into the body of the distribution.
    assert level.e2e_from_schedule.p99 > 0.8 * STALL_S * 1000
    assert level.schedule_gap.p99 > 0.6 * STALL_S * 1000
    assert level.e2e_from_schedule.p90 > 500
    # Timed from the actual send (what benchmark clients usually report), most of it vanishes.
    assert level.e2e.p90 < 200
    assert level.e2e_from_schedule.p90 > 3 * level.e2e.p90
    # The server's own view agrees with the send-time numbers: only the client sees the queue.
    server = [r for r in mock.stats() if (r.request_id or "").startswith("l0m")]
    slow_at_server = sum(1 for r in server if (r.end or 0) - r.arrival > 0.5)
    assert slow_at_server <= 8
