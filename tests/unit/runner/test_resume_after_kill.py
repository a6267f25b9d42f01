"""A run killed with SIGKILL mid-way resumes without re-sending any completed request.

A small OpenAI-compatible server (in this test process) records every chat request it
completes; ``tunecheck run`` runs in a subprocess against it and is killed with SIGKILL
once some answers are in. The re-run must finish the checklist and send each prompt at
most once more than it was completed before the kill, and only for requests in flight.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

N_ITEMS = 24


class RecordingServer:
    """Answers chat completions after a delay and records the completed ones."""

    def __init__(self) -> None:
        self.completed: list[tuple[str, str]] = []
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(0.15)
        prompt = body["messages"][-1]["content"]
        text = "Queue: billing" if body["model"] == "tuned" else "Queue: shipping"
        if prompt.startswith("ticket number"):  # not the backend's start-up capability probe
            self.completed.append((body["model"], prompt))
        return web.json_response({"id": "x", "object": "chat.completion", "model": body["model"],
                                  "choices": [{"index": 0, "finish_reason": "stop",
                                               "message": {"role": "assistant", "content": text}}],
                                  "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}})

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": "tuned"}, {"id": "base"}]})

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

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as recording:
        yield recording


def _project(tmp_path: Path, url: str) -> Path:
    rows = [{"id": f"s{i}", "category": "billing", "message": f"ticket number {i}", "queue": "billing"}
            for i in range(N_ITEMS)]
    (tmp_path / "test.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    config = tmp_path / "run.yaml"
    config.write_text(f"""\
version: 1
candidate: {{kind: openai, base_url: "{url}", model: tuned, endpoint: chat, max_concurrency: 1, max_retries: 0}}
baseline: {{kind: openai, base_url: "{url}", model: base, endpoint: chat, max_concurrency: 1, max_retries: 0}}
policy: {{n_resamples: 1000}}
checks:
  task:
    dataset: {{path: test.jsonl}}
    prompt: "{{message}}"
    outputs:
      - {{name: queue, extract: {{kind: regex, pattern: "Queue: (\\\\w+)"}}, reference: queue,
         labels: [billing, shipping], metrics: [accuracy]}}
""")
    return config


def _run(config: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tunecheck.cli", "run", str(config), "--out", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigkill_then_resume_sends_no_completed_request_twice(tmp_path: Path, server: RecordingServer) -> None:
    config, out = _project(tmp_path, server.url), tmp_path / "run"
    first = _run(config, out)
    deadline = time.monotonic() + 120
    while len(server.completed) < N_ITEMS // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    before = Counter(server.completed)
    assert 0 < sum(before.values()) < 2 * N_ITEMS, "the kill came mid-run"
    second = _run(config, out)
    _, stderr = second.communicate(timeout=300)
    assert second.returncode in (0, 10, 20), stderr.decode()
    after = Counter(server.completed)
    resent = {key: after[key] - 1 for key in before if after[key] > 1}
    assert sum(resent.values()) <= 1, f"completed requests sent again: {resent}"  # at most the one in flight
    assert {model for model, _ in after} == {"tuned", "base"}
    assert sum(1 for key in after if key[0] == "tuned") == N_ITEMS
    report = json.loads((out / "report.json").read_text())
    assert report["checks"]["task"]["measurements"][0]["n"] == N_ITEMS
