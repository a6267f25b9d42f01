"""What a load run is asked to do: the endpoint, the traffic, the bounds and the SLOs."""

from __future__ import annotations

import math
import os
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from tunecheck.config import SloSpec as SloSpec  # the one SLO model, re-exported for the load generator
from tunecheck.types import Strict as _Strict

EndpointKind = Literal["chat", "completions"]
LoopKind = Literal["closed", "open"]
JsonScalar = str | int | float | bool


class LoadLevel(_Strict):
    """One load level.

    - closed loop (``kind="closed"``): ``concurrency`` streams, each sending its next
      request as soon as the previous one ends;
    - open loop (``kind="open"``): Poisson arrivals at ``rate`` requests/s on a schedule of
      absolute send times computed before the level starts, optionally capped at
      ``max_concurrency`` requests in flight (requests over the cap wait in a client-side
      queue, and that wait is part of their latency timed from the schedule).
    """

    kind: LoopKind
    concurrency: int | None = Field(default=None, ge=1, description="Closed loop: streams.")
    rate: float | None = Field(default=None, gt=0, description="Open loop: requests per second.")
    max_concurrency: int | None = Field(default=None, ge=1, description="Open loop: in-flight cap.")

    @model_validator(mode="after")
    def _check_kind(self) -> LoadLevel:
        if self.kind == "closed":
            if self.concurrency is None or self.rate is not None or self.max_concurrency is not None:
                raise ValueError("a closed-loop level takes 'concurrency' only "
                                 "(no 'rate', no 'max_concurrency')")
        elif self.rate is None or self.concurrency is not None:
            raise ValueError("an open-loop level takes 'rate' (and optionally 'max_concurrency'), "
                             "not 'concurrency'")
        return self

    @classmethod
    def closed(cls, concurrency: int) -> LoadLevel:
        return cls(kind="closed", concurrency=concurrency)

    @classmethod
    def open(cls, rate: float, max_concurrency: int | None = None) -> LoadLevel:
        return cls(kind="open", rate=rate, max_concurrency=max_concurrency)

    @property
    def intensity(self) -> float:
        """The number that orders levels of one kind: streams or requests/s."""
        return float(self.concurrency if self.concurrency is not None else self.rate or 0.0)

    @property
    def label(self) -> str:
        if self.kind == "closed":
            return f"concurrency {self.concurrency}"
        cap = f", max {self.max_concurrency} in flight" if self.max_concurrency else ""
        return f"rate {self.rate:g}/s{cap}"


class LoadSpec(_Strict):
    """The endpoint and traffic of a load run, shared by every level.

    A level ends after ``requests`` measured requests or ``duration_s`` seconds, whichever
    comes first; at least one bound is required. ``timeout_s`` is each request's budget
    counted from its scheduled time (queueing included), so every level ends at most
    ``timeout_s`` after its last scheduled send.
    """

    url: str = Field(description="Server base URL (http://host:port or .../v1) or the full endpoint URL.")
    model: str = Field(min_length=1)
    endpoint: EndpointKind = "chat"
    prompts: tuple[str, ...] = Field(min_length=1)
    max_tokens: int = Field(default=128, ge=1)
    temperature: float = Field(default=0.0, ge=0)
    stream_usage: bool = Field(default=True, description="Send stream_options.include_usage (turn off for "
                                                         "servers that reject it).")
    extra_body: dict[str, JsonScalar] = Field(default_factory=dict,
                                              description="Extra request fields, e.g. ignore_eos.")
    requests: int | None = Field(default=None, ge=1, description="Measured requests per level.")
    duration_s: float | None = Field(default=None, gt=0, description="Measured seconds per level.")
    warmup_requests: int = Field(default=8, ge=0, description="Unmeasured requests at the level first.")
    warmup_max_s: float = Field(default=30.0, gt=0)
    timeout_s: float = Field(default=60.0, gt=0)
    slo: SloSpec = Field(default_factory=lambda: SloSpec(max_error_rate=None))
    seed: int = 0
    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)

    @model_validator(mode="after")
    def _check(self) -> LoadSpec:
        if self.requests is None and self.duration_s is None:
            raise ValueError("a load run needs a bound: set 'requests' and/or 'duration_s'")
        if not self.url.startswith(("http://", "https://")):
            raise ValueError(f"url '{self.url}' must start with http:// or https://")
        return self

    @property
    def endpoint_url(self) -> str:
        """The URL requests are posted to."""
        url = self.url.rstrip("/")
        if url.endswith(("/chat/completions", "/completions")):
            return url
        base = url if url.endswith("/v1") else f"{url}/v1"
        return f"{base}/chat/completions" if self.endpoint == "chat" else f"{base}/completions"

    @property
    def models_url(self) -> str:
        """``/v1/models`` on the same server, used to open connections before a level."""
        endpoint = self.endpoint_url
        return endpoint[: endpoint.rindex("/v1/") + 3] + "/models" if "/v1/" in endpoint else endpoint


class GeneratorSettings(_Strict):
    """How the client spreads work over processes and when it distrusts itself.

    A level is sharded over ``ceil(streams / streams_per_worker)`` or
    ``ceil(expected events/s / events_per_worker_s)`` worker processes, whichever is more,
    up to ``max_workers``. A level is marked client-bound (its numbers are not the
    server's) when a worker's event-loop lag p99, CPU use or dispatch lateness p99 passes
    its limit.
    """

    max_workers: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1), ge=1)
    streams_per_worker: int = Field(default=64, ge=1)
    events_per_worker_s: float = Field(default=2000.0, gt=0)
    loop_lag_p99_limit_ms: float = Field(default=10.0, gt=0)
    cpu_limit: float = Field(default=0.9, gt=0, description="Fraction of one core per worker.")
    dispatch_late_p99_limit_ms: float = Field(default=10.0, gt=0)
    bootstrap_resamples: int = Field(default=1000, ge=100)
    ci_level: float = Field(default=0.95, gt=0.5, lt=1)
    lag_probe_interval_ms: float = Field(default=5.0, gt=0)

    def workers_for(self, level: LoadLevel, max_tokens: int) -> int:
        """Worker processes for ``level``: by streams and by expected stream events/s."""
        if level.kind == "closed":
            streams = level.concurrency or 1
            events = 0.0
        else:
            rate = level.rate or 0.0
            streams = level.max_concurrency or max(1, math.ceil(rate))
            events = rate * (max_tokens + 2)
        by_streams = math.ceil(streams / self.streams_per_worker)
        by_events = math.ceil(events / self.events_per_worker_s)
        wanted = max(1, by_streams, by_events)
        if level.kind == "closed":
            wanted = min(wanted, level.concurrency or 1)
        return min(self.max_workers, wanted)
