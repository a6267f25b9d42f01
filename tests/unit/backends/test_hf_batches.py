"""Batch planning for the hf backend's log-likelihoods: which rows share a prefix, and how far."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tunecheck.backends._hf_batches import Batch, Row, plan_batches

SYSTEM = tuple(range(100, 120))  # 20 tokens every chat row starts with


def _row(tokens: tuple[int, ...], reads: int = 2) -> Row:
    return Row(tokens, len(tokens) - reads)


def test_rows_sharing_a_long_prefix_are_batched_after_it_longest_first() -> None:
    rows = [_row((*SYSTEM, 1, 2, 3)), _row((5, 6, 7)), _row((*SYSTEM, 1, 2, 3, 4, 5)), _row((*SYSTEM, 9, 8, 7, 6))]
    plan = plan_batches(rows, batch_size=2, min_prefix=16)
    assert plan == [Batch((2, 3), prefix=20), Batch((0,), prefix=20), Batch((1,))]


def test_a_shorter_common_prefix_than_the_minimum_is_not_shared() -> None:
    rows = [_row((*SYSTEM[:15], 1, 2, 3, 4)), _row((*SYSTEM[:15], 5, 6, 7))]
    assert plan_batches(rows, batch_size=8, min_prefix=16) == [Batch((0, 1))]


def test_one_row_differing_inside_the_prefix_shortens_the_shared_part() -> None:
    other = (*SYSTEM[:17], 0, *SYSTEM[18:])
    rows = [_row((*SYSTEM, 1, 2)), _row((*other, 1, 2)), _row((*SYSTEM, 3, 4))]
    assert plan_batches(rows, batch_size=8, min_prefix=16) == [Batch((1, 0, 2), prefix=17)]


def test_the_prefix_stops_before_the_first_read_position() -> None:
    rows = [_row((*SYSTEM, 1, 2, 3), reads=2), _row((*SYSTEM, 4, 5), reads=2)]
    [batch] = plan_batches(rows, batch_size=8, min_prefix=16)
    assert batch.prefix == 20
    # now the second row's continuation starts right after the system tokens: its first token is predicted
    # from the last of them, so that position must be in the suffix pass
    rows[1] = _row((*SYSTEM, 4), reads=2)
    [batch] = plan_batches(rows, batch_size=8, min_prefix=16)
    assert batch.prefix == 19


def test_a_prefix_shared_by_one_row_only_is_not_worth_a_pass() -> None:
    rows = [_row((*SYSTEM, 1, 2)), _row((1, 2, 3, 4))]
    assert plan_batches(rows, batch_size=8, min_prefix=16) == [Batch((0, 1))]


def test_no_minimum_means_the_plain_plan_longest_first() -> None:
    rows = [_row((*SYSTEM, 1)), _row((1, 2, 3, 4)), _row((*SYSTEM, 1, 2))]
    assert plan_batches(rows, batch_size=2, min_prefix=None) == [Batch((2, 0)), Batch((1,))]


_rows = st.lists(st.tuples(st.lists(st.integers(0, 2), min_size=2, max_size=30), st.integers(1, 4)),
                 min_size=1, max_size=25)


@given(_rows, st.integers(1, 5), st.integers(1, 6))
def test_every_row_once_and_every_prefix_truly_shared(raw: list[tuple[list[int], int]], batch_size: int,
                                                      min_prefix: int) -> None:
    rows = [Row(tuple(tokens), max(0, len(tokens) - reads)) for tokens, reads in raw]
    plan = plan_batches(rows, batch_size=batch_size, min_prefix=min_prefix)
    assert sorted(i for batch in plan for i in batch.rows) == list(range(len(rows)))
    for batch in plan:
        assert 1 <= len(batch.rows) <= batch_size
        if batch.prefix:
            assert batch.prefix >= min_prefix
            head = rows[batch.rows[0]].tokens[:batch.prefix]
            for i in batch.rows:
                assert rows[i].tokens[:batch.prefix] == head and batch.prefix <= rows[i].first_read
