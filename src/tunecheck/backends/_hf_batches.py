"""Which rows are scored together, and which leading tokens a batch's rows share.

A row is one model input and how many of its last positions are read. Rows are sorted by
their tokens, so rows that begin alike lie next to each other; a run of neighbours that
agree on at least ``min_prefix`` leading tokens is a cluster, and every row of a cluster
begins with the cluster's common prefix. A cluster of ``min_rows`` rows or more is batched
on its own with that prefix (computed once, its keys and values reused by each batch);
the other rows are batched as before. Within a batch, rows are longest first.

The prefix never reaches a read position: only the tokens before a row's first read
position count as its shareable part, so every read logit comes from the suffix pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One model input and the first of its positions whose logits are read."""

    tokens: tuple[int, ...]
    first_read: int


@dataclass(frozen=True)
class Batch:
    """Rows (indices into the planned list) scored in one forward pass after ``prefix`` shared tokens."""

    rows: tuple[int, ...]
    prefix: int = 0


def plan_batches(rows: Sequence[Row], *, batch_size: int, min_prefix: int | None,
                 min_rows: int = 2) -> list[Batch]:
    """Batches covering every row once; ``min_prefix=None`` shares no prefix (every batch is plain)."""
    shared: list[Batch] = []
    plain: list[int] = []
    for cluster, prefix in _clusters(rows, min_prefix):
        if min_prefix is not None and prefix >= min_prefix and len(cluster) >= min_rows:
            shared.extend(Batch(chunk, prefix) for chunk in _chunks(_longest_first(rows, cluster), batch_size))
        else:
            plain.extend(cluster)
    return shared + [Batch(chunk) for chunk in _chunks(_longest_first(rows, plain), batch_size)]


def _clusters(rows: Sequence[Row], min_prefix: int | None) -> list[tuple[list[int], int]]:
    """Maximal runs of lexicographic neighbours sharing ``min_prefix`` tokens, with their common prefix."""
    if min_prefix is None:
        return [(list(range(len(rows))), 0)]
    keys = [row.tokens[:row.first_read] for row in rows]
    order = sorted(range(len(rows)), key=lambda i: keys[i])
    runs: list[tuple[list[int], int]] = []
    for i in order:
        if runs:
            run, prefix = runs[-1]
            shared = _common_length(keys[run[-1]], keys[i])
            if shared >= min_prefix:
                run.append(i)
                runs[-1] = (run, min(prefix, shared))
                continue
        runs.append(([i], len(keys[i])))
    return runs


def _common_length(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def _longest_first(rows: Sequence[Row], indices: Sequence[int]) -> list[int]:
    return sorted(indices, key=lambda i: (-len(rows[i].tokens), rows[i].tokens))


def _chunks(indices: Sequence[int], size: int) -> list[tuple[int, ...]]:
    return [tuple(indices[start:start + size]) for start in range(0, len(indices), size)]
