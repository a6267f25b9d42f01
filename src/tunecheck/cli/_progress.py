"""Rich progress bars with ETA for the phases that take more than a few seconds."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


class RichProgress:
    """Implements ``tunecheck.runner.Progress`` on a rich live display."""

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
