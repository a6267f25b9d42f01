"""Level summaries from synthetic records: SLO judgement, saturation, capacity, client health."""

from __future__ import annotations

from datetime import datetime, timezone

from tunecheck.load import GeneratorSettings, LevelResult, LoadLevel, RequestRecord, SloSpec, capacity_of
from tunecheck.load._summary import LevelRun, saturated, summarize_level
from tunecheck.load._wire import Ready, WorkerHealth


def _record(index: int, scheduled: float, e2e_sched: float, ok: bool = True,
            late: float = 0.1) -> RequestRecord:
    return RequestRecord(
        level_index=0, index=index, worker=0, prompt_index=0, scheduled_s=scheduled, sent_s=scheduled,
        end_s=scheduled + e2e_sched / 1000, schedule_gap_ms=0.0, dispatch_late_ms=late, ok=ok,
        error=None if ok else "timeout", error_detail=None, http_status=200 if ok else None,
        ttft_ms=10.0 if ok else None, ttft_from_schedule_ms=10.0 if ok else None,
        e2e_ms=e2e_sched if ok else None, e2e_from_schedule_ms=e2e_sched if ok else None,
        tpot_ms=5.0 if ok else None, itl_ms=(5.0, 5.0) if ok else (), output_tokens=3 if ok else None,
        prompt_tokens=None, token_source="usage" if ok else None, content_events=3,
        meets_slo=ok and e2e_sched <= 100.0)


def _run(level: LoadLevel, records: list[RequestRecord], lag_ms: float = 0.5) -> LevelRun:
    health = WorkerHealth(cpu_s=0.1, wall_s=1.0, lag_p99_ms=lag_ms, lag_max_ms=lag_ms, lag_samples=100,
                          uvloop=True)
    return LevelRun(index=0, level=level, started_at=datetime.now(timezone.utc), records=tuple(records),
                    readies=(Ready(worker=0, warmup_done=2),), health=(health,), system_cpu_percent=20.0,
                    offered_rps=level.rate)


def test_slo_pass_fail_and_error_rate() -> None:
    records = [_record(i, i * 0.1, 50.0 + 0.4 * i) for i in range(100)]
    records += [_record(100 + k, 10.0 + 0.1 * k, 0.0, ok=False) for k in range(10)]
    slo = SloSpec(e2e_p95_ms=100.0, max_error_rate=0.01)
    result = summarize_level(_run(LoadLevel.closed(2), records), slo, GeneratorSettings(), seed=0)
    assert result.slo.status == "fail"
    assert len(result.slo.failures) == 1 and result.slo.failures[0].startswith("max_error_rate: 9.09% > 1.00%")
    assert result.errors == {"timeout": 10} and result.succeeded == 100
    assert result.goodput_rps is not None and abs(result.goodput_rps - 100 / result.duration_s) < 1e-9
    assert result.itl is not None and result.itl.n == 200
    loose = summarize_level(_run(LoadLevel.closed(2), records), SloSpec(e2e_p95_ms=100.0),
                            GeneratorSettings(), seed=0)
    assert loose.slo.status == "pass"


def test_too_few_requests_leave_the_slos_inconclusive_with_how_many_would_do() -> None:
    records = [_record(i, i * 0.1, 50.0) for i in range(30)]
    result = summarize_level(_run(LoadLevel.closed(2), records), SloSpec(e2e_p99_ms=100.0, max_error_rate=0.01),
                             GeneratorSettings(), seed=0)
    assert result.slo.status == "inconclusive" and not result.slo.failures
    p99, errors = result.slo.undecided
    assert p99.startswith("e2e_p99_ms: 50.0 ms, no upper bound at 97.5%: 30 requests cannot show it")
    assert "about 368 requests would settle it" in errors


def test_latency_growing_over_an_open_loop_level_is_saturation() -> None:
    steady = [_record(i, i * 0.05, 50.0) for i in range(30)]
    growing = [_record(i, i * 0.05, 50.0 + 40.0 * i) for i in range(30)]
    assert not saturated(steady, open_loop=True)
    assert saturated(growing, open_loop=True)
    assert not saturated(growing, open_loop=False)


def test_late_dispatch_and_loop_lag_make_a_level_client_bound() -> None:
    records = [_record(i, i * 0.1, 50.0, late=25.0) for i in range(20)]
    result = summarize_level(_run(LoadLevel.open(10.0), records, lag_ms=30.0), SloSpec(e2e_p95_ms=100.0),
                             GeneratorSettings(), seed=0)
    assert result.client.client_bound and result.slo.status == "invalid"
    assert len(result.client.reasons) == 2


def test_capacity_is_the_last_level_of_the_passing_prefix() -> None:
    def level(concurrency: int, e2e: float) -> LevelResult:
        records = [_record(i, i * 0.1, e2e) for i in range(80)]
        return summarize_level(_run(LoadLevel.closed(concurrency), records), SloSpec(e2e_p95_ms=100.0),
                               GeneratorSettings(), seed=0)

    results = [level(1, 50.0), level(10, 60.0), level(50, 500.0), level(100, 60.0)]
    assert capacity_of(results) == LoadLevel.closed(10)
