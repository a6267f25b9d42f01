"""The mock OpenAI-compatible server itself (see ``tunecheck.load.mock_server``)."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
import time
from collections import deque
from typing import Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

Fault = Literal["none", "http_500", "reset", "cut"]
Endpoint = Literal["chat", "completions"]
_LAG_SAMPLES = 120_000  # ten minutes of 5 ms probes


class MockBehaviour(BaseModel):
    """How the mock answers. Rates are probabilities per request; stall times in seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = "mock-model"
    ttft_ms: float = Field(default=20.0, ge=0)
    ttft_jitter_ms: float = Field(default=0.0, ge=0)
    token_delay_ms: float = Field(default=5.0, ge=0)
    token_jitter_ms: float = Field(default=0.0, ge=0)
    tokens: int = Field(default=16, ge=1)
    tokens_per_chunk: int = Field(default=1, ge=1)
    usage: bool = Field(default=True, description="Send usage when the client asks for it.")
    http_500_rate: float = Field(default=0.0, ge=0, le=1)
    reset_rate: float = Field(default=0.0, ge=0, le=1)
    cut_rate: float = Field(default=0.0, ge=0, le=1)
    stall_start_s: float | None = Field(default=None, ge=0, description="Stall this long after configuring.")
    stall_after_requests: int | None = Field(default=None, ge=0, description="Or when this request arrives.")
    stall_s: float = Field(default=0.0, ge=0)
    seed: int = 0


class ServerRecord(BaseModel):
    """Server-side truth for one request (``time.perf_counter()`` seconds)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    request_id: str | None
    endpoint: Literal["chat", "completions"]
    stream: bool
    fault: Fault
    arrival: float
    first_content: float | None
    end: float | None
    tokens: int


class _Exchange:
    """State of one request being answered."""

    def __init__(self, server: MockServer, request: web.Request, endpoint: Endpoint, body: dict[str, object],
                 arrival: float) -> None:
        self.server, self.request, self.endpoint, self.arrival = server, request, endpoint, arrival
        behaviour = server.behaviour
        asked = body.get("max_tokens")
        self.tokens = behaviour.tokens
        if isinstance(asked, int) and asked > 0:
            self.tokens = min(self.tokens, asked)
        options = body.get("stream_options")
        self.stream = bool(body.get("stream"))
        self.include_usage = (behaviour.usage and isinstance(options, dict)
                              and bool(options.get("include_usage")))
        self.first_content: float | None = None
        self.id = f"mock-{server.counter}"

    def record(self, fault: Fault, end: float | None) -> None:
        self.server.records.append(ServerRecord(
            request_id=self.request.headers.get("x-tunecheck-request")
            or self.request.headers.get("x-request-id"), endpoint=self.endpoint, stream=self.stream,
            fault=fault, arrival=self.arrival, first_content=self.first_content, end=end, tokens=self.tokens))

    def chunk(self, text: str | None, finish: str | None = None, role: bool = False) -> bytes:
        if self.endpoint == "chat":
            delta: dict[str, str] = {"role": "assistant"} if role else {}
            if text is not None:
                delta["content"] = text
            choice: dict[str, object] = {"index": 0, "delta": delta, "finish_reason": finish}
        else:
            choice = {"index": 0, "text": text or "", "finish_reason": finish}
        kind = "chat.completion.chunk" if self.endpoint == "chat" else "text_completion"
        payload = {"id": self.id, "object": kind, "model": self.server.behaviour.model, "choices": [choice]}
        return b"data: " + json.dumps(payload).encode() + b"\n\n"

    def usage(self) -> dict[str, int]:
        return {"prompt_tokens": 8, "completion_tokens": self.tokens, "total_tokens": 8 + self.tokens}


def _abort(request: web.Request) -> None:
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class MockServer:
    """The in-process server: ``await start()`` returns its base URL."""

    def __init__(self, behaviour: MockBehaviour | None = None) -> None:
        self.records: list[ServerRecord] = []
        self.behaviour = behaviour or MockBehaviour()
        self.configure(self.behaviour)
        self._runner: web.AppRunner | None = None
        self._probe: asyncio.Task[None] | None = None

    def configure(self, behaviour: MockBehaviour) -> None:
        """Replace the behaviour, clear the records and restart fault draws and the stall clock."""
        self.behaviour = behaviour
        self.records = []
        self.lags_ms: deque[float] = deque(maxlen=_LAG_SAMPLES)
        self.counter = 0
        self._random = random.Random(behaviour.seed)
        self._configured_at = time.perf_counter()
        self._stall_from: float | None = (None if behaviour.stall_start_s is None
                                          else self._configured_at + behaviour.stall_start_s)

    def _stall_window(self) -> tuple[float, float] | None:
        if self._stall_from is None or self.behaviour.stall_s <= 0:
            return None
        return self._stall_from, self._stall_from + self.behaviour.stall_s

    async def _wait_until(self, due: float) -> float:
        """Sleep until ``due``, pushed past the stall window if it falls in it."""
        while True:
            now = time.perf_counter()
            window = self._stall_window()
            if window is not None and (window[0] <= now < window[1] or window[0] <= due < window[1]):
                due = max(due, window[1])
            if now >= due:
                return due
            await asyncio.sleep(due - now)

    def _draw_fault(self) -> Fault:
        b, u = self.behaviour, self._random.random()
        if u < b.http_500_rate:
            return "http_500"
        if u < b.http_500_rate + b.reset_rate:
            return "reset"
        if u < b.http_500_rate + b.reset_rate + b.cut_rate:
            return "cut"
        return "none"

    def _jitter(self, spread_ms: float) -> float:
        return self._random.uniform(0.0, spread_ms) / 1000.0 if spread_ms > 0 else 0.0

    def _arrive(self) -> None:
        self.counter += 1
        if self.counter == self.behaviour.stall_after_requests:
            self._stall_from = time.perf_counter()

    async def _handle(self, request: web.Request, endpoint: Endpoint) -> web.StreamResponse:
        arrival = time.perf_counter()
        self._arrive()
        body = await request.json()
        exchange = _Exchange(self, request, endpoint, body if isinstance(body, dict) else {}, arrival)
        if isinstance(body, dict) and body.get("model") != self.behaviour.model:
            exchange.record("none", time.perf_counter())
            return web.json_response({"error": {"message": f"model '{body.get('model')}' not found",
                                                "type": "NotFoundError"}}, status=404)
        fault = self._draw_fault()
        ttft = self.behaviour.ttft_ms / 1000.0 + self._jitter(self.behaviour.ttft_jitter_ms)
        if fault == "http_500":
            exchange.record(fault, time.perf_counter())
            return web.json_response({"error": {"message": "injected failure", "type": "server_error"}},
                                     status=500)
        if fault == "reset":
            exchange.record(fault, None)
            _abort(request)
            raise asyncio.CancelledError
        if not exchange.stream:
            return await self._whole(exchange, ttft)
        return await self._stream(exchange, ttft, cut=fault == "cut")

    async def _whole(self, exchange: _Exchange, ttft: float) -> web.Response:
        b = self.behaviour
        due = await self._wait_until(exchange.arrival + ttft)
        for _ in range(exchange.tokens - 1):
            due = await self._wait_until(due + b.token_delay_ms / 1000.0 + self._jitter(b.token_jitter_ms))
        text = "".join(f"tok{i} " for i in range(exchange.tokens))
        message: dict[str, object] = ({"message": {"role": "assistant", "content": text}}
                                      if exchange.endpoint == "chat" else {"text": text})
        exchange.first_content = time.perf_counter()
        exchange.record("none", exchange.first_content)
        return web.json_response({"id": exchange.id, "object": "chat.completion", "model": b.model,
                                  "choices": [{"index": 0, "finish_reason": "length", **message}],
                                  "usage": exchange.usage()})

    async def _stream(self, exchange: _Exchange, ttft: float, cut: bool) -> web.StreamResponse:
        b = self.behaviour
        await self._wait_until(time.perf_counter())  # nothing goes out during a stall, not even headers
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                               "Cache-Control": "no-cache"})
        await response.prepare(exchange.request)
        if exchange.endpoint == "chat":
            await response.write(exchange.chunk(None, role=True))
        due = exchange.arrival + ttft
        sent = 0
        while sent < exchange.tokens:
            due = await self._wait_until(due)
            count = min(b.tokens_per_chunk, exchange.tokens - sent)
            await response.write(exchange.chunk("".join(f"tok{sent + i} " for i in range(count))))
            exchange.first_content = exchange.first_content or time.perf_counter()
            sent += count
            if cut and sent >= exchange.tokens // 2:
                exchange.record("cut", None)
                _abort(exchange.request)
                raise asyncio.CancelledError
            due += count * b.token_delay_ms / 1000.0 + self._jitter(b.token_jitter_ms)
        await response.write(exchange.chunk(None, finish="length"))
        if exchange.include_usage:
            usage = {"id": exchange.id, "object": "chat.completion.chunk", "model": b.model, "choices": [],
                     "usage": exchange.usage()}
            await response.write(b"data: " + json.dumps(usage).encode() + b"\n\n")
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        exchange.record("none", time.perf_counter())
        return response

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "chat")

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "completions")

    async def _models(self, request: web.Request) -> web.Response:
        models = [{"id": self.behaviour.model, "object": "model"}]
        return web.json_response({"object": "list", "data": models})

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    def lag_p99_ms(self) -> float:
        """The server's own event-loop lag p99 since the last ``configure`` (its truth is only as
        good as its loop is punctual: a late loop accepts and stamps requests late)."""
        ordered = sorted(self.lags_ms)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0

    async def _probe_lag(self) -> None:
        interval = 0.005
        while True:
            start = time.perf_counter()
            await asyncio.sleep(interval)
            self.lags_ms.append(max(0.0, time.perf_counter() - start - interval) * 1000.0)

    async def _stats(self, request: web.Request) -> web.Response:
        return web.json_response({"requests": [r.model_dump() for r in self.records],
                                  "lag_p99_ms": self.lag_p99_ms()})

    async def _config(self, request: web.Request) -> web.Response:
        self.configure(MockBehaviour.model_validate(await request.json()))
        return web.json_response({"status": "ok"})

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.post("/v1/chat/completions", self._chat),
                        web.post("/v1/completions", self._completions),
                        web.get("/v1/models", self._models), web.get("/health", self._health),
                        web.get("/_stats", self._stats), web.post("/_config", self._config)])
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (0 picks a free port) and return the base URL."""
        self._probe = asyncio.get_running_loop().create_task(self._probe_lag())
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=1024)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        bound = sockets[0].getsockname()[1] if sockets else port
        return f"http://{host}:{bound}"

    async def stop(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            self._probe = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
