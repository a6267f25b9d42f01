"""Generation batches of the hf backend: which leading tokens a batch runs once, and the inputs after them."""

from __future__ import annotations

import torch
from hypothesis import given
from hypothesis import strategies as st

from tunecheck.backends._hf_generate import after_prefix, left_pad, shared_length

SYSTEM = tuple(range(100, 120))  # 20 tokens every chat prompt starts with


def test_rows_sharing_a_system_prompt_share_it_and_no_more() -> None:
    assert shared_length([(*SYSTEM, 1, 2), (*SYSTEM, 3), (*SYSTEM, 1, 5, 6)], min_prefix=16) == 20


def test_every_row_keeps_its_last_token() -> None:
    # the shorter row is the system prompt and one token: that token must be in the rows' own pass
    assert shared_length([(*SYSTEM, 1), (*SYSTEM, 1, 2, 3)], min_prefix=16) == 20
    assert shared_length([SYSTEM, (*SYSTEM, 1, 2, 3)], min_prefix=16) == 19
    assert shared_length([SYSTEM, SYSTEM], min_prefix=16) == 19


def test_under_the_minimum_or_alone_or_switched_off_nothing_is_shared() -> None:
    assert shared_length([(*SYSTEM[:15], 1, 2), (*SYSTEM[:15], 3, 4)], min_prefix=16) == 0
    assert shared_length([(*SYSTEM, 1, 2)], min_prefix=16) == 0
    assert shared_length([(*SYSTEM, 1), (*SYSTEM, 2)], min_prefix=None) == 0
    assert shared_length([], min_prefix=16) == 0


def test_one_row_differing_early_shortens_the_shared_part() -> None:
    other = (*SYSTEM[:17], 0, *SYSTEM[18:], 1)
    assert shared_length([(*SYSTEM, 1), other, (*SYSTEM, 2)], min_prefix=16) == 17


def test_the_padding_lies_between_prefix_and_suffix_masked() -> None:
    ids, mask = left_pad([(7, 8, 9), (5,)], pad=0, device=torch.device("cpu"))
    full, full_mask = after_prefix((1, 2), ids, mask)
    assert full.tolist() == [[1, 2, 7, 8, 9], [1, 2, 0, 0, 5]]
    assert full_mask.tolist() == [[1, 1, 1, 1, 1], [1, 1, 0, 0, 1]]
    # transformers' positions count the mask: every kept token sits where it would in its whole row
    positions = (full_mask.cumsum(-1) - 1).tolist()
    assert [p for p, m in zip(positions[1], full_mask[1].tolist(), strict=True) if m] == [0, 1, 2]


_rows = st.lists(st.lists(st.integers(0, 2), min_size=1, max_size=30), min_size=1, max_size=8)


@given(_rows, st.integers(1, 6))
def test_the_shared_part_is_truly_shared_and_leaves_every_row_a_token(rows: list[list[int]], minimum: int) -> None:
    n = shared_length(rows, minimum)
    if n:
        assert n >= minimum and len(rows) >= 2
        assert all(row[:n] == rows[0][:n] and len(row) > n for row in rows)
        # as long as it can be: one more token would differ somewhere or leave a row empty
        assert any(len(row) == n + 1 or row[n] != rows[0][n] for row in rows)
