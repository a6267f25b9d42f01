"""Context/continuation tokenisation as lm-evaluation-harness does it, and stop sequences."""

from __future__ import annotations

import re

from tunecheck.backends._lmeval import EncodedPair, encode_pair, model_input, pair_problem
from tunecheck.backends._stop import find_stop, truncate_at_stop

VOCAB: dict[str, int] = {}
BOS = 1


def _encode(text: str) -> list[int]:
    """Word-level toy tokenizer: a token is a word with its leading whitespace; '<s>' is BOS."""
    ids = []
    for piece in re.findall(r"<s>|\s*[^\s<]+|\s+$", text):
        ids.append(BOS if piece == "<s>" else VOCAB.setdefault(piece, len(VOCAB) + 10))
    return ids


def _pair(context: str, continuation: str) -> EncodedPair:
    return encode_pair(context, continuation, encode=_encode, encode_plain=_encode, prefix_token=BOS)


def test_whole_text_is_encoded_then_split_after_the_context() -> None:
    pair = _pair("The cat", " sat down")
    assert pair.context == tuple(_encode("The cat"))
    assert pair.continuation == tuple(_encode(" sat down"))


def test_trailing_context_whitespace_moves_onto_the_continuation() -> None:
    assert _pair("The cat ", "sat") == _pair("The cat", " sat")
    assert _pair("Answer:\n", "yes").continuation == tuple(_encode("\nyes"))


def test_empty_context_scores_after_the_prefix_token() -> None:
    assert _pair("", "Hello world") == EncodedPair((BOS,), tuple(_encode("Hello world")))
    assert _pair("", "<s> Hello") == EncodedPair((BOS,), tuple(_encode(" Hello")))


def test_model_input_drops_the_last_token_and_truncates_on_the_left() -> None:
    pair = EncodedPair((1, 2, 3, 4), (5, 6))
    assert model_input(pair, 100) == (1, 2, 3, 4, 5)
    assert model_input(pair, 3) == (3, 4, 5)


def test_pairs_that_cannot_be_scored_say_why() -> None:
    assert pair_problem(EncodedPair((1,), ()), 10) == "the continuation encodes to no tokens"
    assert "longer than max_length 2" in (pair_problem(EncodedPair((1,), (2, 3, 4)), 2) or "")
    assert pair_problem(EncodedPair((1,), (2, 3)), 2) is None


def test_text_is_cut_at_the_earliest_stop_string() -> None:
    assert truncate_at_stop("a. b\nc", ["\n", "."]) == ("a", True)
    assert truncate_at_stop("abc", ["x", ""]) == ("abc", False)
    assert find_stop("hello world", ["world", "lo"]) == 3
