"""Stop sequences, applied the same way by every local backend."""

from __future__ import annotations

from collections.abc import Sequence


def find_stop(text: str, stops: Sequence[str]) -> int:
    """Index of the earliest stop string in ``text``, or -1 when none occurs."""
    found = [index for index in (text.find(stop) for stop in stops if stop) if index >= 0]
    return min(found) if found else -1


def truncate_at_stop(text: str, stops: Sequence[str]) -> tuple[str, bool]:
    """``text`` cut before the first stop string, and whether one was found."""
    index = find_stop(text, stops)
    return (text, False) if index < 0 else (text[:index], True)
