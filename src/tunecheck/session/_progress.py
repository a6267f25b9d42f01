"""Progress reporting, decoupled from any terminal library."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Where long phases report how far they are."""

    def start(self, label: str, total: int) -> int: ...

    def advance(self, task: int, amount: int = 1) -> None: ...

    def finish(self, task: int) -> None: ...

    def log(self, message: str) -> None: ...


class NullProgress:
    """Reports nothing (tests, ``--quiet``)."""

    def start(self, label: str, total: int) -> int:
        return 0

    def advance(self, task: int, amount: int = 1) -> None:
        return None

    def finish(self, task: int) -> None:
        return None

    def log(self, message: str) -> None:
        return None
