"""The built-in reasoning suite: seeded problems with exact answers, and answer extraction."""

from __future__ import annotations

import re

import pytest

from tunecheck.suites.reasoning import TEMPLATES, content_hash, extract_number, is_correct, reasoning_items


def test_the_same_seed_gives_the_same_problems_and_a_longer_list_extends_a_shorter_one() -> None:
    first, again = reasoning_items(60, seed=3), reasoning_items(60, seed=3)
    assert first == again and content_hash(first) == content_hash(again)
    assert reasoning_items(80, seed=3)[:60] == first
    assert reasoning_items(60, seed=4) != first


def test_default_suite_has_at_least_50_items_across_every_template() -> None:
    items = reasoning_items()
    assert len(items) >= 50 and len({i.id for i in items}) == len(items)
    assert {i.category for i in items} == set(TEMPLATES)
    assert all(i.prompt.startswith(i.question) and "Answer: <number>" in i.prompt for i in items)


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


def _evaluate(tokens: list[str]) -> float:
    """``a op b op c ...`` with × and ÷ before + and -."""
    terms: list[float] = [float(tokens[0])]
    signs: list[str] = []
    for op, value in zip(tokens[1::2], tokens[2::2], strict=True):
        if op == "×":
            terms[-1] *= float(value)
        elif op == "÷":
            terms[-1] /= float(value)
        else:
            signs.append(op)
            terms.append(float(value))
    return terms[0] + sum(t if s == "+" else -t for s, t in zip(signs, terms[1:], strict=True))


def _recompute(category: str, question: str) -> float:
    """An independent reading of each template's question."""
    n = _numbers(question)
    if category.startswith("arithmetic:") and category != "arithmetic:percent":
        expression = re.search(r"(?:What is|Compute) (.+?)[?.]$", question)
        assert expression is not None
        return _evaluate(expression.group(1).split())
    formulas = {
        "arithmetic:percent": lambda: n[0] * n[1] / 100,
        "word:shopping": lambda: n[3] - n[0] * n[1] - n[2],
        "word:rate": lambda: n[1] / n[0],
        "word:sharing": lambda: n[0] / n[1] - n[2],
        "word:distance": lambda: n[0] * n[1] + n[2] * n[3],
        "word:ages": lambda: n[0] * n[1] + n[2],
        "word:rounding_up": lambda: -(-n[1] // n[0]),
        "word:time": lambda: n[0] * 60 + n[1] + n[2] - 12 * 60,
        "word:unit_price": lambda: n[0] * n[1],
    }
    return float(formulas[category]())


def test_every_answer_is_what_the_question_says() -> None:
    for item in reasoning_items(240, seed=11):
        assert _recompute(item.category, item.question) == pytest.approx(item.answer), item.question


@pytest.mark.parametrize(("text", "value"), [
    ("3 + 4 = 7, then 7 * 2 = 14.\nAnswer: 14", 14.0),
    ("The answer is $1,234.50.", 1234.5),
    ("Answer: **-12**", -12.0),
    ("We get 40 apples, so 5 per basket.", 5.0),
    ("Answer: 8 boxes (7 would hold 84 eggs).", 8.0),
    ("I am not sure.", None),
])
def test_numbers_are_read_from_worked_answers(text: str, value: float | None) -> None:
    assert extract_number(text) == value


def test_correctness_compares_numbers_not_strings() -> None:
    assert is_correct("Answer: 15.00", 15.0)
    assert is_correct("Answer: 1,000", 1000.0)
    assert not is_correct("Answer: 14", 15.0)
    assert not is_correct("", 15.0)
