"""One pass over the training texts: the best match of every evaluation item.

With ``workers > 1`` the texts go in chunks to worker processes that each hold a copy of
the index; at most two chunks per worker are in flight, so the training file is still
read as a stream.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult

from tunecheck.contamination._index import ContaminationIndex, Match
from tunecheck.contamination._stream import TrainingText

CHUNK = 4000


@dataclass
class Scan:
    """What one pass found: the best match per item index, and how much it read."""

    best: dict[int, Match] = field(default_factory=dict)
    rows: int = 0
    texts: int = 0

    def add(self, matches: Iterable[Match]) -> None:
        for match in matches:
            if match.beats(self.best.get(match.item)):
                self.best[match.item] = match


def scan(index: ContaminationIndex, texts: Iterable[TrainingText], *, workers: int = 1) -> Scan:
    """Compare every training text with the index; ``workers`` processes share the work."""
    result = Scan()
    last_line = 0

    def counted(chunks: Iterator[list[TrainingText]]) -> Iterator[list[TrainingText]]:
        nonlocal last_line
        for chunk in chunks:
            result.texts += len(chunk)
            for text in chunk:
                if text.line != last_line:
                    result.rows, last_line = result.rows + 1, text.line
            yield chunk

    chunks = counted(_chunks(iter(texts)))
    if workers <= 1:
        for chunk in chunks:
            result.add(_match_all(index, chunk))
        return result
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_set_index, initargs=(index,)) as pool:
        pending: deque[AsyncResult[list[Match]]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_match_chunk, (chunk,)))
            if len(pending) >= 2 * workers:
                result.add(pending.popleft().get())
        while pending:
            result.add(pending.popleft().get())
    return result


def _chunks(texts: Iterator[TrainingText]) -> Iterator[list[TrainingText]]:
    while chunk := list(islice(texts, CHUNK)):
        yield chunk


def _match_all(index: ContaminationIndex, chunk: list[TrainingText]) -> list[Match]:
    best: dict[int, Match] = {}
    for text in chunk:
        for match in index.matches(text):
            if match.beats(best.get(match.item)):
                best[match.item] = match
    return list(best.values())


_WORKER_INDEX: list[ContaminationIndex] = []


def _set_index(index: ContaminationIndex) -> None:
    _WORKER_INDEX[:] = [index]


def _match_chunk(chunk: list[TrainingText]) -> list[Match]:
    return _match_all(_WORKER_INDEX[0], chunk)
