"""Splitting server-sent events out of timestamped socket reads."""

from __future__ import annotations

from tunecheck.sse import ServerEvent, is_done, split_events


def test_an_event_is_timed_at_the_read_that_completes_it() -> None:
    reads = [(1.0, b'data: {"a": 1}\n\ndata: {"b"'), (2.0, b': 2}\r\n\r\n'), (3.0, b"data: [DONE]\n\n")]
    assert split_events(reads) == [ServerEvent(0, 1.0, '{"a": 1}'), ServerEvent(1, 2.0, '{"b": 2}'),
                                   ServerEvent(2, 3.0, "[DONE]")]
    assert [is_done(event) for event in split_events(reads)] == [False, False, True]


def test_comments_and_other_fields_are_skipped_and_data_lines_join() -> None:
    reads = [(1.0, b": keep-alive\n\nevent: ping\nid: 3\n\ndata: one\ndata: two\n\n")]
    assert split_events(reads) == [ServerEvent(0, 1.0, "one\ntwo")]


def test_an_unterminated_last_event_is_completed_by_a_virtual_read_after_the_last() -> None:
    reads = [(1.0, b"data: x\n\n"), (2.0, b"data: y")]
    assert split_events(reads) == [ServerEvent(0, 1.0, "x"), ServerEvent(2, 2.0, "y")]
    assert split_events([]) == []


def test_a_crlf_split_across_reads_still_ends_the_event() -> None:
    reads = [(1.0, b"data: x\r"), (2.0, b"\n\r\n")]
    assert split_events(reads) == [ServerEvent(1, 2.0, "x")]
