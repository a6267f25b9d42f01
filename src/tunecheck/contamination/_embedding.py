"""Contamination by meaning: cosine similarity of sentence embeddings (optional, slower).

Embedding a training file costs far more than hashing it, so this compares the first
``max_texts`` training texts only; the part reports how many it compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

import numpy as np

from tunecheck.contamination._index import EvalItem, Match
from tunecheck.contamination._stream import TrainingText
from tunecheck.embeddings import Embedder

_BATCH = 256


def embedding_matches(embedder: Embedder, items: Sequence[EvalItem], texts: Iterable[TrainingText], *,
                      threshold: float, max_texts: int) -> tuple[dict[int, Match], int]:
    """Per item index, the training text of highest cosine similarity when it reaches
    ``threshold``; and how many training texts were compared."""
    if not items:
        return {}, 0
    targets = embedder.embed([item.text for item in items])
    best_similarity = np.full(len(items), -np.inf)
    best: dict[int, Match] = {}
    compared = 0
    stream = iter(islice(texts, max_texts))
    while chunk := list(islice(stream, _BATCH)):
        compared += len(chunk)
        similarity = embedder.embed([t.text for t in chunk]) @ targets.T
        rows, values = similarity.argmax(axis=0), similarity.max(axis=0)
        for index in np.flatnonzero((values >= threshold) & (values > best_similarity)):
            text = chunk[int(rows[index])]
            best_similarity[index] = values[index]
            best[int(index)] = Match(int(index), "embedding", float(values[index]), text.line, text.field,
                                     text.text[:400])
    return best, compared
