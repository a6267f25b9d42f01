"""One streaming request, timed at every socket read (runs inside a worker's event loop)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Mapping
from dataclasses import replace

import aiohttp

from tunecheck._redact import bearer_secret, redact
from tunecheck.load._sse import parse_stream
from tunecheck.load._wire import ErrorKind, Outcome

_RESET_ERRORS = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, ConnectionResetError)


def _classify(exc: BaseException, status: int | None) -> ErrorKind:
    """timeout; stream_cut once a 200 response has started; connection_reset before it."""
    if isinstance(exc, asyncio.TimeoutError):
        return "timeout"
    if status == 200:
        return "stream_cut"
    if isinstance(exc, _RESET_ERRORS):
        return "connection_reset"
    return "other"


def set_nodelay(response: aiohttp.ClientResponse) -> None:
    """Turn on TCP_NODELAY for the connection behind ``response`` (no Nagle delay)."""
    connection = response.connection
    transport = connection.transport if connection is not None else None
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class RequestContext:
    """Everything a request needs that does not change between requests of a phase."""

    def __init__(self, session: aiohttp.ClientSession, url: str, headers: Mapping[str, str],
                 bodies: tuple[bytes, ...], timeout_s: float, tag: str) -> None:
        self.session, self.url, self.headers = session, url, dict(headers)
        self.bodies, self.timeout_s, self.tag = bodies, timeout_s, tag
        self.secret = bearer_secret(self.headers)


async def send(ctx: RequestContext, index: int, scheduled: float, eligible: float) -> Outcome:
    """Send request ``index`` now; its budget is ``timeout_s`` from ``scheduled``."""
    prompt_index = index % len(ctx.bodies)
    sent = time.perf_counter()
    remaining = scheduled + ctx.timeout_s - sent
    if remaining <= 0:
        return Outcome(index, prompt_index, scheduled, eligible, None, sent, None, None, "timeout",
                       "timed out in the client queue before it could be sent")
    reads: list[tuple[float, bytes]] = []
    status: int | None = None
    # Not `x-request-id`: servers such as llama-cpp-python's reject ids that are not UUIDs (HTTP 400).
    headers = {**ctx.headers, "x-tunecheck-request": f"{ctx.tag}-{index}"}
    try:
        timeout = aiohttp.ClientTimeout(total=remaining)
        async with ctx.session.post(ctx.url, data=ctx.bodies[prompt_index], headers=headers,
                                    timeout=timeout) as response:
            status = response.status
            if status != 200:
                body = await response.read()
                end = time.perf_counter()
                detail = redact(body.decode("utf-8", errors="replace"), ctx.secret)[:300]
                return Outcome(index, prompt_index, scheduled, eligible, sent, end, end, status, "http", detail)
            async for data in response.content.iter_any():
                reads.append((time.perf_counter(), data))
        end = time.perf_counter()
    except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:
        end = time.perf_counter()
        kind = _classify(exc, status)
        first = reads[0][0] if reads else None
        return Outcome(index, prompt_index, scheduled, eligible, sent, end, first, status, kind,
                       redact(f"{type(exc).__name__}: {exc}", ctx.secret)[:300], tuple(reads))
    first = reads[0][0] if reads else None
    return Outcome(index, prompt_index, scheduled, eligible, sent, end, first, status, None, None,
                   tuple(reads))


def finalize(outcome: Outcome, keep_text: bool = False, secret: str | None = None) -> Outcome:
    """Parse the raw reads of ``outcome`` (after its phase) and judge the stream (``secret`` redacted)."""
    if not outcome.reads:
        return outcome
    stream = parse_stream(outcome.reads, keep_text)
    kind, detail = outcome.error_kind, outcome.error_detail
    if kind is None and stream.error_message is not None:
        kind, detail = "other", redact(f"error event in stream: {stream.error_message}", secret)[:300]
    elif kind is None and not stream.done:
        kind, detail = "stream_cut", "stream ended without [DONE]"
    return replace(outcome, reads=(), stream=stream, error_kind=kind, error_detail=detail)
