"""Token counts per arrival, per-token ITL, TPOT and TTFT from a worker outcome."""

from __future__ import annotations

import pytest

from tunecheck.load import SloSpec
from tunecheck.load._measure import inter_token_latencies, to_record, tokens_per_arrival
from tunecheck.load._wire import Outcome, ParsedStream


def test_usage_total_is_spread_over_arrivals_by_events() -> None:
    counts, total, source = tokens_per_arrival([1, 1, 2], ["a", "b", "cd"], usage_tokens=8, tokenizer=None)
    assert (sum(counts), total, source) == (8, 8, "usage")
    assert counts == [2, 2, 4]


def test_without_usage_tokens_come_from_tokenizer_or_chunks() -> None:
    assert tokens_per_arrival([1, 1], ["a", "b"], None, None)[1:] == (2, "chunks")
    assert tokens_per_arrival([1, 1], ["a", "b"], None, lambda text: 3)[1:] == (6, "tokenizer")
    assert tokens_per_arrival([1, 1], [], None, lambda text: 3)[1:] == (2, "chunks")  # text not kept


def test_itl_divides_each_gap_over_the_tokens_of_the_read() -> None:
    samples = inter_token_latencies([1.0, 1.010, 1.050], [1, 1, 4])
    assert samples == pytest.approx([10.0, 10.0, 10.0, 10.0, 10.0])
    assert sum(samples) == pytest.approx(50.0)


def test_record_times_from_send_and_from_schedule() -> None:
    stream = ParsedStream(times=(10.1, 10.2, 10.3), events=(1, 1, 1), texts=(), completion_tokens=3,
                          prompt_tokens=5, done=True, events_total=6, error_message=None)
    outcome = Outcome(index=0, prompt_index=0, scheduled=9.5, eligible=9.9, sent=10.0, end=10.4,
                      first_byte=10.05, status=200, error_kind=None, error_detail=None, stream=stream)
    slo = SloSpec(ttft_p95_ms=550.0)
    record = to_record(outcome, level_index=0, worker=0, t0=9.0, slo=slo, tokenizer=None)
    assert record.ttft_ms == pytest.approx(100.0)
    assert record.ttft_from_schedule_ms == pytest.approx(600.0)
    assert record.e2e_ms == pytest.approx(400.0)
    assert record.schedule_gap_ms == pytest.approx(500.0)
    assert record.dispatch_late_ms == pytest.approx(100.0)
    assert record.tpot_ms == pytest.approx((400.0 - 100.0) / 2)
    assert record.itl_ms == pytest.approx((100.0, 100.0))
    assert record.meets_slo is False  # TTFT from the schedule is 600 ms > 550 ms


def test_failed_request_has_no_latency() -> None:
    outcome = Outcome(index=3, prompt_index=0, scheduled=1.0, eligible=1.0, sent=1.0, end=1.2, first_byte=1.2,
                      status=500, error_kind="http", error_detail="boom")
    record = to_record(outcome, level_index=0, worker=0, t0=1.0, slo=SloSpec(), tokenizer=None)
    assert record.error == "http_500" and not record.ok
    assert record.e2e_ms is None and record.ttft_ms is None and record.meets_slo is None
