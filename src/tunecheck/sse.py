"""Server-sent events from timestamped socket reads: the one parser of streamed answers.

Both the ``openai`` backend (the latency check) and the load generator record each socket
read as ``(time.perf_counter(), bytes)`` and split the reads here, so a token's arrival means
the same thing in both: the time of the read that completed its event. Events completed by
one read share that read's time; an event the stream ends on without its blank line is
completed by a virtual read after the last one, at the last read's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Read = tuple[float, bytes]


@dataclass(frozen=True)
class ServerEvent:
    """One event's data (its ``data:`` lines joined) and the read that completed it."""

    read: int
    at: float
    data: str


def split_events(reads: Sequence[Read]) -> list[ServerEvent]:
    """Every event with data in the reads, in order; comments and other fields are skipped."""
    events: list[ServerEvent] = []
    buffer = b""
    for index, (at, data) in enumerate(reads):
        buffer = (buffer + data).replace(b"\r\n", b"\n")
        *blocks, buffer = buffer.split(b"\n\n")
        events += [ServerEvent(index, at, text) for block in blocks if (text := _data(block)) is not None]
    tail = _data(buffer.strip(b"\n")) if buffer.strip() else None
    if tail is not None and reads:
        events.append(ServerEvent(len(reads), reads[-1][0], tail))
    return events


def is_done(event: ServerEvent) -> bool:
    """The OpenAI stream terminator (``data: [DONE]``)."""
    return event.data.strip() == "[DONE]"


def _data(block: bytes) -> str | None:
    lines = [line[5:].lstrip(b" ") for line in block.split(b"\n") if line.startswith(b"data:")]
    return b"\n".join(lines).decode("utf-8", errors="replace") if lines else None


__all__ = ["Read", "ServerEvent", "is_done", "split_events"]
