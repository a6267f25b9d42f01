"""``latency``: is the candidate as fast per token as the baseline, on identical hardware?

Single-stream (one request in flight), the two models alternating request by request
(ABBA order) so that drift in machine load falls on both equally, after a warm-up.
Per request, from the streamed token timestamps:

- ``ttft_ms``: time to the first output token;
- ``tpot_ms``: time per output token after the first, ``(e2e - ttft) / (n - 1)``;
- ``itl_ms``: mean gap between consecutive token arrivals (per token: a chunk carrying
  several tokens contributes its gap spread over them);
- ``e2e_ms``: end to end; ``tokens_per_s``: output tokens / end to end.

Each measurement is the mean over prompts, compared paired (the same prompt for both
models) with a bootstrap CI. Default gates: TTFT and TPOT non-inferior within
``max_slowdown`` of the baseline's value. Distributions (p50/p90/p99) are tabulated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks._measure import compare_means
from tunecheck.config import DatasetSpec, GateSpec, LatencySettings
from tunecheck.datasets import render_prompt
from tunecheck.report import Note, Plot, Section, Series, Table
from tunecheck.session import Generation, GenerationParams, PromptItem, Session
from tunecheck.verdict import Comparison

_METRICS = (("ttft_ms", False), ("tpot_ms", False), ("itl_ms", False), ("e2e_ms", False), ("tokens_per_s", True))


@dataclass(frozen=True)
class Timing:
    """Latency figures of one streamed request (None where the backend gave no timestamps)."""

    ttft_ms: float | None
    tpot_ms: float | None
    itl_ms: float | None
    e2e_ms: float | None
    tokens_per_s: float | None


def timing(g: Generation) -> Timing:
    """Latency figures of one generation, from its timestamps."""
    n = g.output_tokens or (len(g.token_times_s) if g.token_times_s else 0)
    e2e = g.e2e_s
    ttft = g.ttft_s if g.ttft_s is not None else (g.token_times_s[0] if g.token_times_s else None)
    tpot = (e2e - ttft) / (n - 1) * 1000 if e2e is not None and ttft is not None and n > 1 else None
    itl = None
    if g.token_times_s and len(g.token_times_s) > 1:
        gaps = np.diff(np.asarray(g.token_times_s))
        itl = float(gaps.sum() / max(n - 1, len(gaps)) * 1000)
    return Timing(
        ttft_ms=None if ttft is None else ttft * 1000, tpot_ms=tpot, itl_ms=itl,
        e2e_ms=None if e2e is None else e2e * 1000,
        tokens_per_s=None if not e2e or not n else n / e2e,
    )


@register_check
class LatencyCheck:
    id = "latency"
    title = "Latency per token (single stream)"

    def run(self, session: Session, settings: LatencySettings) -> CheckOutput:
        roles = (settings.candidate_backend or "candidate", settings.baseline_backend or "baseline")
        items = _items(session, settings)
        warm = [PromptItem(f"warmup-{i}", item.prompt) for i, item in enumerate(items[: settings.warmup])]
        params = session.params(max_tokens=settings.max_tokens, temperature=0.0)
        outputs = _alternate(session, self.id, roles, warm + items, params)
        cand = [outputs[roles[0]][item.id] for item in items]
        base = [outputs[roles[1]][item.id] for item in items]
        return _result(session, settings, roles, cand, base)


def _items(session: Session, settings: LatencySettings) -> list[PromptItem]:
    builtin = Path(str(resources.files("tunecheck.suites") / "latency" / "prompts.jsonl"))
    spec = settings.dataset or DatasetSpec(path=builtin)
    dataset = session.dataset(spec, "latency")
    limit = session.requests(settings.requests)
    rows = [dataset.rows[i % len(dataset.rows)] for i in range(limit)]
    return [PromptItem(f"{row.id}#{i}" if i >= len(dataset.rows) else row.id, render_prompt(settings.prompt, row))
            for i, row in enumerate(rows)]


def _alternate(session: Session, check_id: str, roles: tuple[str, str], items: list[PromptItem],
               params: GenerationParams) -> dict[str, dict[str, Generation]]:
    """One request at a time, ABBA order: A B, B A, A B, ...

    Each request gets its own seed (greedy decoding ignores it), so that no two timed
    requests share a store key: a repeated prompt or a warm-up is never answered from
    another request's timing.
    """
    out: dict[str, dict[str, Generation]] = {roles[0]: {}, roles[1]: {}}
    task = session.progress.start("latency: single-stream requests", 2 * len(items))
    for i, item in enumerate(items):
        order = roles if i % 2 == 0 else roles[::-1]
        unique = replace(params, seed=params.seed + i)
        for role in order:
            result = session.generate(check_id, [item], roles=(role,), params=unique, stream=True)
            out[role][item.id] = result[role][0][0]
            session.progress.advance(task)
    session.progress.finish(task)
    return out


def _result(session: Session, settings: LatencySettings, roles: tuple[str, str],
            cand: list[Generation], base: list[Generation]) -> CheckOutput:
    policy = session.policy
    keep = [i for i, (c, b) in enumerate(zip(cand, base, strict=True)) if c.ok and b.ok]
    errors = sum(not g.ok for g in cand + base)
    ct = [timing(cand[i]) for i in keep]
    bt = [timing(base[i]) for i in keep]
    comparisons: list[Comparison] = []
    sections: list[Section] = []
    for name, higher in _METRICS:
        pairs = [(getattr(c, name), getattr(b, name)) for c, b in zip(ct, bt, strict=True)
                 if getattr(c, name) is not None and getattr(b, name) is not None]
        if len(pairs) < 2:
            why = f"the backend reported token timestamps for {len(pairs)} of {len(keep)} requests"
            sections.append(Note(text=f"{name}: {why}", level="warning"))
            comparisons.append(Comparison.unavailable(name, why, unit="tokens/s" if name == "tokens_per_s" else "ms",
                                                      higher_is_better=higher))
            continue
        c_vals, b_vals = zip(*pairs, strict=True)
        unit = "tokens/s" if name == "tokens_per_s" else "ms"
        comparisons.append(compare_means(name, c_vals, b_vals, policy, higher_is_better=higher, unit=unit,
                                         description=f"mean {name} over prompts (single stream)"))
    measurements = [c.measurement for c in comparisons]
    sections = [_distribution_table(ct, bt), *_cdf_plots(ct, bt), *sections]
    if roles != ("candidate", "baseline"):
        sections.append(Note(text=f"Timed through the backends '{roles[0]}' (candidate) and '{roles[1]}' "
                                  "(baseline), under identical settings."))
    return CheckOutput(comparisons, sections=sections,
                       default_gates=_default_gates(comparisons, settings.max_slowdown),
                       n_samples=len(cand) + len(base), n_errors=errors, summary=_summary(measurements),
                       card={f"{m.name} (candidate)": m.candidate for m in measurements})


def _default_gates(comparisons: list[Comparison], slowdown: float) -> list[GateSpec]:
    """TTFT and TPOT non-inferior within ``slowdown`` of the baseline's value.

    Always both: a measurement the backend could not produce keeps its gate, which is then
    INCONCLUSIVE with the reason (a verdict never passes a latency it did not measure).
    """
    by_name = {c.measurement.name: c.measurement for c in comparisons}
    gates = []
    for name in ("ttft_ms", "tpot_ms"):
        baseline = by_name[name].baseline if name in by_name else None
        threshold = 0.0 if baseline is None else round(slowdown * baseline, 6)
        gates.append(GateSpec(measurement=name, rule="non_inferiority", threshold=threshold))
    return gates


def _percentiles(values: list[float]) -> list[float | int | str | bool | None]:
    if not values:
        return [None, None, None, None]
    array = np.asarray(values)
    out: list[float | int | str | bool | None] = [float(np.percentile(array, q)) for q in (50, 90, 99)]
    return [*out, float(array.max())]


def _distribution_table(cand: list[Timing], base: list[Timing]) -> Table:
    rows: list[list[float | int | str | bool | None]] = []
    for name, _ in _METRICS:
        for role, timings in (("candidate", cand), ("baseline", base)):
            values = [getattr(t, name) for t in timings if getattr(t, name) is not None]
            rows.append([name, role, len(values), *_percentiles(values)])
    return Table(title="Latency distributions", columns=["measurement", "model", "n", "p50", "p90", "p99", "max"],
                 rows=rows, note="p99 of a few dozen requests is close to the maximum; read it as such.")


def _cdf_plots(cand: list[Timing], base: list[Timing]) -> list[Plot]:
    plots = []
    for name in ("e2e_ms", "tpot_ms"):
        series = []
        for role, timings in (("candidate", cand), ("baseline", base)):
            values = sorted(v for t in timings if (v := getattr(t, name)) is not None)
            if values:
                series.append(Series(name=role, x=values, y=[(i + 1) / len(values) for i in range(len(values))]))
        if series:
            plots.append(Plot(title=f"{name} CDF", plot="cdf", x_label=name, y_label="share of requests",
                              series=series))
    return plots


def _summary(measurements: list) -> str:  # type: ignore[type-arg]
    return "; ".join(f"{m.name} {m.baseline:.4g} -> {m.candidate:.4g}" for m in measurements
                     if m.candidate is not None and m.baseline is not None)
