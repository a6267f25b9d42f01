"""SSE parsing after the fact: content arrivals, role-only chunks, usage, [DONE]."""

from __future__ import annotations

import json

from tunecheck.load._sse import parse_stream


def _event(payload: object) -> bytes:
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def _delta(**delta: object) -> bytes:
    return _event({"choices": [{"index": 0, "delta": delta}]})


def test_role_only_and_empty_chunks_are_not_content() -> None:
    reads = [(1.0, _delta(role="assistant")), (1.5, _delta(role="assistant", content="")),
             (2.0, _delta(content="Hi")), (2.5, b"data: [DONE]\n\n")]
    stream = parse_stream(reads)
    assert stream.times == (2.0,) and stream.texts == ("Hi",)
    assert stream.done


def test_event_is_timed_at_the_read_that_completes_it() -> None:
    event = _delta(content="abc")
    reads = [(1.0, event[:10]), (2.0, event[10:]), (3.0, _delta(content="d") + _delta(content="e"))]
    stream = parse_stream(reads)
    assert (stream.times, stream.texts, stream.events) == ((2.0, 3.0), ("abc", "de"), (1, 2))
    assert not stream.done


def test_usage_from_final_chunk_and_crlf_framing() -> None:
    usage = _event({"choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 42}})
    reads = [(1.0, _delta(content="x").replace(b"\n", b"\r\n")), (2.0, usage), (3.0, b"data: [DONE]\r\n\r\n")]
    stream = parse_stream(reads)
    assert stream.completion_tokens == 42 and stream.prompt_tokens == 7
    assert len(stream.times) == 1 and stream.done


def test_completions_text_and_error_events() -> None:
    reads = [(1.0, _event({"choices": [{"index": 0, "text": "once"}]})),
             (2.0, _event({"error": {"message": "overloaded"}}))]
    stream = parse_stream(reads)
    assert stream.texts == ("once",)
    assert stream.error_message is not None and "overloaded" in stream.error_message


def test_tool_call_deltas_count_as_content() -> None:
    reads = [(1.0, _delta(tool_calls=[{"index": 0, "function": {"arguments": "{"}}]))]
    assert len(parse_stream(reads).times) == 1


def test_text_is_dropped_when_not_kept() -> None:
    stream = parse_stream([(1.0, _delta(content="Hi"))], keep_text=False)
    assert stream.texts == () and stream.events == (1,)
