"""``tunecheck load`` under hostile input and signals: exit codes, messages, and no traffic after a stop.

The signal tests run the real command in a child process against the mock server (127.0.0.1,
bounded request counts) and read the server's own arrival times (``time.perf_counter``, one
clock for every process on Linux).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tunecheck.cli import app, main  # noqa: F401 - main registers `load`
from tunecheck.load import RESULT_FILE, read_result
from tunecheck.load.mock_server import MockBehaviour, MockServerProcess

ROOT = Path(__file__).resolve().parents[3]


def _invoke(*args: str) -> tuple[int, str]:
    from tunecheck.cli import _register_load

    _register_load()
    result = CliRunner().invoke(app, ["load", *args, "--lag-limit-ms", "1000"], env={"COLUMNS": "400"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_an_ftp_url_is_a_usage_error_naming_the_url(tmp_path: Path) -> None:
    code, output = _invoke("ftp://127.0.0.1/x", "--model", "m", "--out", str(tmp_path), "--concurrency", "1",
                           "--requests", "1")
    assert code == 2 and "must start with http:// or https://" in output and "URL" in output


@pytest.mark.parametrize(("name", "content", "message"), [
    ("p.jsonl", b'{"prompt": "a"}\n{"prompt": \n', "p.jsonl:2: not valid JSON"),
    ("p.jsonl", b'{"prompt": "a"}\n["b"]\n', "p.jsonl:2: each line needs a string 'prompt' key"),
    ("p.txt", b"first\nsecond \xff\n", "p.txt:2: not UTF-8 text"),
])
def test_a_broken_prompts_file_is_a_usage_error_naming_file_and_line(tmp_path: Path, name: str, content: bytes,
                                                                      message: str) -> None:
    (tmp_path / name).write_bytes(content)
    code, output = _invoke("http://127.0.0.1:9", "--model", "m", "--out", str(tmp_path), "--concurrency", "1",
                           "--requests", "1", "--prompts", str(tmp_path / name))
    assert code == 2, output
    assert message in output


def test_every_request_failing_exits_1_even_without_an_slo(mock: MockServerProcess, tmp_path: Path) -> None:
    mock.configure(MockBehaviour(ttft_ms=1, token_delay_ms=1, tokens=2, http_500_rate=1.0))
    code, output = _invoke(mock.url, "--model", "mock-model", "--concurrency", "2", "--requests", "10",
                           "--warmup", "0", "--out", str(tmp_path))
    assert code == 1, output
    assert "every request failed (http_500 x10)" in " ".join(output.split())
    assert (tmp_path / RESULT_FILE).exists()


def _start_load(url: str, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    # Level 1: 30 requests at 60/s (0.5 s); level 2: 30 more at 3/s (10 s), interrupted a second in.
    command = [sys.executable, "-m", "tunecheck.cli", "load", url, "--model", "mock-model", "--rate", "60,3",
               "--max-concurrency", "4", "--requests", "30", "--warmup", "1", "--out", str(out),
               "--lag-limit-ms", "1000", "--workers", "2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_second_level(process: subprocess.Popen[bytes], mock: MockServerProcess) -> list[bytes]:
    """Block until level 2 sends measured traffic; returns the stderr lines read so far (a thread keeps reading)."""
    lines: list[bytes] = []
    started = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if line.startswith(b"level 2:"):
                started.set()

    threading.Thread(target=read, daemon=True).start()
    assert started.wait(60), b"".join(lines).decode()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if sum(1 for r in mock.stats() if r.arrival > time.perf_counter() - 1.5) >= 2:
            return lines
        time.sleep(0.1)
    raise AssertionError("level 2 sent no measured traffic")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_every_worker_within_2_s_and_writes_the_finished_levels(
        mock: MockServerProcess, tmp_path: Path, signum: int, code: int) -> None:
    mock.configure(MockBehaviour(ttft_ms=5, token_delay_ms=2, tokens=4))
    process = _start_load(mock.url, tmp_path)
    try:
        lines = _wait_for_second_level(process, mock)
        stopped_at = time.perf_counter()
        process.send_signal(signum)
        process.wait(timeout=10)
        exited_after = time.perf_counter() - stopped_at
        time.sleep(0.2)  # the reader thread takes the last lines
        stderr = b"".join(lines)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, stderr.decode()
    assert exited_after < 2.0, f"exited {exited_after:.2f} s after the signal"
    assert b"Traceback" not in stderr and b"interrupted: every worker stopped" in stderr
    time.sleep(2.5)  # a worker left behind would keep sending now
    late = [r for r in mock.stats() if r.arrival > stopped_at + 2.0]
    assert late == [], f"{len(late)} requests reached the server more than 2 s after the signal"
    result = read_result(tmp_path / RESULT_FILE)
    assert [level.level.rate for level in result.levels] == [60.0]  # the finished level is kept
