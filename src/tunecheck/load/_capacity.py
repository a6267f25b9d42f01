"""Searching for the highest open-loop rate that meets the SLOs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tunecheck.load._engine import LoadEngine, ProgressCallback, client_versions
from tunecheck.load._measure import Tokenizer
from tunecheck.load._pool import LoadError
from tunecheck.load._result import CapacitySearch, LevelResult, LoadResult
from tunecheck.load._spec import GeneratorSettings, LoadLevel, LoadSpec


@dataclass
class _Bracket:
    passing: float | None = None
    failing: float | None = None
    sustained: float | None = None

    def next_rate(self, growth: float) -> float:
        if self.failing is None:
            return (self.passing or 0.0) * growth
        candidate = self.failing / growth if self.passing is None else (self.passing + self.failing) / 2.0
        if self.sustained is not None and (self.passing or 0.0) < self.sustained < candidate:
            return self.sustained
        return candidate

    def resolved(self, resolution: float) -> bool:
        return (self.passing is not None and self.failing is not None
                and (self.failing - self.passing) <= resolution * self.failing)


def _stop_reason(result: LevelResult, bracket: _Bracket, resolution: float, min_rate: float) -> str | None:
    rate = result.level.rate or 0.0
    if result.slo.status == "invalid":
        return f"the client could not generate {rate:g} req/s honestly: {'; '.join(result.client.reasons)}"
    if bracket.resolved(resolution):
        return (f"bracketed within {resolution:.0%}: passes at {bracket.passing:g}, "
                f"fails at {bracket.failing:g} req/s")
    if bracket.passing is None and bracket.failing is not None and bracket.failing / 2 < min_rate:
        return f"fails even at {bracket.failing:g} req/s"
    return None


def find_capacity(spec: LoadSpec, *, start_rate: float, max_concurrency: int | None = None,
                  max_probes: int = 8, growth: float = 2.0, resolution: float = 0.1,
                  min_rate: float = 0.01, progress: ProgressCallback | None = None,
                  tokenizer: Tokenizer | None = None, settings: GeneratorSettings | None = None,
                  records_path: Path | None = None) -> LoadResult:
    """Find the highest open-loop rate whose level meets ``spec.slo``.

    Rates grow by ``growth`` from ``start_rate`` until a probe fails: no heavier rate is
    tried after that, and when the failing probe was saturated (latency from the schedule
    kept growing) the throughput it sustained becomes the next probe, since no higher rate
    can hold. Then the search bisects between the last passing and the first failing rate
    until they are within ``resolution`` of each other, the probes run out, or a probe is
    client-bound (beyond what this client can measure).
    Each probe is one level of the result.
    """
    if spec.slo.is_empty:
        raise LoadError("find_capacity needs at least one SLO (for example slo.ttft_p95_ms)")
    if start_rate <= 0 or growth <= 1 or max_probes < 1:
        raise LoadError("find_capacity needs start_rate > 0, growth > 1 and max_probes >= 1")
    settings = settings or GeneratorSettings()
    started = datetime.now(timezone.utc)
    bracket, probes, rate = _Bracket(), list[LevelResult](), start_rate
    stopped = f"ran all {max_probes} probes"
    with LoadEngine(spec, settings=settings, tokenizer=tokenizer, progress=progress,
                    records_path=records_path) as engine:
        while len(probes) < max_probes:
            result = engine.run_level(LoadLevel.open(rate, max_concurrency), len(probes))
            probes.append(result)
            if result.slo.status == "pass":
                bracket.passing = max(bracket.passing or 0.0, rate)
            elif result.slo.status in ("fail", "inconclusive"):  # capacity is what a level has shown
                bracket.failing = rate if bracket.failing is None else min(bracket.failing, rate)
                if result.saturated:
                    bracket.sustained = result.request_rps
            reason = _stop_reason(result, bracket, resolution, min_rate)
            if reason is not None:
                stopped = reason
                break
            rate = bracket.next_rate(growth)
    search = CapacitySearch(start_rate=start_rate, max_concurrency=max_concurrency,
                            capacity_rps=bracket.passing, stopped_because=stopped)
    capacity = None if bracket.passing is None else LoadLevel.open(bracket.passing, max_concurrency)
    return LoadResult(spec=spec, generator=settings, levels=tuple(probes), capacity=capacity, search=search,
                      started_at=started, finished_at=datetime.now(timezone.utc),
                      client_versions=client_versions())
