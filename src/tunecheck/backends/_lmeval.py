"""Context/continuation tokenisation exactly as lm-evaluation-harness does it.

lm-eval (``LM.loglikelihood`` and ``_encode_pair``) moves the context's trailing
whitespace onto the continuation, encodes ``context + continuation`` whole and takes
the tokens after the context's own encoding as the continuation; an empty context is
replaced by the prefix token (BOS, else EOS). Text that already starts with the BOS
string is encoded without adding special tokens again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Encode = Callable[[str], list[int]]


@dataclass(frozen=True)
class EncodedPair:
    """Token ids of a context and its continuation."""

    context: tuple[int, ...]
    continuation: tuple[int, ...]


def encode_pair(context: str, continuation: str, *, encode: Encode, encode_plain: Encode,
                prefix_token: int) -> EncodedPair:
    """``encode`` adds the tokenizer's special tokens as lm-eval's ``tok_encode`` does;
    ``encode_plain`` adds none (used for a continuation after an empty context)."""
    if not context:
        tokens = encode_plain(continuation)
        if tokens and tokens[0] == prefix_token:
            return EncodedPair(tuple(tokens[:1]), tuple(tokens[1:]))
        return EncodedPair((prefix_token,), tuple(tokens))
    n_spaces = len(context) - len(context.rstrip())
    if n_spaces:
        continuation = context[-n_spaces:] + continuation
        context = context[:-n_spaces]
    whole = encode(context + continuation)
    context_ids = encode(context)
    return EncodedPair(tuple(context_ids), tuple(whole[len(context_ids):]))


def model_input(pair: EncodedPair, max_length: int) -> tuple[int, ...]:
    """What the model reads: ``(context + continuation)[-(max_length + 1):][:-1]``."""
    return (pair.context + pair.continuation)[-(max_length + 1):][:-1]


def pair_problem(pair: EncodedPair, max_length: int) -> str | None:
    """Why a pair cannot be scored, or ``None``."""
    if not pair.continuation:
        return "the continuation encodes to no tokens"
    if len(pair.continuation) > max_length:
        return f"the continuation is {len(pair.continuation)} tokens, longer than max_length {max_length}"
    return None
