"""One writer per run directory: a second process exits 1 at once; a crashed holder's lock is taken over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tunecheck.errors import RunLockedError
from tunecheck.runner._lock import LOCK_NAME, RunLock

N_ITEMS = 12


def _cli_run(config: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tunecheck.cli", "run", str(config), "--out", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_second_run_on_the_directory_exits_at_once_and_nothing_is_sent_twice(
        tmp_path: Path, chat_servers: Callable[..., Any], ticket_project: Callable[[str, str, int], Path]) -> None:
    # the server holds every request after the first until the second process has been refused,
    # so the first run is still running when the second starts, however slow the machine
    server = chat_servers(lambda model: "Queue: billing" if model == "tuned" else "Queue: shipping", delay_s=0.05,
                          hold_after=1)
    spec = f'{{kind: openai, base_url: "{server.url}", model: %s, endpoint: chat, max_concurrency: 1}}'
    config, out = ticket_project(spec % "tuned", spec % "base", N_ITEMS), tmp_path / "run"
    first = _cli_run(config, out)
    deadline = time.monotonic() + 120
    while not server.completed and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    second = _cli_run(config, out)
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 1, stderr.decode()
    message = " ".join(stderr.decode().split())
    assert f"is in use by process {first.pid}" in message and "--out" in message
    assert time.monotonic() - started < 30
    assert len(server.completed) < 2 * N_ITEMS, "the second process was refused while the first still ran"
    server.release()
    _, stderr = first.communicate(timeout=300)
    assert first.returncode in (0, 10, 20), stderr.decode()
    sent = Counter(server.completed)
    assert len(sent) == 2 * N_ITEMS and set(sent.values()) == {1}, "every request reached the server once"
    assert json.loads((out / "report.json").read_text())["checks"]["task"]["measurements"][0]["n"] == N_ITEMS


def test_a_crashed_holders_lock_is_taken_over(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from tunecheck.runner._lock import RunLock
        RunLock(Path({str(run_dir)!r})).acquire()
        print("held", flush=True)
        time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(RunLockedError, match=f"in use by process {holder.pid}, running since"):
        RunLock(run_dir).acquire()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with RunLock(run_dir):
        assert json.loads((run_dir / LOCK_NAME).read_text())["pid"] == os.getpid()
        with pytest.raises(RunLockedError, match=f"process {os.getpid()}"):
            RunLock(run_dir).acquire()  # a second lock in one process is refused too (flock per open file)
    with RunLock(run_dir):
        pass
