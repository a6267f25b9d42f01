"""SIGINT and SIGTERM as one exception, so every ``finally`` runs and the exit code says which.

``tunecheck run`` and ``tunecheck load`` run inside ``interruptible()``: either signal raises
``Interrupted`` in the main thread, the code on the way out stops workers and child servers
and keeps what was collected, and the command exits 128 + the signal number (130 for
SIGINT, 143 for SIGTERM, as shells report a process those signals ended).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The process was asked to stop by ``signum``."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.partial: object | None = None  # what the interrupted work had finished, where it can say
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def exit_code_of(exc: KeyboardInterrupt) -> int:
    """130 for Ctrl-C (a plain ``KeyboardInterrupt``), 128 + the signal for ``Interrupted``."""
    return exc.exit_code if isinstance(exc, Interrupted) else 128 + signal.SIGINT


@contextmanager
def interruptible() -> Iterator[None]:
    """Raise ``Interrupted`` on SIGINT or SIGTERM while inside (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}

    def handler(signum: int, frame: FrameType | None) -> None:
        for stop in STOP_SIGNALS:  # a second signal while stopping must not cut the clean-up short
            signal.signal(stop, signal.SIG_IGN)
        raise Interrupted(signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
