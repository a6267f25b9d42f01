"""Per-level result from the records of one level: distributions, errors, SLOs, health."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from tunecheck.load._result import ClientHealth, Distribution, LevelResult, RequestRecord, SloOutcome, SloStatus
from tunecheck.load._spec import GeneratorSettings, LoadLevel, SloSpec
from tunecheck.load._stats import summarize
from tunecheck.load._wire import Ready, WorkerHealth
from tunecheck.stats import clopper_pearson, trials_for_bound

_TREND_RATIO = 2.0
_TREND_SLACK_MS = 50.0


@dataclass(frozen=True)
class LevelRun:
    """The raw material of one level, as the engine collected it."""

    index: int
    level: LoadLevel
    started_at: datetime
    records: tuple[RequestRecord, ...]
    readies: tuple[Ready, ...]
    health: tuple[WorkerHealth, ...]
    system_cpu_percent: float | None
    offered_rps: float | None


def _distribution(values: Sequence[float], settings: GeneratorSettings, seed: int,
                  clusters: Sequence[int] | None = None) -> Distribution | None:
    array = np.asarray(values, dtype=np.float64)
    groups = None if clusters is None else np.asarray(clusters, dtype=np.int64)
    return summarize(array, groups, settings.bootstrap_resamples, settings.ci_level, seed)


def _present(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None]


def client_health(run: LevelRun, settings: GeneratorSettings) -> ClientHealth:
    """Judge whether the generator kept up; any limit passed makes the level client-bound."""
    reasons: list[str] = []
    cpu = tuple(h.cpu_s / h.wall_s if h.wall_s > 0 else 0.0 for h in run.health)
    for worker, (health, share) in enumerate(zip(run.health, cpu, strict=True)):
        if health.lag_p99_ms > settings.loop_lag_p99_limit_ms:
            reasons.append(f"worker {worker}: event-loop lag p99 {health.lag_p99_ms:.2f} ms > limit "
                           f"{settings.loop_lag_p99_limit_ms:g} ms")
        if share > settings.cpu_limit:
            reasons.append(f"worker {worker}: used {share:.0%} of a core > limit {settings.cpu_limit:.0%}")
    late = _present([r.dispatch_late_ms for r in run.records])
    late_p99 = float(np.percentile(late, 99)) if late else None
    if late_p99 is not None and late_p99 > settings.dispatch_late_p99_limit_ms:
        reasons.append(f"requests left {late_p99:.2f} ms after they were due at p99 > limit "
                       f"{settings.dispatch_late_p99_limit_ms:g} ms")
    return ClientHealth(
        workers=len(run.health), uvloop=all(h.uvloop for h in run.health), worker_cpu=cpu,
        loop_lag_p99_ms=tuple(h.lag_p99_ms for h in run.health),
        loop_lag_max_ms=tuple(h.lag_max_ms for h in run.health), dispatch_late_p99_ms=late_p99,
        system_cpu_percent=run.system_cpu_percent, client_bound=bool(reasons), reasons=tuple(reasons))


_SLO_METRICS = (
    ("ttft_p95_ms", "ttft_from_schedule", "p95"), ("ttft_p99_ms", "ttft_from_schedule", "p99"),
    ("e2e_p95_ms", "e2e_from_schedule", "p95"), ("e2e_p99_ms", "e2e_from_schedule", "p99"),
    ("itl_p95_ms", "itl", "p95"), ("itl_p99_ms", "itl", "p99"),
    ("tpot_p95_ms", "tpot", "p95"), ("tpot_p99_ms", "tpot", "p99"),
)


def judge_slo(slo: SloSpec, distributions: dict[str, Distribution | None], failed: int, scheduled: int,
              client_bound: bool, level: float) -> SloOutcome:
    """Compare a level with its SLOs on the bounds of its percentiles and error rate.

    An SLO passes when the percentile's (or error rate's) upper bound at ``(1 + level) / 2``
    is within it, fails when the lower bound is beyond it, and is inconclusive otherwise:
    a level too small to bound a p99 (fewer than 368 requests at 97.5%) never passes one.
    Latency SLOs use the times from the schedule.
    """
    if slo.is_empty:
        return SloOutcome(status="invalid" if client_bound else "unchecked")
    failures: list[str] = []
    undecided: list[str] = []
    for name, metric, percentile in _SLO_METRICS:
        limit = getattr(slo, name)
        if limit is None:
            continue
        dist = distributions[metric]
        if dist is None:
            failures.append(f"{name}: no successful request to measure")
            continue
        value = getattr(dist, percentile)
        low, high = getattr(dist, f"{percentile}_ci") or (None, None)
        if low is not None and low > limit:
            failures.append(f"{name}: {value:.1f} ms > {limit:g} ms (lower bound {low:.1f} ms)")
        elif high is None or high >= limit:
            bound = "no upper bound" if high is None else f"upper bound {high:.1f} ms"
            undecided.append(f"{name}: {value:.1f} ms, {bound} at {100 * (1 + level) / 2:g}%: "
                             f"{dist.n} requests cannot show it within {limit:g} ms")
    if slo.max_error_rate is not None and scheduled:
        _judge_errors(slo.max_error_rate, failed, scheduled, level, failures, undecided)
    if client_bound:
        status: SloStatus = "invalid"
    else:
        status = "fail" if failures else ("inconclusive" if undecided else "pass")
    return SloOutcome(status=status, failures=tuple(failures), undecided=tuple(undecided))


def _judge_errors(limit: float, failed: int, scheduled: int, level: float, failures: list[str],
                  undecided: list[str]) -> None:
    bounds = clopper_pearson(failed, scheduled, level)
    rate = failed / scheduled
    if bounds.low > limit:
        failures.append(f"max_error_rate: {rate:.2%} > {limit:.2%} (lower bound {bounds.low:.2%})")
    elif bounds.high >= limit:
        needed = trials_for_bound(rate, limit, (1 - level) / 2, above=False, start=scheduled)
        more = f"; about {needed} requests would settle it" if needed else ""
        undecided.append(f"max_error_rate: {rate:.2%}, upper bound {bounds.high:.2%}: {scheduled} requests "
                         f"cannot show it within {limit:.2%}{more}")


def saturated(records: Sequence[RequestRecord], open_loop: bool) -> bool:
    """Open loop only: latency from the schedule keeps growing over the level (the median
    of the last third of requests, by schedule, is over twice the first third's plus 50 ms),
    or most requests fail. Either way arrivals outpace the server."""
    if not open_loop or not records:
        return False
    if sum(1 for r in records if not r.ok) > len(records) / 2:
        return True
    ordered = sorted(records, key=lambda r: r.scheduled_s)
    third = len(ordered) // 3
    if third < 3:
        return False
    first = _present([r.e2e_from_schedule_ms for r in ordered[:third]])
    last = _present([r.e2e_from_schedule_ms for r in ordered[-third:]])
    if not first or not last:
        return False
    return float(np.median(last)) > _TREND_RATIO * float(np.median(first)) + _TREND_SLACK_MS


def _window_s(records: Sequence[RequestRecord]) -> float:
    ends = _present([r.end_s for r in records])
    return max(max(ends, default=0.0), 1e-9)


def _distributions(records: Sequence[RequestRecord], settings: GeneratorSettings,
                   seed: int) -> dict[str, Distribution | None]:
    ok = [r for r in records if r.ok]
    itl = [(value, cluster) for cluster, r in enumerate(ok) for value in r.itl_ms]
    return {
        "e2e": _distribution(_present([r.e2e_ms for r in ok]), settings, seed),
        "e2e_from_schedule": _distribution(_present([r.e2e_from_schedule_ms for r in ok]), settings, seed),
        "ttft": _distribution(_present([r.ttft_ms for r in ok]), settings, seed),
        "ttft_from_schedule": _distribution(_present([r.ttft_from_schedule_ms for r in ok]), settings, seed),
        "itl": _distribution([v for v, _ in itl], settings, seed, [c for _, c in itl]),
        "tpot": _distribution(_present([r.tpot_ms for r in ok]), settings, seed),
        "schedule_gap": _distribution(_present([r.schedule_gap_ms for r in records]), settings, seed),
    }


def _warnings(run: LevelRun, dists: dict[str, Distribution | None], health: ClientHealth) -> list[str]:
    notes = [f"{name}: {d.warning}" for name, d in dists.items() if d is not None and d.warning]
    if health.system_cpu_percent is not None and health.system_cpu_percent > 95:
        notes.append(f"the machine's CPUs were {health.system_cpu_percent:.0f}% busy: the server and the "
                     "client competed for CPU")
    for ready in run.readies:
        if ready.warmup_first_error:
            notes.append(f"warm-up on worker {ready.worker}: {ready.warmup_first_error}")
    return notes


def summarize_level(run: LevelRun, slo: SloSpec, settings: GeneratorSettings, seed: int) -> LevelResult:
    """Build the saved result of one level."""
    records = run.records
    window = _window_s(records)
    ok = [r for r in records if r.ok]
    errors = Counter(r.error for r in records if r.error is not None)
    error_rate = (len(records) - len(ok)) / len(records) if records else 0.0
    dists = _distributions(records, settings, seed)
    health = client_health(run, settings)
    request_rps = len(ok) / window
    goodput = None if slo.is_empty else sum(1 for r in records if r.meets_slo) / window
    warmup_errors: Counter[str] = Counter()
    for ready in run.readies:
        warmup_errors.update(ready.warmup_errors)
    return LevelResult(
        index=run.index, level=run.level, started_at=run.started_at, duration_s=window,
        warmup_requests=sum(r.warmup_done for r in run.readies), warmup_errors=dict(warmup_errors),
        scheduled=len(records), sent=sum(1 for r in records if r.sent_s is not None), succeeded=len(ok),
        errors=dict(errors), error_rate=error_rate, offered_rps=run.offered_rps, request_rps=request_rps,
        output_tokens_per_s=sum(r.output_tokens or 0 for r in ok) / window, goodput_rps=goodput,
        saturated=saturated(records, run.level.kind == "open"), e2e=dists["e2e"],
        e2e_from_schedule=dists["e2e_from_schedule"],
        ttft=dists["ttft"], ttft_from_schedule=dists["ttft_from_schedule"], itl=dists["itl"],
        tpot=dists["tpot"], schedule_gap=dists["schedule_gap"],
        token_sources=dict(Counter(r.token_source for r in records if r.token_source)),
        client=health, slo=judge_slo(slo, dists, len(records) - len(ok), len(records), health.client_bound,
                                     settings.ci_level),
        warnings=tuple(_warnings(run, dists, health)))
