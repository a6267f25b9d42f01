"""The evaluation items, indexed for the search: exact keys and MinHash signatures in an LSH.

Training texts are queried against the index one at a time (the evaluation side is the
small one, so it is the one held in memory). A candidate from the LSH is kept only when
the exact Jaccard similarity of the two shingle sets reaches the threshold, so the LSH
adds no false positives; it can miss a pair, with the probability :meth:`miss_probability`
gives (at most ``MAX_MISS`` at the threshold, less above it; pairs at the threshold are
rarely missed: the bands and rows are the fewest candidates that still propose a pair at
the threshold with probability ``1 - MAX_MISS``).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from datasketch import MinHash, MinHashLSH

from tunecheck.contamination._stream import TrainingText
from tunecheck.contamination._text import exact_key, jaccard, shingles

MatchKind = Literal["exact", "near", "embedding"]
MAX_MISS = 0.01
_SCHEME = "affine32"
_RANK = {"exact": 2, "near": 1, "embedding": 0}


@dataclass(frozen=True)
class Method:
    """How near-duplicates are found: word ``ngram`` shingles, Jaccard ``threshold``, MinHash size."""

    ngram: int = 3
    threshold: float = 0.6
    num_perm: int = 64
    seed: int = 1


@dataclass(frozen=True)
class EvalItem:
    """One evaluation item: its set, its id there, and the text the models see of it."""

    set: str
    id: str
    text: str


@dataclass(frozen=True)
class Match:
    """An evaluation item (index into the index's items) found in a training text."""

    item: int
    kind: MatchKind
    similarity: float
    line: int
    field: str
    text: str

    def beats(self, other: Match | None) -> bool:
        """Exact before near before embedding; then the higher similarity; then the earlier line."""
        if other is None:
            return True
        return (_RANK[self.kind], self.similarity, -self.line) > (_RANK[other.kind], other.similarity, -other.line)


def bands(threshold: float, num_perm: int, max_miss: float = MAX_MISS) -> tuple[int, int]:
    """(bands, rows per band): the most rows per band (fewest candidates) for which a pair at
    ``threshold`` is missed with probability at most ``max_miss``."""
    for rows in range(num_perm, 0, -1):
        count = num_perm // rows
        if (1.0 - threshold ** rows) ** count <= max_miss:
            return count, rows
    return num_perm, 1


class ContaminationIndex:
    """Exact keys and an LSH of the evaluation items. Shingles are hashed with CRC-32 (the same in
    every process, and several times faster than datasketch's SHA-1; the MinHash scheme mixes
    the hash before permuting it, and a collision can only propose a pair, never confirm one)."""

    def __init__(self, items: Sequence[EvalItem], method: Method) -> None:
        self.items, self.method = list(items), method
        self._permutations = MinHash(num_perm=method.num_perm, seed=method.seed, hashfunc=zlib.crc32).permutations
        self._exact: dict[str, list[int]] = {}
        self._shingles: list[frozenset[str]] = []
        self.lsh = MinHashLSH(num_perm=method.num_perm, params=bands(method.threshold, method.num_perm))
        for index, item in enumerate(self.items):
            key = exact_key(item.text)
            if key is not None:
                self._exact.setdefault(key, []).append(index)
            found = shingles(item.text, method.ngram)
            self._shingles.append(found)
            if found:
                self.lsh.insert(index, self._minhash(found))

    def _minhash(self, found: frozenset[str]) -> MinHash:
        signature = MinHash(num_perm=self.method.num_perm, seed=self.method.seed, hashfunc=zlib.crc32,
                            permutations=self._permutations, scheme=_SCHEME)
        signature.update_batch([s.encode("utf-8") for s in found])
        return signature

    def miss_probability(self, similarity: float) -> float:
        """Chance that the LSH does not propose a pair of this Jaccard similarity."""
        bands, rows = self.lsh.b, self.lsh.r
        return float((1.0 - similarity ** rows) ** bands)

    def matches(self, training: TrainingText) -> list[Match]:
        """Every evaluation item this training text duplicates exactly or nearly."""
        clipped = training.text[:400]
        found: dict[int, Match] = {}
        key = exact_key(training.text)
        for index in self._exact.get(key, []) if key is not None else []:
            found[index] = Match(index, "exact", 1.0, training.line, training.field, clipped)
        own = shingles(training.text, self.method.ngram)
        if not own:
            return list(found.values())
        for index in self.lsh.query(self._minhash(own)):
            if index in found:
                continue
            similarity = jaccard(own, self._shingles[index])
            if similarity >= self.method.threshold:
                found[index] = Match(index, "near", similarity, training.line, training.field, clipped)
        return list(found.values())
