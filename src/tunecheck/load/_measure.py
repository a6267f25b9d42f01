"""Per-request timings from a worker's outcome: TTFT, E2E, ITL, TPOT and token counts.

Definitions (all in ms):

- **TTFT**: first socket read that completed an SSE event with content (role-only deltas
  and empty strings do not count) minus the send time; ``ttft_from_schedule`` uses the
  scheduled time instead.
- **E2E**: end of the response body (after ``[DONE]``) minus the send (or scheduled) time.
- **Output tokens**: the server's ``usage.completion_tokens`` when it sends usage
  (source ``usage``), else the caller's tokenizer over the streamed text (``tokenizer``),
  else one token per content event (``chunks``).
- **ITL, per token**: a read carrying ``k`` tokens that arrived ``g`` ms after the
  previous content read contributes ``k`` samples of ``g / k``; tokens are spread over
  reads in proportion to each read's events (or its tokenizer count) with cumulative
  rounding, so the samples add up to the time from first to last content read and number
  ``n_out`` minus the tokens of the first read. The anchors differ: vLLM's
  benchmark_serving appends one ITL sample per SSE *chunk* (the raw gap between chunks,
  not divided by the tokens the chunk carries, so a server that batches tokens into
  chunks shows fewer, longer ITLs); GuideLLM keeps no per-token gaps and reports one ITL
  per request, ``(last token - first token) / (n_out - 1)`` (a per-request mean, close to
  TPOT here), while its "time per output token" includes TTFT
  (``(last token - request start) / n_out``). Per-token samples keep a batched chunk from
  looking like one slow token and keep single slow gaps visible in the tail.
- **TPOT**: ``(E2E - TTFT) / (n_out - 1)`` (None with fewer than two output tokens).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tunecheck.load._result import RequestRecord, TokenSource
from tunecheck.load._spec import SloSpec
from tunecheck.load._wire import Outcome

Tokenizer = Callable[[str], int]
"""Counts the tokens of a text with the served model's tokenizer."""


def tokens_per_arrival(events: Sequence[int], texts: Sequence[str], usage_tokens: int | None,
                       tokenizer: Tokenizer | None) -> tuple[list[int], int, TokenSource]:
    """Integer tokens carried by each arrival, their total and where the total came from.

    Arrival ``i`` completed ``events[i]`` content events carrying ``texts[i]``.
    """
    if tokenizer is not None and len(texts) == len(events):
        weights = [float(tokenizer(text)) for text in texts]
    else:
        weights = [float(count) for count in events]
    source: TokenSource = "usage"
    if usage_tokens is not None:
        total = usage_tokens
    else:
        total = round(sum(weights))
        source = "tokenizer" if tokenizer is not None and len(texts) == len(events) else "chunks"
    weight_sum = sum(weights)
    counts: list[int] = []
    assigned, running = 0, 0.0
    for position, weight in enumerate(weights):
        running += weight
        target = round(total * running / weight_sum) if weight_sum > 0 else (total if position == 0 else 0)
        if position == 0 and total > 0:
            target = max(1, target)
        target = max(assigned, min(total, target))
        counts.append(target - assigned)
        assigned = target
    if counts and assigned < total:
        counts[-1] += total - assigned
    return counts, total, source


def inter_token_latencies(times: Sequence[float], counts: Sequence[int]) -> list[float]:
    """Per-token ITL samples in ms (see the module docstring)."""
    samples: list[float] = []
    previous: float | None = None
    for t, count in zip(times, counts, strict=True):
        if count == 0:
            continue
        if previous is not None:
            samples.extend([(t - previous) * 1000.0 / count] * count)
        previous = t
    return samples


def _ms(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else (later - earlier) * 1000.0


def _meets_slo(slo: SloSpec, ok: bool, ttft: float | None, e2e: float | None,
               tpot: float | None) -> bool | None:
    if slo.is_empty:
        return None
    if not ok:
        return False
    limits = (slo.per_request_limit("ttft"), slo.per_request_limit("e2e"), slo.per_request_limit("tpot"))
    return all(limit is None or value is None or value <= limit
               for limit, value in zip(limits, (ttft, e2e, tpot), strict=True))


def to_record(outcome: Outcome, *, level_index: int, worker: int, t0: float, slo: SloSpec,
              tokenizer: Tokenizer | None) -> RequestRecord:
    """Turn one outcome into its saved record."""
    stream = outcome.stream
    ok = outcome.error_kind is None
    times = stream.times if stream is not None else ()
    events = stream.events if stream is not None else ()
    first = times[0] if times else None
    counts, total, source = tokens_per_arrival(
        events, stream.texts if stream else (), stream.completion_tokens if stream else None, tokenizer)
    ttft, e2e = _ms(first, outcome.sent), _ms(outcome.end, outcome.sent)
    tpot = (e2e - ttft) / (total - 1) if ok and e2e is not None and ttft is not None and total > 1 else None
    ttft_sched = _ms(first, outcome.scheduled) if ok else None
    e2e_sched = _ms(outcome.end, outcome.scheduled) if ok else None
    error = f"http_{outcome.status}" if outcome.error_kind == "http" else outcome.error_kind
    return RequestRecord(
        level_index=level_index, index=outcome.index, worker=worker, prompt_index=outcome.prompt_index,
        scheduled_s=outcome.scheduled - t0,
        sent_s=None if outcome.sent is None else outcome.sent - t0,
        end_s=None if outcome.end is None else outcome.end - t0,
        schedule_gap_ms=_ms(outcome.sent, outcome.scheduled),
        dispatch_late_ms=_ms(outcome.sent, outcome.eligible),
        ok=ok, error=error, error_detail=outcome.error_detail, http_status=outcome.status,
        ttft_ms=ttft if ok else None, ttft_from_schedule_ms=ttft_sched,
        e2e_ms=e2e if ok else None, e2e_from_schedule_ms=e2e_sched, tpot_ms=tpot,
        itl_ms=tuple(round(v, 4) for v in inter_token_latencies(times, counts)) if ok else (),
        output_tokens=total if stream is not None else None,
        prompt_tokens=stream.prompt_tokens if stream else None,
        token_source=source if stream is not None else None,
        content_events=sum(events),
        meets_slo=_meets_slo(slo, ok, ttft_sched, e2e_sched, tpot))
