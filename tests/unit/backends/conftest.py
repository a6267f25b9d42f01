"""Fixtures for the backend tests.

``mock_openai``: an OpenAI-compatible server in this process, on 127.0.0.1, scripted by each test.

Its "model" is a toy: text is split into whitespace-led words (the tokens), the reply to a
prompt is `` n<prompt length>``, and a token's log-probability depends only on the token
(``logprob_of``), so echoed prompt logprobs agree with generated ones. A token
with an upper-case letter is never the argmax (its top_logprobs holds a better "x").
Failures are scripted in a queue consumed by the next POST requests.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from tunecheck.config import OpenAISpec


@dataclass(frozen=True)
class Fail:
    """Answer with this HTTP status (and optional Retry-After seconds)."""

    status: int
    retry_after: float | None = None
    body: str = "scripted failure"


@dataclass(frozen=True)
class Stall:
    """Sleep this long before answering normally (longer than the client's timeout: a timeout)."""

    seconds: float


@dataclass(frozen=True)
class Reset:
    """Drop the connection without answering."""


@dataclass(frozen=True)
class Cut:
    """Stream two tokens, then end the response cleanly with neither a finish reason nor ``[DONE]``."""


Action = Fail | Stall | Reset | Cut


@dataclass(frozen=True)
class Seen:
    path: str
    body: dict[str, object]
    authorization: str | None


def tokens_of(text: str) -> list[str]:
    return re.findall(r"\s*\S+", text)


def logprob_of(token: str) -> float:
    word = token.strip()
    return -0.1 - len(word) / 10 - sum(map(ord, word)) % 7 / 100


def reply_to(prompt: str) -> str:
    return f" n{len(prompt)}"


@dataclass
class MockOpenAI:
    """The server; ``script`` holds actions for the next POSTs, ``always`` applies to every POST."""

    script: list[Action] = field(default_factory=list)
    always: Action | None = None
    shifted_echo: bool = False
    reject_logprobs: bool = False
    delays: dict[str, float] = field(default_factory=dict)
    stream_gap_s: float = 0.02
    tokens_per_write: int = 1
    echo_authorization: bool = False
    seen: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    port: int = 0

    Fail = Fail
    Stall = Stall
    Reset = Reset
    Cut = Cut
    tokens_of = staticmethod(tokens_of)
    logprob_of = staticmethod(logprob_of)
    reply_to = staticmethod(reply_to)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def posts(self, path: str | None = None) -> list[Seen]:
        return [s for s in self.seen if s.path != "/v1/models" and (path is None or s.path == path)]

    def spec(self, **overrides: object) -> OpenAISpec:
        values: dict[str, object] = {"base_url": self.base_url, "model": "mock", "max_retries": 3,
                                     "backoff_base_s": 0.01, "backoff_max_s": 0.05, "timeout_s": 2.0}
        values.update(overrides)
        return OpenAISpec.model_validate(values)

    # --- serving -------------------------------------------------------------------------
    async def _models(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(Seen(request.path, {}, request.headers.get("Authorization")))
        return web.json_response({"object": "list", "data": [{"id": "mock", "object": "model"}]})

    async def _post(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.seen.append(Seen(request.path, body, request.headers.get("Authorization")))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            action = self.script.pop(0) if self.script else self.always
            if isinstance(action, Reset):
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=500)
            if isinstance(action, Fail):
                headers = {"Retry-After": str(action.retry_after)} if action.retry_after is not None else {}
                auth = f" auth={request.headers.get('Authorization')}" if self.echo_authorization else ""
                text = action.body + auth
                return web.Response(status=action.status, text=text, headers=headers)
            if self.reject_logprobs and body.get("logprobs"):
                return web.Response(status=400, text="logprobs are not supported")
            if isinstance(action, Stall):
                await asyncio.sleep(action.seconds)
            prompt = _prompt_of(body)
            await asyncio.sleep(self.delays.get(prompt, 0.0))
            if body.get("stream"):
                return await self._stream(request, body, prompt, cut=isinstance(action, Cut))
            return web.json_response(self._answer(request.path, body, prompt))
        finally:
            self.in_flight -= 1

    def _answer(self, path: str, body: dict[str, object], prompt: str) -> dict[str, object]:
        text = reply_to(prompt)
        generated = tokens_of(text)
        usage = {"prompt_tokens": len(tokens_of(prompt)), "completion_tokens": len(generated)}
        if path.endswith("/chat/completions"):
            choice: dict[str, object] = {"index": 0, "message": {"role": "assistant", "content": text},
                                         "finish_reason": "stop"}
            if body.get("logprobs"):
                choice["logprobs"] = {"content": [{"token": t, "logprob": logprob_of(t)} for t in generated]}
            return {"choices": [choice], "usage": usage}
        choice = {"index": 0, "text": (prompt if body.get("echo") else "") + text, "finish_reason": "stop"}
        if body.get("logprobs"):
            choice["logprobs"] = self._logprobs(prompt, generated, bool(body.get("echo")))
        return {"choices": [choice], "usage": usage}

    def _logprobs(self, prompt: str, generated: list[str], echo: bool) -> dict[str, object]:
        tokens = (tokens_of(prompt) if echo else []) + generated
        start = 0 if echo else len(prompt)
        offsets, position = [], start
        for token in tokens:
            offsets.append(position)
            position += len(token)
        values: list[float | None] = [logprob_of(t) for t in tokens]
        if self.shifted_echo and echo:
            values = [*values[1:], -9.0]
        tops: list[dict[str, float] | None] = [
            {t: v, "x": v + 1.0} if any(c.isupper() for c in t) else {t: v}
            for t, v in zip(tokens, values, strict=True)
        ]
        if echo:
            values[0], tops[0] = None, None
        return {"tokens": tokens, "text_offset": offsets, "token_logprobs": values, "top_logprobs": tops}

    async def _stream(self, request: web.Request, body: dict[str, object], prompt: str,
                      cut: bool = False) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        chat = request.path.endswith("/chat/completions")
        generated = [*tokens_of(reply_to(prompt)), " end", " ok"]
        sent = generated[:2] if cut else generated
        for start in range(0, len(sent), self.tokens_per_write):
            await asyncio.sleep(self.stream_gap_s)
            choices = [{"index": 0, "delta": {"content": token}} if chat else {"index": 0, "text": token}
                       for token in sent[start:start + self.tokens_per_write]]
            await response.write("".join(f"data: {json.dumps({'choices': [c]})}\n\n" for c in choices).encode())
        if cut:
            await response.write_eof()
            return response
        final = {"choices": [{"index": 0, "delta": {}, "text": "", "finish_reason": "stop"}]}
        usage = {"choices": [], "usage": {"prompt_tokens": len(tokens_of(prompt)),
                                          "completion_tokens": len(generated)}}
        for event in (json.dumps(final), json.dumps(usage), "[DONE]"):
            await response.write(f"data: {event}\n\n".encode())
        await response.write_eof()
        return response

    # --- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/completions", self._post)
        app.router.add_post("/v1/chat/completions", self._post)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


def _prompt_of(body: dict[str, object]) -> str:
    if "messages" in body:
        messages = body["messages"]
        assert isinstance(messages, list)
        return str(messages[-1]["content"])
    return str(body.get("prompt", ""))


@pytest.fixture
def mock_openai() -> Iterator[MockOpenAI]:
    server = MockOpenAI()
    server.start()
    yield server
    server.stop()
