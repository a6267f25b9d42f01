"""Splitting a level into worker shards: bodies, schedules, streams and quotas."""

from __future__ import annotations

import json
import math

import numpy as np

from tunecheck.load._spec import GeneratorSettings, LoadLevel, LoadSpec
from tunecheck.load._wire import PhasePlan, ShardTask

_MAX_OPEN_CONNECTIONS = 256


def request_bodies(spec: LoadSpec) -> tuple[bytes, ...]:
    """One JSON body per prompt: streamed, with usage requested in the stream."""
    bodies = []
    for prompt in spec.prompts:
        body: dict[str, object] = {"model": spec.model, "max_tokens": spec.max_tokens,
                                   "temperature": spec.temperature, "stream": True}
        if spec.stream_usage:
            body["stream_options"] = {"include_usage": True}
        if spec.endpoint == "chat":
            body["messages"] = [{"role": "user", "content": prompt}]
        else:
            body["prompt"] = prompt
        body.update(spec.extra_body)
        bodies.append(json.dumps(body).encode())
    return tuple(bodies)


def request_headers(spec: LoadSpec) -> tuple[tuple[str, str], ...]:
    headers = [("Content-Type", "application/json"), ("Accept", "text/event-stream")]
    if spec.api_key is not None:
        headers.append(("Authorization", f"Bearer {spec.api_key.get_secret_value()}"))
    return tuple(headers)


def poisson_schedule(rate: float, count: int | None, duration_s: float | None, seed: int) -> list[float]:
    """Send offsets (s) of a Poisson process at ``rate``: the first ``count`` arrivals, or
    those before ``duration_s``, whichever ends first. Seeded, so a run repeats."""
    if count is None and duration_s is None:
        raise ValueError("a schedule needs a request count or a duration")
    rng = np.random.default_rng(seed)
    expected = rate * duration_s if duration_s is not None else float(count or 0)
    size = count if count is not None else math.ceil(expected + 10 * math.sqrt(expected) + 10)
    offsets = np.cumsum(rng.exponential(1.0 / rate, size=size))
    if duration_s is not None:
        offsets = offsets[offsets < duration_s]
    return [float(v) for v in offsets]


def _share(total: int, parts: int, part: int) -> int:
    return total // parts + (1 if part < total % parts else 0)


def _closed_plans(spec: LoadSpec, level: LoadLevel, workers: int, worker: int) -> tuple[PhasePlan, PhasePlan]:
    streams = _share(level.concurrency or 1, workers, worker)
    quota = None if spec.requests is None else _share(spec.requests, workers, worker)
    warm = PhasePlan(kind="closed", streams=streams, quota=_share(spec.warmup_requests, workers, worker),
                     duration_s=spec.warmup_max_s, first_index=worker, index_stride=workers)
    measured = PhasePlan(kind="closed", streams=streams, quota=quota, duration_s=spec.duration_s,
                         first_index=worker, index_stride=workers)
    return warm, measured


def _open_plans(spec: LoadSpec, level: LoadLevel, workers: int, worker: int,
                index: int) -> tuple[PhasePlan, PhasePlan]:
    rate = level.rate or 1.0
    cap = None if level.max_concurrency is None else _share(level.max_concurrency, workers, worker)
    warm_offsets = poisson_schedule(rate, spec.warmup_requests, spec.warmup_max_s,
                                    seed=spec.seed * 1000 + index * 2 + 1) if spec.warmup_requests else []
    offsets = poisson_schedule(rate, spec.requests, spec.duration_s, seed=spec.seed * 1000 + index * 2)
    warm = PhasePlan(kind="open", cap=cap, schedule=tuple(
        (i, t) for i, t in enumerate(warm_offsets) if i % workers == worker))
    measured = PhasePlan(kind="open", cap=cap, schedule=tuple(
        (i, t) for i, t in enumerate(offsets) if i % workers == worker))
    return warm, measured


def shard_tasks(spec: LoadSpec, level: LoadLevel, index: int, settings: GeneratorSettings,
                keep_text: bool = False) -> list[ShardTask]:
    """One task per worker for ``level`` (the ``index``-th level of the run); ``keep_text``
    brings the streamed text back (for a tokenizer)."""
    workers = settings.workers_for(level, spec.max_tokens)
    if level.max_concurrency is not None:
        workers = min(workers, level.max_concurrency)
    bodies, headers = request_bodies(spec), request_headers(spec)
    tasks = []
    for worker in range(workers):
        if level.kind == "closed":
            warm, measured = _closed_plans(spec, level, workers, worker)
            connections = measured.streams
        else:
            warm, measured = _open_plans(spec, level, workers, worker, index)
            guess = math.ceil((level.rate or 1.0) / workers * 2.0)
            connections = measured.cap or min(_MAX_OPEN_CONNECTIONS, max(1, guess))
        tasks.append(ShardTask(
            worker=worker, level_index=index, endpoint_url=spec.endpoint_url, models_url=spec.models_url,
            headers=headers, bodies=bodies, keep_text=keep_text, warmup=warm, measured=measured,
            warmup_max_s=spec.warmup_max_s, timeout_s=spec.timeout_s, connections=connections,
            lag_interval_s=settings.lag_probe_interval_ms / 1000.0))
    return tasks
