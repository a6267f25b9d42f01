"""``load``: does the candidate's endpoint hold up at 10x, 50x, 100x the expected traffic?

Drives the endpoint with ``tunecheck.load`` (closed or open loop, no coordinated
omission, client-bound levels voided) at ``expected x multiplier`` for every multiplier.
Per level ``m``, measurements named ``<metric>@<m>x``: ``e2e_p50_ms``, ``e2e_p95_ms``,
``e2e_p99_ms``, ``ttft_p95_ms``, ``ttft_p99_ms``, ``itl_p99_ms``, ``tpot_p99_ms``
(latencies timed from each request's scheduled send), ``error_rate``,
``throughput_rps``, ``goodput_rps``. The SLOs of ``required_multiplier`` become
``at_most`` gates on that level: a percentile is tested with distribution-free
order-statistic bounds on the level's requests (a p99 needs at least 368 requests to be
bounded at 97.5%, a p95 72), the error rate with an exact binomial bound; a level with too
few requests is INCONCLUSIVE and says how many it needs. The other levels report where
the endpoint breaks (the capacity). The load result is saved in the
run store, so a re-run or ``tunecheck report`` re-uses it instead of loading the server again.
``--quick`` loads the first level and the gated one only.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.config import DatasetSpec, GateSpec, LoadSettings
from tunecheck.errors import TunecheckError
from tunecheck.load import (
    Distribution,
    GeneratorSettings,
    LevelResult,
    LoadLevel,
    LoadResult,
    LoadSpec,
    run_load,
)
from tunecheck.report import Measurement, Note, Plot, Section, Series, Table
from tunecheck.session import Session
from tunecheck.verdict import Comparison, Quantile, Rate

_PERCENTILES = (("e2e", "p50"), ("e2e", "p95"), ("e2e", "p99"), ("ttft", "p95"), ("ttft", "p99"),
                ("itl", "p99"), ("tpot", "p99"))


@register_check
class LoadCheck:
    id = "load"
    title = "Load at multiples of the expected traffic"

    def run(self, session: Session, settings: LoadSettings) -> CheckOutput:
        if session.quick:
            settings = settings.model_copy(update={"multipliers": quick_multipliers(settings)})
        result = _load_result(session, settings)
        confidence = session.policy.confidence
        comparisons = [c for index, level in enumerate(result.levels)
                       for c in _level_measurements(level, settings.multipliers[index], confidence)]
        sections = _sections(result, settings)
        n = sum(level.sent for level in result.levels)
        errors = sum(sum(level.errors.values()) for level in result.levels)
        # failed requests are measured here (error_rate), not a sign of a biased measurement
        return CheckOutput(comparisons, sections=sections, default_gates=_default_gates(settings),
                           summary=_summary(result, settings, n, errors), card=_card(result, settings))


def quick_multipliers(settings: LoadSettings) -> list[float]:
    """What ``--quick`` loads: the first level and the gated one (``required_multiplier``),
    or the first two levels when none is gated."""
    first = settings.multipliers[0]
    if settings.required_multiplier is None:
        return settings.multipliers[:2]
    return [first] if settings.required_multiplier == first else [first, settings.required_multiplier]


def _levels(settings: LoadSettings) -> list[LoadLevel]:
    if settings.loop == "closed":
        return [LoadLevel.closed(max(1, round(settings.expected_concurrency * m))) for m in settings.multipliers]
    assert settings.expected_rate is not None
    return [LoadLevel.open(settings.expected_rate * m, settings.max_concurrency) for m in settings.multipliers]


def _load_result(session: Session, settings: LoadSettings) -> LoadResult:
    stored = session.memo("load", "result", lambda: _run_levels(session, settings).model_dump(mode="json"),
                          reuse=True, missing="the load result")
    return LoadResult.model_validate(stored)


def _run_levels(session: Session, settings: LoadSettings) -> LoadResult:
    url, model = _target(session, settings)
    requests = session.requests(settings.requests_per_level)
    spec = LoadSpec(url=url, model=model, endpoint=settings.endpoint, prompts=_prompts(session, settings),
                    max_tokens=settings.max_tokens, requests=requests, duration_s=settings.max_duration_s,
                    warmup_requests=settings.warmup_requests, timeout_s=settings.timeout_s,
                    slo=settings.slo, seed=session.policy.seed)
    task = session.progress.start("load: levels", len(settings.multipliers))
    try:
        generator = _generator(settings, session.policy.confidence)
        result = run_load(spec, _levels(settings), progress=lambda _p: None, settings=generator)
    except TunecheckError:
        raise
    finally:
        session.progress.finish(task)
    return result


def _generator(settings: LoadSettings, confidence: float) -> GeneratorSettings:
    """The generator's limits, its percentile CIs at the policy's confidence (the level gates test at)."""
    limits = settings.client.model_dump(exclude_none=True)
    return GeneratorSettings(**limits, ci_level=confidence)


def _target(session: Session, settings: LoadSettings) -> tuple[str, str]:
    if settings.url is not None:
        return settings.url, settings.model or "default"
    assert settings.backend is not None
    backend = session.backend(settings.backend)
    url = getattr(backend, "base_url", None)
    if not isinstance(url, str):
        raise TunecheckError(f"load: backend '{settings.backend}' is not an OpenAI-compatible endpoint")
    return url, settings.model or backend.info.model


def _prompts(session: Session, settings: LoadSettings) -> tuple[str, ...]:
    builtin = Path(str(resources.files("tunecheck.suites") / "latency" / "prompts.jsonl"))
    dataset = session.dataset(settings.dataset or DatasetSpec(path=builtin), "load")
    return tuple(row.text(settings.prompt_field) for row in dataset.rows)


def _tag(multiplier: float) -> str:
    return f"{multiplier:g}x"


def _level_measurements(level: LevelResult, multiplier: float, confidence: float) -> list[Comparison]:
    tag = _tag(multiplier)
    out = [_percentile(level, metric, q, f"{metric}_{q}_ms@{tag}") for metric, q in _PERCENTILES]
    # errors are the server's answers, valid even when the client was too slow to time them
    failed = round(level.error_rate * level.scheduled)
    rate = Rate(failed, level.scheduled) if level.scheduled else None
    ci = rate.interval(confidence) if rate else None
    out.append(Comparison(Measurement(name=f"error_rate@{tag}", candidate=level.error_rate if rate else None,
                                      baseline=None, n=level.scheduled, unit="fraction", higher_is_better=False,
                                      candidate_ci=ci, test="exact binomial (Clopper-Pearson)"), candidate=rate,
                          missing=None if rate else "the level scheduled no requests"))
    total = "a throughput is one measured total, with no sampling distribution to test it on"
    for name, value in (("throughput_rps", level.request_rps), ("goodput_rps", level.goodput_rps)):
        shown = value if level.valid else None
        out.append(Comparison(Measurement(name=f"{name}@{tag}", candidate=shown, baseline=None, n=level.sent,
                                          unit="req/s", higher_is_better=True),
                              missing=total if level.valid else _client_bound(level)))
    return out


def _percentile(level: LevelResult, metric: str, q: str, name: str) -> Comparison:
    dist: Distribution | None = getattr(level, f"{metric}_from_schedule", None) or getattr(level, metric)
    if dist is None:
        return Comparison.unavailable(name, "no request of the level produced this timing", unit="ms",
                                      higher_is_better=False)
    ci = getattr(dist, f"{q}_ci", None)
    value = getattr(dist, q) if level.valid else None
    measurement = Measurement(name=name, candidate=value, baseline=None, n=dist.n, unit="ms", higher_is_better=False,
                              candidate_ci=ci, test=_test(dist))
    if not level.valid:
        return Comparison(measurement, missing=_client_bound(level))
    if dist.values is None:
        why = ("inter-token gaps are clustered by request, so no exact percentile bound applies; gate on "
               "tpot or e2e percentiles instead" if metric == "itl" else
               "the stored load result has no per-request values; run the load check again")
        return Comparison(measurement, missing=why)
    return Comparison(measurement, candidate=Quantile.of(dist.values, float(q[1:]) / 100.0))


def _test(dist: Distribution) -> str:
    if dist.values is None:
        return "cluster bootstrap CI (requests resampled)"
    return "distribution-free order-statistic CI"


def _client_bound(level: LevelResult) -> str:
    return f"the level is client-bound and its timings invalid ({'; '.join(level.client.reasons)})"


def _default_gates(settings: LoadSettings) -> list[GateSpec]:
    if settings.required_multiplier is None:
        return []
    tag = _tag(settings.required_multiplier)
    gates = [GateSpec(measurement=f"{name}@{tag}", rule="at_most", threshold=limit)
             for name, limit in settings.slo.model_dump().items() if limit is not None and name.endswith("_ms")]
    if settings.slo.max_error_rate is not None:
        gates.append(GateSpec(measurement=f"error_rate@{tag}", rule="at_most", threshold=settings.slo.max_error_rate))
    return gates


def _sections(result: LoadResult, settings: LoadSettings) -> list[Section]:
    sections: list[Section] = [_level_table(result, settings), _latency_plot(result, settings)]
    sections += [_cdf(result, settings)]
    capacity = result.capacity.label if result.capacity else "none of the levels"
    sections.append(Note(text=f"Capacity (heaviest level meeting every SLO, lighter ones too): {capacity}."))
    for index, level in enumerate(result.levels):
        tag = _tag(settings.multipliers[index])
        if not level.valid:
            sections.append(Note(level="warning", text=f"Level {tag} ({level.level.label}) is client-bound and "
                                 f"invalid: {'; '.join(level.client.reasons)}"))
        for warning in level.warnings:
            sections.append(Note(level="warning", text=f"Level {tag}: {warning}"))
    return sections


def _level_table(result: LoadResult, settings: LoadSettings) -> Table:
    rows: list[list[float | int | str | bool | None]] = []
    for index, level in enumerate(result.levels):
        e2e = level.e2e_from_schedule or level.e2e
        ttft = level.ttft_from_schedule or level.ttft
        gap = level.schedule_gap
        rows.append([_tag(settings.multipliers[index]), level.level.label, level.sent, level.succeeded,
                     ", ".join(f"{k}: {v}" for k, v in sorted(level.errors.items())) or "none",
                     round(level.request_rps, 3), level.goodput_rps, e2e.p50 if e2e else None,
                     e2e.p95 if e2e else None, e2e.p99 if e2e else None, ttft.p95 if ttft else None,
                     ttft.p99 if ttft else None, gap.p99 if gap else None, level.slo.status,
                     "; ".join(level.slo.failures) or ""])
    return Table(title="Load levels (latencies in ms, timed from the scheduled send)",
                 columns=["level", "traffic", "sent", "ok", "errors", "req/s", "goodput/s", "e2e p50", "e2e p95",
                          "e2e p99", "ttft p95", "ttft p99", "queue p99", "SLO", "SLO failures"], rows=rows)


def _latency_plot(result: LoadResult, settings: LoadSettings) -> Plot:
    xs = [float(m) for m in settings.multipliers[: len(result.levels)]]
    series = []
    for q in ("p50", "p95", "p99"):
        ys = []
        for level in result.levels:
            dist = level.e2e_from_schedule or level.e2e
            ys.append(float(getattr(dist, q)) if dist else float("nan"))
        series.append(Series(name=f"e2e {q}", x=xs, y=ys))
    return Plot(title="End-to-end latency vs load", plot="line", x_label="x expected traffic",
                y_label="ms", series=series, log_x=True)


def _cdf(result: LoadResult, settings: LoadSettings) -> Plot:
    series = []
    for index, level in enumerate(result.levels):
        dist = level.e2e_from_schedule or level.e2e
        if dist is not None and dist.quantiles:
            ys = [i / (len(dist.quantiles) - 1) for i in range(len(dist.quantiles))]
            series.append(Series(name=_tag(settings.multipliers[index]), x=list(dist.quantiles), y=ys))
    return Plot(title="End-to-end latency CDF per level", plot="cdf", x_label="ms", y_label="share of requests",
                series=series)


def _summary(result: LoadResult, settings: LoadSettings, n: int, errors: int) -> str:
    capacity = result.capacity.label if result.capacity else "no level"
    return f"{len(result.levels)} levels, {n} requests, {errors} errors; capacity: {capacity} meets the SLOs"


def _card(result: LoadResult, settings: LoadSettings) -> dict[str, float | int | str | bool | None]:
    card: dict[str, float | int | str | bool | None] = {"capacity": result.capacity.label if result.capacity else None}
    for index, level in enumerate(result.levels):
        dist = level.e2e_from_schedule or level.e2e
        card[f"e2e p99 ms @{_tag(settings.multipliers[index])}"] = dist.p99 if dist else None
    return card
