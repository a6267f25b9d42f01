"""HTTP for the ``openai`` backend: JSON and server-sent-event requests with retries.

Retried: HTTP 408, 409, 429 and 5xx, timeouts, refused or reset connections and bodies
cut short, streams that end before ``[DONE]`` or a finish reason. Each retry waits a
full-jitter exponential backoff (``uniform(0, min(max, base * 2**attempt))``), or longer
when the server sends ``Retry-After``, up to ``max`` (``backoff_max_s``) either way. A
request still failing after ``max_retries`` retries raises ``RequestFailed``; its message
never contains the API key (server text is redacted whole, before it is cut or formatted).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import aiohttp

from tunecheck.sse import Read, is_done, split_events

JsonObject = dict[str, object]
FailureKind = Literal["connection", "timeout", "status", "protocol"]
Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({408, 409, 429})
_T = TypeVar("_T")


class RequestFailed(Exception):
    """A request that did not succeed (after retries, when the failure was retryable)."""

    def __init__(self, kind: FailureKind, message: str, status: int | None = None, attempts: int = 1) -> None:
        self.kind, self.status, self.attempts = kind, status, attempts
        super().__init__(message)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry."""

    max_retries: int = 4
    base_s: float = 0.5
    max_s: float = 20.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt + 1``: full jitter, at least Retry-After, at most ``max_s``."""
        jitter = rng.uniform(0.0, min(self.max_s, self.base_s * 2.0 ** attempt))
        return min(self.max_s, max(jitter, retry_after or 0.0))


@dataclass(frozen=True)
class StreamEvent:
    """One server-sent event's JSON payload and when it arrived (``time.perf_counter``)."""

    at: float
    payload: JsonObject


@dataclass(frozen=True)
class StreamReply:
    """A streamed response: its events in order, and when the request was sent."""

    started: float
    finished: float
    events: tuple[StreamEvent, ...]


@dataclass
class Transport:
    """Sends requests to one base URL with one session; retries as the policy says."""

    base_url: str
    headers: Callable[[], dict[str, str]]
    timeout_s: float
    policy: RetryPolicy
    redact: Callable[[str], str]
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    session: aiohttp.ClientSession | None = None

    async def open(self, limit: int) -> None:
        connector = aiohttp.TCPConnector(limit=limit)
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        self.session = aiohttp.ClientSession(connector=connector, timeout=timeout)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    async def get_json(self, path: str, *, retries: bool = True) -> JsonObject:
        return await self._retrying(lambda: self._once("GET", path, None), retries)

    async def post_json(self, path: str, payload: JsonObject, *, retries: bool = True) -> JsonObject:
        return await self._retrying(lambda: self._once("POST", path, payload), retries)

    async def post_stream(self, path: str, payload: JsonObject) -> StreamReply:
        return await self._retrying(lambda: self._stream_once(path, payload), True)

    async def _retrying(self, attempt_once: Callable[[], Awaitable[_T]], retries: bool) -> _T:
        attempt = 0
        while True:
            try:
                return await attempt_once()
            except _Retryable as exc:
                if not retries or attempt >= self.policy.max_retries:
                    raise RequestFailed(exc.kind, self.redact(f"{exc} (after {attempt + 1} attempts)"),
                                        exc.status, attempt + 1) from None
                await self.sleep(self.policy.delay(attempt, exc.retry_after, self.rng))
                attempt += 1

    async def _once(self, method: str, path: str, payload: JsonObject | None) -> JsonObject:
        assert self.session is not None, "Transport.open() was not awaited"
        try:
            url, headers = self._url(path), self.headers()
            async with self.session.request(method, url, json=payload, headers=headers) as resp:
                await self._check(resp, method, path)
                body = await resp.json(content_type=None)
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, ConnectionError) as exc:
            message = self.redact(f"{method} {path}: connection failed: {_describe(exc)}")
            raise _Retryable("connection", message) from None
        except asyncio.TimeoutError:
            raise _Retryable("timeout", f"{method} {path}: no answer within {self.timeout_s:g} s") from None
        except (json.JSONDecodeError, aiohttp.ContentTypeError) as exc:
            message = self.redact(f"{method} {path}: answer is not JSON: {exc}")
            raise RequestFailed("protocol", message) from None
        if not isinstance(body, dict):
            raise RequestFailed("protocol", f"{method} {path}: answer is not a JSON object")
        return body

    async def _stream_once(self, path: str, payload: JsonObject) -> StreamReply:
        assert self.session is not None, "Transport.open() was not awaited"
        started = time.perf_counter()
        reads: list[Read] = []
        try:
            async with self.session.post(self._url(path), json=payload, headers=self.headers()) as resp:
                await self._check(resp, "POST", path)
                async for chunk in resp.content.iter_any():  # one socket read, timed as the load generator times it
                    reads.append((time.perf_counter(), chunk))
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, ConnectionError) as exc:
            raise _Retryable("connection", self.redact(f"POST {path}: stream broken: {_describe(exc)}")) from None
        except asyncio.TimeoutError:
            raise _Retryable("timeout", f"POST {path}: stream unfinished at {self.timeout_s:g} s") from None
        events, done = _events(reads)
        if not done and not any(_finish_reason(e.payload) for e in events):
            raise _Retryable("protocol", f"POST {path}: the stream ended after {len(events)} events without "
                                         "[DONE] or a finish reason (cut short)")
        return StreamReply(started, time.perf_counter(), tuple(events))

    async def _check(self, resp: aiohttp.ClientResponse, method: str, path: str) -> None:
        if resp.status < 400:
            return
        detail = _shorten(self.redact(await resp.text(errors="replace")))
        message = f"{method} {path}: HTTP {resp.status}" + (f": {detail}" if detail else "")
        if resp.status in RETRY_STATUSES or resp.status >= 500:
            raise _Retryable("status", message, resp.status, _retry_after(resp.headers.get("Retry-After")))
        raise RequestFailed("status", message, resp.status)

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


class _Retryable(Exception):
    def __init__(self, kind: FailureKind, message: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        self.kind, self.status, self.retry_after = kind, status, retry_after
        super().__init__(message)


def _events(reads: list[Read]) -> tuple[list[StreamEvent], bool]:
    """The JSON events up to ``[DONE]`` (each timed at the read that completed it) and whether it came."""
    events: list[StreamEvent] = []
    for event in split_events(reads):
        if is_done(event):
            return events, True
        try:
            payload = json.loads(event.data)
        except json.JSONDecodeError:
            continue
        if isinstance(payload, dict):
            events.append(StreamEvent(event.at, payload))
    return events, False


def _finish_reason(payload: JsonObject) -> bool:
    choices = payload.get("choices")
    return isinstance(choices, list) and any(isinstance(c, dict) and c.get("finish_reason") for c in choices)


def _shorten(text: str, limit: int = 300) -> str:
    """Server text as one short line (cut after redaction, never before)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
