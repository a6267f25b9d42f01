"""Progress on the console: live bars with ETA in a terminal, one line per phase in a CI log.

Both implement ``tunecheck.session.Progress``. ``RichProgress`` draws rich's bars. ``LineProgress``
is for output that is not a terminal: a phase (a label) prints one line when it ends, with its
count, time and rate; a task started while another runs (the latency check asks for one answer
at a time inside its own phase) is counted in it, not printed; consecutive tasks of one label
make one line; a phase still running after ``heartbeat_s`` prints where it is, so a quiet CI
job is not taken for a hung one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from tunecheck.session import NullProgress


class RichProgress:
    """Implements ``tunecheck.session.Progress`` on a rich live display."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._bars = Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=console, transient=False,
        )
        self._started = False

    def start(self, label: str, total: int) -> int:
        if not self._started:
            self._bars.start()
            self._started = True
        return int(self._bars.add_task(label, total=total))

    def advance(self, task: int, amount: int = 1) -> None:
        self._bars.advance(task, amount)  # type: ignore[arg-type]

    def finish(self, task: int) -> None:
        self._bars.refresh()

    def log(self, message: str) -> None:
        self._console.log(message)

    def stop(self) -> None:
        if self._started:
            self._bars.stop()
            self._started = False


@dataclass
class _Phase:
    label: str
    total: int
    done: int = 0
    started: float = 0.0
    elapsed: float = 0.0
    reported: float = 0.0


def _rate(done: int, seconds: float) -> str:
    return f"{done / seconds:.1f}/s" if seconds > 0 and done else "-"


class LineProgress:
    """Implements ``tunecheck.session.Progress`` as plain lines, one per phase (CI logs, pipes)."""

    def __init__(self, write: Callable[[str], None], *, heartbeat_s: float = 120.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._write, self._heartbeat, self._clock = write, heartbeat_s, clock
        self._open: dict[int, _Phase] = {}
        self._outer: int | None = None  # the task that counts as the phase; nested tasks are folded in
        self._pending: _Phase | None = None  # a finished phase, printed when the next label starts
        self._next = 0

    @classmethod
    def on(cls, console: Console) -> LineProgress:
        return cls(lambda line: console.print(line, markup=False, highlight=False, soft_wrap=True))

    def start(self, label: str, total: int) -> int:
        self._next += 1
        task = self._next
        now = self._clock()
        if self._outer is None:
            if self._pending is not None and self._pending.label != label:
                self._flush()
            self._outer = task
        self._open[task] = _Phase(label, total, started=now, reported=now)
        return task

    def advance(self, task: int, amount: int = 1) -> None:
        phase = self._open.get(task)
        if phase is None or task != self._outer:
            return
        phase.done += amount
        now = self._clock()
        if now - phase.reported >= self._heartbeat:
            phase.reported = now
            seconds = now - phase.started
            self._write(f"{phase.label}: {phase.done}/{phase.total} so far, {seconds:.0f} s, "
                        f"{_rate(phase.done, seconds)}")

    def finish(self, task: int) -> None:
        phase = self._open.pop(task, None)
        if phase is None or task != self._outer:
            return
        self._outer = None
        phase.elapsed = self._clock() - phase.started
        if phase.total == 0:
            return
        pending = self._pending
        if pending is not None and pending.label == phase.label:
            pending.done += phase.done
            pending.total += phase.total
            pending.elapsed += phase.elapsed
            return
        self._flush()
        self._pending = phase

    def log(self, message: str) -> None:
        self._flush()
        self._write(message)

    def stop(self) -> None:
        self._flush()

    def _flush(self) -> None:
        phase, self._pending = self._pending, None
        if phase is None:
            return
        count = f"{phase.done}" if phase.done == phase.total else f"{phase.done} of {phase.total}"
        self._write(f"{phase.label}: {count} in {phase.elapsed:.1f} s ({_rate(phase.done, phase.elapsed)})")


class _Quiet(NullProgress):
    """``--quiet``: nothing at all."""

    def stop(self) -> None:
        return None


def console_progress(console: Console, *, quiet: bool = False) -> RichProgress | LineProgress | _Quiet:
    """Bars in a terminal, one line per phase elsewhere (a CI log, a pipe), nothing with ``quiet``."""
    if quiet:
        return _Quiet()
    return RichProgress(console) if console.is_terminal else LineProgress.on(console)
