"""The run log: what libraries print while a run is collected goes to ``run.log`` in the run directory.

Deprecation and user warnings (``warnings``), log records that reach Python's last-resort
handler, and progress bars that libraries draw on ``sys.stderr`` (weight downloads, GGUF
conversion) are appended to the log instead of the console, where they would sit between
tunecheck's progress lines. tunecheck's own messages (progress, the verdict, errors) are not
affected: they go to the console on stdout, or are printed after the run.

``sys.stderr`` is replaced by a forwarder for the duration: a handler or bar created during the
run keeps a reference to it, and once the run is over the forwarder writes to the real stderr
again, so nothing is ever written to a closed file.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, cast

RUN_LOG = "run.log"


class _Forwarder:
    """A text stream that writes wherever ``target`` points now (other attributes are the target's)."""

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> int:
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def __getattr__(self, name: str) -> object:
        return getattr(self.target, name)


@contextmanager
def capture_output(path: Path) -> Iterator[None]:
    """Send third-party warnings and stderr output to the log at ``path`` (appended) while the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log, warnings.catch_warnings():
        stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        log.write(f"--- tunecheck, {stamp}: library warnings and output ---\n")
        log.flush()

        def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                 file: TextIO | None = None, line: str | None = None) -> None:
            log.write(warnings.formatwarning(message, category, filename, lineno, line))
            log.flush()

        warnings.showwarning = show
        original: object = sys.stderr
        forwarder = original if isinstance(original, _Forwarder) else _Forwarder(sys.stderr)
        real = forwarder.target
        forwarder.target = log
        sys.stderr = cast(TextIO, forwarder)
        try:
            yield
        finally:
            forwarder.target = real
            current: object = sys.stderr
            if current is forwarder and not isinstance(original, _Forwarder):
                sys.stderr = original
