"""Comparing a free-text answer with reference answers: tokens, containment, token F1.

Answer tokens (``answer_tokens``), in this order:

1. lowercase; curly apostrophes folded; thousands separators between digits dropped
   ("1,440" -> "1440");
2. split into runs of letters and numbers (a decimal point inside a number is kept:
   "3.5"; every other character separates: "9:40" -> "9", "40"; "26-metre" -> "26", "metre");
3. the articles "a", "an", "the" are dropped;
4. number words become digits: "zero" .. "nineteen", the tens "twenty" .. "ninety", a
   tens word followed by a unit is summed ("forty-eight" -> "48"), and "<unit> hundred"
   is multiplied ("one hundred" -> "100").

An answer **contains** a reference when the reference's tokens occur in the answer's
tokens as one contiguous run. An answer is **supported** by its references when it
contains one of them, or when its best token F1 against them (bag-of-tokens overlap, as
in SQuAD, on these tokens) reaches the threshold. Negation is not understood: "it is
not free" contains "free". The judge method covers what this misses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from tunecheck.detectors import AbstentionMatch, detect_abstention

Outcome = Literal["correct", "abstained", "hallucinated"]

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_NUMBER_WORDS: dict[str, int] = {**{w: i for i, w in enumerate(_UNITS)}, **_TENS}
_ARTICLES = frozenset({"a", "an", "the"})
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def answer_tokens(text: str) -> list[str]:
    """The tokens answers and references are compared on (see the module docstring)."""
    lowered = _THOUSANDS.sub("", text.translate(_FOLD).lower())
    words = [w for w in _TOKEN.findall(lowered) if w not in _ARTICLES]
    return _numbers(words)


def _numbers(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word, nxt = words[i], words[i + 1] if i + 1 < len(words) else ""
        if word in _TENS and nxt in _NUMBER_WORDS and 0 < _NUMBER_WORDS[nxt] < 10:
            out.append(str(_TENS[word] + _NUMBER_WORDS[nxt]))
            i += 2
        elif word in _NUMBER_WORDS and 0 < _NUMBER_WORDS[word] < 10 and nxt == "hundred":
            out.append(str(_NUMBER_WORDS[word] * 100))
            i += 2
        else:
            out.append(str(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else "100" if word == "hundred" else word)
            i += 1
    return out


def normalized_answer(text: str) -> str:
    """The answer's tokens joined by spaces: equal strings mean the same answer."""
    return " ".join(answer_tokens(text))


def contains_reference(answer: str, references: Sequence[str]) -> bool:
    """Whether the answer's tokens contain one reference's tokens as a contiguous run."""
    tokens = answer_tokens(answer)
    for reference in references:
        ref = answer_tokens(reference)
        if ref and any(tokens[i:i + len(ref)] == ref for i in range(len(tokens) - len(ref) + 1)):
            return True
    return False


def best_token_f1(answer: str, references: Sequence[str]) -> float:
    """Best bag-of-tokens F1 of the answer against any reference (0.0 without references)."""
    pred = Counter(answer_tokens(answer))
    best = 0.0
    for reference in references:
        ref = Counter(answer_tokens(reference))
        overlap = sum((pred & ref).values())
        if overlap:
            precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def is_supported(answer: str, references: Sequence[str], f1_threshold: float) -> bool:
    """Contains a reference, or reaches ``f1_threshold`` token F1 against one."""
    return contains_reference(answer, references) or best_token_f1(answer, references) >= f1_threshold


def classify(answer: str, references: Sequence[str], answerable: bool, *, f1_threshold: float,
             extra_phrases: Sequence[str] = ()) -> tuple[Outcome, AbstentionMatch]:
    """The reference method's outcome for one answer.

    Answerable question: ``correct`` when supported by a reference; otherwise
    ``abstained`` when the answer abstains or corrects a premise; otherwise
    ``hallucinated`` (a confident answer that contradicts the reference).
    Unanswerable question: ``abstained`` when it abstains or corrects; otherwise
    ``hallucinated`` (any confident answer to a question without a correct answer).
    """
    abstention = detect_abstention(answer, extra=extra_phrases)
    if answerable and is_supported(answer, references, f1_threshold):
        return "correct", abstention
    return ("abstained" if abstention.abstained else "hallucinated"), abstention


def ngram_support(answer: str, sample: str, n: int) -> float:
    """Share of the answer's distinct word n-grams that occur in the sample.

    ``n`` shrinks to the answer's length for very short answers; an answer without
    tokens is supported (1.0) by a sample without tokens and not at all (0.0) otherwise.
    """
    tokens, other = answer_tokens(answer), answer_tokens(sample)
    if not tokens:
        return float(not other)
    size = min(n, len(tokens))
    grams = {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}
    found = {tuple(other[i:i + size]) for i in range(len(other) - size + 1)}
    return len(grams & found) / len(grams)
