"""IFEval-style verifiers: each instruction on a response that follows it and one that does not,
strict vs loose scoring, and parsing errors."""

from __future__ import annotations

import pytest

from tunecheck.detectors._instructions import (
    INSTRUCTION_KINDS,
    BulletCount,
    EndPhrase,
    ExcludeWords,
    Highlights,
    IncludeWords,
    Instruction,
    JsonFormat,
    Lowercase,
    NoCommas,
    ParagraphCount,
    Placeholders,
    Postscript,
    Quoted,
    SentenceCount,
    StartPhrase,
    Title,
    Uppercase,
    WordCount,
    WordFrequency,
    count_sentences,
    count_words,
    follows,
    loose_variants,
    parse_instruction,
)

CASES: list[tuple[Instruction, str, str]] = [
    (WordCount("at_most", 5), "one two three four five", "one two three four five six"),
    (WordCount("at_least", 3), "it's three words", "two words"),
    (WordCount("exactly", 2), "two words.", "three words here"),
    (SentenceCount("exactly", 2), "It rains. The price is 3.5 dollars!", "One. Two. Three."),
    (SentenceCount("at_most", 1), "Just one sentence here.", "First. Second."),
    (ParagraphCount(2), "First block.\n\nSecond block.", "One block.\nStill the same block."),
    (JsonFormat(), '```json\n{"a": 1}\n```', 'Here it is: {"a": 1}'),
    (JsonFormat(("name", "slogan")), '{"name": "Crumb", "slogan": "Fresh daily"}', '{"name": "Crumb"}'),
    (BulletCount(3), "* one\n* two\n- three", "* one\n* two"),
    (Title(), "<<A Bottle>>\nIt holds water.", "A Bottle\nIt holds water."),
    (Highlights(2), "This is *key* and *also key*.", "This is *key* only."),
    (Quoted(), '"All wrapped."', 'Not "wrapped".'),
    (Postscript(), "Thanks!\nP.S. See you soon.", "Thanks! See you soon."),
    (Placeholders(2), "Dear [name], at [address].", "Dear [name], at home."),
    (IncludeWords(("sunlight", "scatter")), "Sunlight makes air molecules scatter.", "Sunlight is nice."),
    (ExcludeWords(("money",)), "A plan for spending.", "A plan for money."),
    (WordFrequency("cat", "at_least", 2), "The cat saw another cat.", "The cat slept. Category!"),
    (Lowercase(), "all lower case here.", "Not lower case."),
    (Uppercase(), "ALL CAPS, 100%!", "ALL CAPS but one."),
    (NoCommas(), "No commas at all.", "Yes, commas."),
    (EndPhrase("Have fun exploring."), 'Try hiking. have fun exploring."', "Have fun exploring. Bye."),
    (StartPhrase("My ideal weekend"), "My ideal weekend starts early.", "Ideally my weekend starts early."),
]


def test_every_kind_has_a_case() -> None:
    assert {type(inst).kind for inst, _, _ in CASES} == set(INSTRUCTION_KINDS)


@pytest.mark.parametrize(("instruction", "good", "bad"), CASES, ids=[f"{type(c[0]).kind}-{i}" for i, c in
                                                                      enumerate(CASES)])
def test_instruction_accepts_a_following_response_and_rejects_another(instruction: Instruction, good: str,
                                                                      bad: str) -> None:
    assert instruction.check(good)
    assert not instruction.check(bad)
    assert instruction.describe().endswith((".", "P.S."))


def test_a_bold_span_is_one_highlight() -> None:
    assert Highlights(1).check("A **bold** claim.")
    assert not Highlights(2).check("A **bold** claim.")
    assert Highlights(2).check("A **bold** and an *italic* claim.")


def test_counts() -> None:
    assert count_words("Hello, world -- it's 2024!") == 5  # hello, world, it, s, 2024
    assert count_sentences("* First point.\n* Second point\n\nThird? Yes.") == 4
    assert count_sentences("   ") == 0


def test_loose_variants_are_ifevals_eight() -> None:
    response = "Sure:\n*body*\nBye"
    assert loose_variants(response) == (
        response, "*body*\nBye", "Sure:\n*body*", "*body*",
        "Sure:\nbody\nBye", "body\nBye", "Sure:\nbody", "body")


def test_strict_fails_where_loose_forgives_a_preamble_line() -> None:
    response = "Sure, here is my answer:\nthe sky is blue because light scatters."
    result = follows(response, [Lowercase(), NoCommas()])
    assert result.strict == (False, False)
    assert result.loose == (True, True)
    assert not result.prompt_strict and result.prompt_loose


def test_loose_forgives_markdown_asterisks() -> None:
    result = follows("**Tea** is simple to make and tastes good.", [StartPhrase("Tea is")])
    assert result.strict == (False,) and result.loose == (True,)


def test_loose_does_not_forgive_a_real_failure() -> None:
    result = follows("One, two.\nThree, four.\nFive, six.", [NoCommas()])
    assert result.strict == (False,) and result.loose == (False,)


def test_a_blank_response_follows_nothing() -> None:
    result = follows("   \n", [ExcludeWords(("money",)), NoCommas()])
    assert result.strict == (False, False) and result.loose == (False, False)


def test_parse_builds_each_kind_from_plain_mappings() -> None:
    parsed = parse_instruction({"kind": "keywords:frequency", "word": "cat", "relation": "at_least", "n": 2})
    assert parsed == WordFrequency("cat", "at_least", 2)
    assert parse_instruction({"kind": "format:json", "keys": ["a"]}) == JsonFormat(("a",))


@pytest.mark.parametrize(("spec", "message"), [
    ({"kind": "keyword:include", "words": ["x"]}, "did you mean 'keywords:include'"),
    ({"kind": "length:words", "relation": "less than", "n": 3}, "'relation' must be one of"),
    ({"kind": "length:words", "relation": "at_most", "n": 0}, "'n' must be a positive integer"),
    ({"kind": "length:words", "relation": "at_most", "count": 3}, "unknown field 'count'"),
    ({"kind": "length:words", "n": 3}, "missing 1 required"),
    ({"kind": "keywords:include", "words": []}, "non-empty list"),
])
def test_parse_errors_name_the_problem(spec: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_instruction(spec)
