"""Fixtures for the runner tests.

``chat_servers``: starts OpenAI-compatible chat servers in this process (each on its own
port of 127.0.0.1, in a thread), which answer after a delay and record every completed
request except the backend's start-up probe; ``ticket_project`` writes a run file whose
task check classifies support tickets, for ``tunecheck run`` to run against them.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web

PROBE_PROMPT = "The capital of France is"  # the openai backend's start-up probe
Answer = Callable[[str], str]  # served model name -> reply


class ChatServer:
    """Answers chat completions after ``delay_s`` and records the completed ones as (model, prompt).

    With ``hold_after=k``, every request after the first ``k`` completed ones waits until
    :meth:`release` (a run that cannot finish before the test lets it).
    """

    def __init__(self, answer: Answer, models: tuple[str, ...], delay_s: float, hold_after: int | None = None) -> None:
        self.answer, self.models, self.delay_s = answer, models, delay_s
        self.hold_after = hold_after
        self._released = threading.Event()
        self.completed: list[tuple[str, str]] = []
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(self.delay_s)
        while self.hold_after is not None and len(self.completed) >= self.hold_after and not self._released.is_set():
            await asyncio.sleep(0.02)
        prompt = body["messages"][-1]["content"]
        if prompt != PROBE_PROMPT:
            self.completed.append((body["model"], prompt))
        message = {"role": "assistant", "content": self.answer(body["model"])}
        return web.json_response({"id": "x", "object": "chat.completion", "model": body["model"],
                                  "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
                                  "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}})

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": m, "created": 1} for m in self.models]})

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/v1"
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> ChatServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def release(self) -> None:
        self._released.set()

    def stop(self) -> None:
        self._released.set()
        self._loop.call_soon_threadsafe(self._loop.stop)


@pytest.fixture()
def chat_servers() -> Iterator[Callable[..., ChatServer]]:
    started: list[ChatServer] = []

    def start(answer: Answer, models: tuple[str, ...] = ("tuned", "base"), delay_s: float = 0.15,
              hold_after: int | None = None) -> ChatServer:
        started.append(ChatServer(answer, models, delay_s, hold_after).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


def ticket_rows(n: int) -> list[dict[str, str]]:
    return [{"id": f"s{i}", "category": "billing", "message": f"ticket number {i}", "queue": "billing"}
            for i in range(n)]


@pytest.fixture()
def ticket_project(tmp_path: Path) -> Callable[..., Path]:
    """``ticket_project(candidate, baseline, n, top="", gates="")``: a run file over ``n`` billing
    tickets; ``candidate`` and ``baseline`` are backend specs in YAML flow style, ``top`` more
    top-level lines, ``gates`` the task check's ``gates`` (flow style)."""

    def write(candidate: str, baseline: str, n: int, top: str = "", gates: str = "") -> Path:
        (tmp_path / "test.jsonl").write_text("\n".join(json.dumps(r) for r in ticket_rows(n)))
        config = tmp_path / "run.yaml"
        config.write_text(f"""\
version: 1
candidate: {candidate}
baseline: {baseline}
policy: {{n_resamples: 1000}}
{top}
checks:
  task:
    dataset: {{path: test.jsonl}}
    prompt: "{{message}}"
    outputs:
      - {{name: queue, extract: {{kind: regex, pattern: "Queue: (\\\\w+)"}}, reference: queue,
         labels: [billing, shipping], metrics: [accuracy]}}
    {f"gates: {gates}" if gates else ""}
""")
        return config

    return write
