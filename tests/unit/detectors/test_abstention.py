"""Abstention and premise-correction detection by phrase lists."""

from __future__ import annotations

import pytest

from tunecheck.detectors._abstention import (
    ABSTENTION_PHRASES,
    CORRECTION_PHRASES,
    detect_abstention,
    is_abstention,
)


@pytest.mark.parametrize("text", [
    "I don't know.",
    "I’m not sure who wrote that book.",
    "The context does not mention the membership fee.",
    "Sorry, I cannot answer that from the information given.",
    "There is no information about the price in the text.",
    "  I DO NOT KNOW  ",
])
def test_abstentions_are_detected_as_such(text: str) -> None:
    match = detect_abstention(text)
    assert match.abstained and match.kind == "abstention"
    assert match.phrase is not None and match.phrase in text.lower().replace("’", "'")


@pytest.mark.parametrize(("text", "phrase"), [
    ("There is no element called veridium.", "there is no"),
    ("Humans have never landed on Mars; only robotic missions have.", "have never"),
    ("Actually, Einstein won the Nobel Prize for the photoelectric effect.", "actually,"),
    ("The Glass Orchard of Vellmora does not exist as far as records show.", "does not exist"),
    ("That is a common myth: bats can see.", "a common myth"),
])
def test_premise_corrections_count_as_abstentions(text: str, phrase: str) -> None:
    match = detect_abstention(text)
    assert (match.abstained, match.kind, match.phrase) == (True, "correction", phrase)


@pytest.mark.parametrize("text", [
    "The novel was written by Margaret Ellison in 1962.",
    "You have 30 days to return a device.",
    "Veridium has atomic number 121.",
    "It is known that the festival is held in Quenvale.",  # 'known' is not 'unknown'
    "I'd make sure to check the manual.",  # 'sure' without 'not'
])
def test_confident_answers_are_not_abstentions(text: str) -> None:
    assert detect_abstention(text).abstained is False
    assert not is_abstention(text)


def test_empty_output_is_an_abstention_of_its_own_kind() -> None:
    assert detect_abstention("   \n").kind == "empty"


def test_only_the_opening_window_counts() -> None:
    late = "The treaty was signed in 1802 by both kingdoms and ratified soon after. " * 5 + "But I'm not sure."
    assert detect_abstention(late).abstained is False
    assert detect_abstention(late, window=len(late)).abstained is True


def test_extra_phrases_extend_the_list_as_whole_words() -> None:
    fallback = "Please contact our support team for that."
    assert not is_abstention(fallback)
    assert detect_abstention(fallback, extra=["contact our support team"]).phrase == "contact our support team"
    assert not detect_abstention("Contact our support teammates.", extra=["contact our support team"]).abstained


def test_abstention_wins_over_correction_and_longest_phrase_is_reported() -> None:
    match = detect_abstention("I don't know; there is no record of it.")
    assert (match.kind, match.phrase) == ("abstention", "i don't know")


def test_phrase_lists_are_lowercase_and_unique() -> None:
    for phrases in (ABSTENTION_PHRASES, CORRECTION_PHRASES):
        assert all(p == p.lower().strip() for p in phrases)
        assert len(set(phrases)) == len(phrases)
