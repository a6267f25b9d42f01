"""Automatic rewrites and paraphraser-output cleaning."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tunecheck.paraphrase import (
    DEFAULT_INSTRUCTIONS,
    DEFAULT_REWRITES,
    RewriteName,
    clean_paraphrase,
    paraphrase_request,
    rewrite,
    variants,
)

TICKET = ("Hello support, my order BW-19494 arrived broken. The Aura speaker (v2.1) won't turn on! "
          "Please email me at omar@example.com. Regards, Omar")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_rewrites_are_deterministic_per_seed_and_key() -> None:
    for name in get_args(RewriteName):
        first = rewrite(TICKET, name, seed=1, key="t-1")
        assert first == rewrite(TICKET, name, seed=1, key="t-1")
        assert first != TICKET
    others = {rewrite(TICKET, "casing", seed=s, key=k) for s in range(3) for k in ("a", "b", "c")}
    assert len(others) > 1


def test_instruction_wraps_the_text_in_a_reworded_request() -> None:
    out = rewrite(TICKET, "instruction", seed=0, key="x")
    assert TICKET in out and out != TICKET
    assert any(out == t.replace("{prompt}", TICKET) for t in DEFAULT_INSTRUCTIONS)
    assert rewrite("hi", "instruction", seed=0, key="x", instructions=["Q: {prompt}"]) == "Q: hi"
    with pytest.raises(ValueError, match="does not contain"):
        rewrite("hi", "instruction", seed=0, key="x", instructions=["no placeholder"])


def test_noise_rewrites_keep_the_words() -> None:
    for name in ("lowercase", "casing", "whitespace", "punctuation"):
        out = rewrite(TICKET, name, seed=3, key="k")
        assert _words(out) == _words(TICKET), name


def test_punctuation_keeps_marks_inside_tokens() -> None:
    out = rewrite(TICKET, "punctuation", seed=0, key="k")
    assert "v2.1" in out and "omar@example.com" in out and "BW-19494" in out
    assert len(re.findall(r"[.,!?]", out)) < len(re.findall(r"[.,!?]", TICKET))


def test_whitespace_and_casing_change_only_what_they_say() -> None:
    spaced = rewrite(TICKET, "whitespace", seed=0, key="k")
    assert re.sub(r"\s+", " ", spaced).strip() == TICKET and "  " in spaced
    cased = rewrite(TICKET, "casing", seed=0, key="k")
    assert cased.lower() == TICKET.lower() and cased != TICKET


def test_typos_swap_letters_inside_words() -> None:
    out = rewrite(TICKET, "typos", seed=0, key="k")
    assert sorted(out) == sorted(TICKET) and out != TICKET
    changed = [(a, b) for a, b in zip(TICKET.split(), out.split(), strict=True) if a != b]
    assert changed and all(sorted(a) == sorted(b) and a[0] == b[0] for a, b in changed)


def test_variants_skip_rewrites_that_change_nothing() -> None:
    names = [n for n, _ in variants("no punctuation here", list(DEFAULT_REWRITES), seed=0, key="k")]
    assert names == ["instruction", "casing", "whitespace"]
    assert variants("", ["punctuation", "casing", "typos"], seed=0, key="k") == []


@given(st.text(min_size=1, max_size=200))
def test_noise_never_changes_the_letters(text: str) -> None:
    for name in ("lowercase", "casing", "whitespace", "punctuation"):
        out = rewrite(text, name, seed=0, key="h")
        assert "".join(c for c in out.lower() if c.isalnum()) == "".join(c for c in text.lower() if c.isalnum())


def test_paraphraser_request_and_cleaning() -> None:
    request = paraphrase_request("My card was declined.")
    assert "<<<\nMy card was declined.\n>>>" in request
    with pytest.raises(ValueError, match="must contain"):
        paraphrase_request("x", "Rewrite this")
    assert clean_paraphrase('Here is the rewritten text:\n"My card got rejected."') == "My card got rejected."
    assert clean_paraphrase("<<<\nMy card got rejected.\n>>>") == "My card got rejected."
    assert clean_paraphrase("Sure! Here it is:\nMy card got rejected.") == "My card got rejected."
    assert clean_paraphrase("My card got rejected. Here: details") == "My card got rejected. Here: details"
    assert clean_paraphrase("   ") == ""
