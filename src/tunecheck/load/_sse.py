"""Server-sent events parsed after the fact from raw reads and their timestamps.

The hot loop only appends ``(perf_counter(), bytes)`` per socket read; this module turns
those reads into content arrivals. An event is timed at the read that completed it (the
read carrying its terminating blank line), and events completed by one read form one
arrival. Role-only deltas and empty strings are not content.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tunecheck.load._wire import ParsedStream

JsonObject = dict[str, object]


def _content_of(payload: JsonObject) -> tuple[str, bool]:
    """Text of a chunk and whether it carried content (text, reasoning or a tool call)."""
    choices = payload.get("choices")
    if not isinstance(choices, list):
        return "", False
    texts: list[str] = []
    has_content = False
    for choice in choices:
        if not isinstance(choice, dict):
            continue
        delta = choice.get("delta")
        source = delta if isinstance(delta, dict) else choice
        for key in ("content", "reasoning_content", "reasoning", "text"):
            value = source.get(key)
            if isinstance(value, str) and value:
                texts.append(value)
                has_content = True
        if source.get("tool_calls"):
            has_content = True
    return "".join(texts), has_content


def _usage_of(payload: JsonObject) -> tuple[int | None, int | None]:
    usage = payload.get("usage")
    if not isinstance(usage, dict):
        return None, None
    completion, prompt = usage.get("completion_tokens"), usage.get("prompt_tokens")
    return (completion if isinstance(completion, int) else None,
            prompt if isinstance(prompt, int) else None)


def _event_data(block: bytes) -> str | None:
    lines = [line[5:].lstrip(b" ") for line in block.split(b"\n") if line.startswith(b"data:")]
    return b"\n".join(lines).decode("utf-8", errors="replace") if lines else None


class _StreamState:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.events_per_read: list[int] = []
        self.texts: list[str] = []
        self.completion: int | None = None
        self.prompt: int | None = None
        self.done = False
        self.events = 0
        self.error: str | None = None

    def arrive(self, t: float, text: str, events: int) -> None:
        self.times.append(t)
        self.events_per_read.append(events)
        self.texts.append(text)

    def feed_event(self, data: str) -> tuple[str, bool]:
        self.events += 1
        if data.strip() == "[DONE]":
            self.done = True
            return "", False
        try:
            payload = json.loads(data)
        except json.JSONDecodeError:
            self.error = self.error or f"event is not JSON: {data[:80]!r}"
            return "", False
        if not isinstance(payload, dict):
            return "", False
        if "error" in payload and self.error is None:
            self.error = str(payload["error"])[:200]
        completion, prompt = _usage_of(payload)
        self.completion = completion if completion is not None else self.completion
        self.prompt = prompt if prompt is not None else self.prompt
        return _content_of(payload)


def parse_stream(reads: Sequence[tuple[float, bytes]], keep_text: bool = True) -> ParsedStream:
    """Parse timestamped socket reads of an SSE body into content arrivals and usage."""
    state = _StreamState()
    buffer = b""
    for t, data in reads:
        buffer = (buffer + data).replace(b"\r\n", b"\n")
        *blocks, buffer = buffer.split(b"\n\n")
        texts: list[str] = []
        content_events = 0
        for block in blocks:
            data_text = _event_data(block)
            if data_text is None:
                continue
            text, has_content = state.feed_event(data_text)
            if has_content:
                texts.append(text)
                content_events += 1
        if content_events:
            state.arrive(t, "".join(texts), content_events)
    tail = _event_data(buffer.strip(b"\n")) if buffer.strip() else None
    if tail is not None and reads:
        text, has_content = state.feed_event(tail)
        if has_content:
            state.arrive(reads[-1][0], text, 1)
    return ParsedStream(times=tuple(state.times), events=tuple(state.events_per_read),
                        texts=tuple(state.texts) if keep_text else (), completion_tokens=state.completion,
                        prompt_tokens=state.prompt, done=state.done, events_total=state.events,
                        error_message=state.error)
