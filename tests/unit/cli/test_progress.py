"""Progress in a CI log: one line per phase with its count and rate, however many tasks a check starts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from rich.console import Console

from tunecheck.backends import FakeScript, Generation, GenerationRequest
from tunecheck.cli._progress import LineProgress, RichProgress, console_progress
from tunecheck.testing import fake_config, fake_session, run_check

LINE = re.compile(r"^[a-z]+: [\w .:-]+: \d+( of \d+)? in \d+\.\d s \((\d+\.\d/s|-)\)$")
LATENCY_REQUESTS = 47


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _answer(request: GenerationRequest) -> Generation:
    times = tuple(0.05 + 0.02 * i for i in range(6))
    return Generation(text="Queue: billing", output_tokens=6, ttft_s=times[0], e2e_s=times[-1], token_times_s=times)


def test_a_scripted_run_prints_one_line_per_phase_not_one_per_request(tmp_path: Path) -> None:
    data = tmp_path / "test.jsonl"
    data.write_text("\n".join(json.dumps({"id": f"t{i}", "message": f"m {i}", "queue": "billing"})
                              for i in range(40)))
    task = {"dataset": {"path": str(data)}, "prompt": "{message}",
            "outputs": [{"name": "queue", "extract": {"kind": "regex", "pattern": r"Queue: (\w+)"},
                         "reference": "queue", "labels": ["billing", "shipping"], "metrics": ["accuracy"]}]}
    config = fake_config({"task": task, "latency": {"requests": LATENCY_REQUESTS, "warmup": 2}})
    session = fake_session(config, candidate=FakeScript(_answer), baseline=FakeScript(_answer), run_dir=tmp_path)
    lines: list[str] = []
    progress = LineProgress(lines.append)
    session.progress = progress
    for check in ("task", "latency"):
        run_check(check, session)
    progress.stop()
    assert lines == [line for line in lines if LINE.match(line)], lines
    assert [line.split(":")[:2] for line in lines] == [
        ["task", " candidate"], ["task", " baseline"], ["latency", " single-stream requests"]]
    assert lines[2].startswith(f"latency: single-stream requests: {2 * (LATENCY_REQUESTS + 2)} in ")
    assert len(lines) < 60


def test_nested_tasks_fold_into_the_phase_and_consecutive_tasks_of_one_label_make_one_line() -> None:
    lines: list[str] = []
    clock = Clock()
    progress = LineProgress(lines.append, clock=clock)
    outer = progress.start("latency: requests", 4)
    for _ in range(4):
        inner = progress.start("latency: candidate", 1)
        clock.now += 0.5
        progress.advance(inner)
        progress.finish(inner)
        progress.advance(outer)
    progress.finish(outer)
    for _ in range(3):  # one suite after another under the same label
        task = progress.start("regression: candidate", 10)
        clock.now += 1.0
        progress.advance(task, 10)
        progress.finish(task)
    assert lines == ["latency: requests: 4 in 2.0 s (2.0/s)"]  # the regression phase may go on
    empty = progress.start("safety: baseline", 0)  # everything reused from the store: no line
    progress.finish(empty)
    progress.log("regression: 1 benchmark skipped")
    progress.stop()
    assert lines == ["latency: requests: 4 in 2.0 s (2.0/s)", "regression: candidate: 30 in 3.0 s (10.0/s)",
                     "regression: 1 benchmark skipped"]


def test_a_long_phase_says_where_it_is_every_heartbeat() -> None:
    lines: list[str] = []
    clock = Clock()
    progress = LineProgress(lines.append, heartbeat_s=60, clock=clock)
    task = progress.start("task: candidate", 300)
    for _ in range(300):
        clock.now += 1.0
        progress.advance(task)
    progress.finish(task)
    progress.stop()
    assert lines[:2] == ["task: candidate: 60/300 so far, 60 s, 1.0/s", "task: candidate: 120/300 so far, 120 s, 1.0/s"]
    assert len(lines) == 6 and lines[-1] == "task: candidate: 300 in 300.0 s (1.0/s)"


def test_bars_in_a_terminal_lines_elsewhere() -> None:
    assert isinstance(console_progress(Console(file=io.StringIO())), LineProgress)
    assert isinstance(console_progress(Console(file=io.StringIO(), force_terminal=True)), RichProgress)
    quiet = console_progress(Console(file=io.StringIO()), quiet=True)
    assert not isinstance(quiet, LineProgress | RichProgress)
