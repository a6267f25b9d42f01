"""Server-sent events parsed after the fact from raw reads and their timestamps.

The hot loop only appends ``(perf_counter(), bytes)`` per socket read; this module turns
those reads into content arrivals, splitting them with ``tunecheck.sse`` as the ``openai``
backend does. An event is timed at the read that completed it (the
read carrying its terminating blank line), and events completed by one read form one
arrival. Role-only deltas and empty strings are not content.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from tunecheck.load._wire import ParsedStream
from tunecheck.sse import split_events

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
    for _, group in groupby(split_events(reads), key=lambda event: event.read):
        events = list(group)
        texts: list[str] = []
        for event in events:
            text, has_content = state.feed_event(event.data)
            if has_content:
                texts.append(text)
        if texts:
            state.arrive(events[0].at, "".join(texts), len(texts))
    return ParsedStream(times=tuple(state.times), events=tuple(state.events_per_read),
                        texts=tuple(state.texts) if keep_text else (), completion_tokens=state.completion,
                        prompt_tokens=state.prompt, done=state.done, events_total=state.events,
                        error_message=state.error)
