"""Replicas of one deployment behind the ``openai`` backend: least-loaded routing with failover.

``ReplicaTransport`` offers the methods of one ``Transport`` (``get_json``, ``post_json``,
``post_stream``) over several. Each request goes to the replica with the fewest requests in
flight (ties rotate); a replica that fails it (refused or reset connection, timeout, a cut
stream, HTTP 408/409/429/5xx) hands it to another at once, and one that refused a
connection is passed over for ``cooldown_s``. Only when every replica has failed a request
does it wait a backoff (the backend's retry policy) before the next round; after
``max_retries`` such waits the last failure is raised. A request the server rejects
(another 4xx) is not retried anywhere: every replica would reject it.

Before a run, ``each`` asks every replica, and ``same_served`` checks they all serve the
same model (their ``/models`` entries agree), so no answer comes from a stranger.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from tunecheck.backends._openai_http import (
    RETRY_STATUSES,
    JsonObject,
    RequestFailed,
    RetryPolicy,
    Sleep,
    StreamReply,
    Transport,
)

_T = TypeVar("_T")
Clock = Callable[[], float]


@dataclass
class Replica:
    """One replica's transport and what routing knows about it."""

    transport: Transport
    in_flight: int = 0
    served: int = 0
    failed: int = 0
    down_until: float = 0.0

    @property
    def url(self) -> str:
        return self.transport.base_url


@dataclass
class ReplicaTransport:
    """Several ``Transport``s (one attempt each) behind one transport's interface."""

    replicas: list[Replica]
    policy: RetryPolicy
    cooldown_s: float = 2.0
    sleep: Sleep = asyncio.sleep
    clock: Clock = time.monotonic
    rng: random.Random = field(default_factory=random.Random)
    _turn: int = 0

    @classmethod
    def over(cls, transports: Sequence[Transport], policy: RetryPolicy) -> ReplicaTransport:
        return cls([Replica(t) for t in transports], policy)

    @property
    def base_url(self) -> str:
        return self.replicas[0].url

    async def open(self, limit: int) -> None:
        for replica in self.replicas:
            await replica.transport.open(limit)

    async def close(self) -> None:
        for replica in self.replicas:
            await replica.transport.close()

    async def get_json(self, path: str, *, retries: bool = True) -> JsonObject:
        return await self._routed(lambda t: t.get_json(path, retries=False), retries)

    async def post_json(self, path: str, payload: JsonObject, *, retries: bool = True) -> JsonObject:
        return await self._routed(lambda t: t.post_json(path, payload, retries=False), retries)

    async def post_stream(self, path: str, payload: JsonObject) -> StreamReply:
        return await self._routed(lambda t: t.post_stream(path, payload), True)

    async def each(self, path: str) -> list[tuple[str, JsonObject]]:
        """``GET path`` from every replica (with the policy's retries), as ``(url, body)``."""
        bodies: list[tuple[str, JsonObject]] = []
        for replica in self.replicas:
            try:
                bodies.append((replica.url, await replica.transport.get_json(path)))
            except RequestFailed as exc:
                raise RequestFailed(exc.kind, f"replica {replica.url}: {exc}", exc.status, exc.attempts) from None
        return bodies

    async def _routed(self, send: Callable[[Transport], Awaitable[_T]], retries: bool) -> _T:
        rounds = 0
        tried: set[int] = set()
        while True:
            index = self._pick(tried)
            replica = self.replicas[index]
            replica.in_flight += 1
            try:
                result = await send(replica.transport)
            except RequestFailed as exc:
                if not _fails_over(exc):
                    raise
                self._note_failure(replica, exc)
                tried.add(index)
                if len(tried) < len(self.replicas):
                    continue
                if not retries or rounds >= self.policy.max_retries:
                    raise RequestFailed(exc.kind, f"every replica failed ({len(self.replicas)} replicas, "
                                        f"{rounds + 1} rounds); last, {replica.url}: {exc}", exc.status,
                                        (rounds + 1) * len(self.replicas)) from None
                await self.sleep(self.policy.delay(rounds, None, self.rng))
                rounds += 1
                tried.clear()
                continue
            finally:
                replica.in_flight -= 1
            replica.served += 1
            return result

    def _pick(self, tried: set[int]) -> int:
        """The least-loaded replica not yet tried for this request, preferring those not cooling down."""
        now = self.clock()
        candidates = [i for i in range(len(self.replicas)) if i not in tried]
        up = [i for i in candidates if self.replicas[i].down_until <= now] or candidates
        self._turn = (self._turn + 1) % len(self.replicas)
        return min(up, key=lambda i: (self.replicas[i].in_flight, (i - self._turn) % len(self.replicas)))

    def _note_failure(self, replica: Replica, exc: RequestFailed) -> None:
        replica.failed += 1
        if exc.kind in ("connection", "timeout"):
            replica.down_until = self.clock() + self.cooldown_s


def same_served(entries: Sequence[tuple[str, tuple[tuple[str, str], ...]]]) -> tuple[tuple[str, str], ...]:
    """The one ``/models`` entry every replica reports; a ``ValueError`` naming two that differ."""
    first_url, first = entries[0]
    for url, entry in entries[1:]:
        if entry != first:
            raise ValueError(f"the replicas do not serve the same model: {first_url} reports "
                             f"{dict(first).get('served')} and {url} reports {dict(entry).get('served')}; list "
                             "replicas of one deployment only (same model, same weights)")
    return first


def _fails_over(exc: RequestFailed) -> bool:
    """Whether another replica may succeed where this one failed."""
    if exc.kind in ("connection", "timeout", "protocol"):
        return True
    return exc.status is not None and (exc.status in RETRY_STATUSES or exc.status >= 500)
