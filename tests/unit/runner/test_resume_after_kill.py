"""A run killed with SIGKILL mid-way resumes without re-sending any completed request.

A small OpenAI-compatible server (in this test process) records every chat request it
completes; ``tunecheck run`` runs in a subprocess against it and is killed with SIGKILL
once some answers are in. The re-run must finish the checklist and send each prompt at
most once more than it was completed before the kill, and only for requests in flight.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

N_ITEMS = 24


def _answer(model: str) -> str:
    return "Queue: billing" if model == "tuned" else "Queue: shipping"


def _project(ticket_project: Callable[[str, str, int], Path], url: str) -> Path:
    spec = f'{{kind: openai, base_url: "{url}", model: %s, endpoint: chat, max_concurrency: 1, max_retries: 0}}'
    return ticket_project(spec % "tuned", spec % "base", N_ITEMS)


def _run(config: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tunecheck.cli", "run", str(config), "--out", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigkill_then_resume_sends_no_completed_request_twice(tmp_path: Path, chat_servers: Callable[..., Any],
                                                             ticket_project: Callable[[str, str, int], Path]) -> None:
    server = chat_servers(_answer)
    config, out = _project(ticket_project, server.url), tmp_path / "run"
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
