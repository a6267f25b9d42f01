"""Automatic prompt variants: a documented, seeded set of meaning-preserving rewrites.

Each rewrite turns a prompt text into a variant that a model which learned the task
(rather than the exact strings of its training data) should answer the same way:

- ``instruction``: wraps the text in a reworded request, one template drawn from
  :data:`DEFAULT_INSTRUCTIONS` (or the configured list; ``{prompt}`` marks the text);
- ``lowercase``: the whole text in lower case;
- ``casing``: about 30% of the words change case (``word`` <-> ``Word``; at least one);
- ``whitespace``: about 25% of the spaces between words doubled (at least one), and a
  trailing space and newline;
- ``punctuation``: about half of the punctuation marks that end a word (``. , ! ? ; :``
  before a space or the end of the text) dropped, at least one; marks inside tokens
  (``3.5``, ``a@b.com``) are kept;
- ``typos``: two adjacent inner letters swapped in about 10% of the words of four or
  more letters (at least one). Not in the defaults: it can garble a name or a code.

A rewrite is deterministic given ``(seed, item id, rewrite name)``, so a variant is the
same in every run and for both models. A rewrite that would leave the text unchanged
(``punctuation`` on text without any) yields no variant.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Final, Literal

RewriteName = Literal["instruction", "lowercase", "casing", "whitespace", "punctuation", "typos"]

DEFAULT_REWRITES: Final[tuple[RewriteName, ...]] = ("instruction", "casing", "whitespace", "punctuation")

DEFAULT_INSTRUCTIONS: Final[tuple[str, ...]] = (
    "Please help with the following.\n\n{prompt}",
    "Here is a message for you:\n{prompt}",
    "{prompt}\n\nPlease respond.",
    "Could you handle this request?\n\n{prompt}",
    "Take a look at this and answer as you normally would:\n{prompt}",
)
"""Reworded requests around the original prompt text (``{prompt}``)."""

PLACEHOLDER: Final[str] = "{prompt}"

_WORD = re.compile(r"[^\W\d_]+")
_END_PUNCT = re.compile(r"[.,!?;:](?=\s|$)")


def rewrite(text: str, name: RewriteName, *, seed: int, key: str,
            instructions: Sequence[str] = DEFAULT_INSTRUCTIONS) -> str:
    """The ``name`` variant of ``text``; ``key`` (an item id) and ``seed`` fix the random choices."""
    rng = random.Random(f"{seed}:{key}:{name}")
    if name == "instruction":
        return _instruction(text, rng, instructions)
    return _NOISE[name](text, rng)


def variants(text: str, names: Sequence[RewriteName], *, seed: int, key: str,
             instructions: Sequence[str] = DEFAULT_INSTRUCTIONS) -> list[tuple[RewriteName, str]]:
    """``(rewrite, variant)`` for each rewrite that changes ``text``."""
    out: list[tuple[RewriteName, str]] = []
    for name in names:
        changed = rewrite(text, name, seed=seed, key=key, instructions=instructions)
        if changed != text:
            out.append((name, changed))
    return out


def _instruction(text: str, rng: random.Random, instructions: Sequence[str]) -> str:
    if not instructions:
        raise ValueError("the 'instruction' rewrite needs at least one template containing '{prompt}'")
    template = rng.choice(list(instructions))
    if PLACEHOLDER not in template:
        raise ValueError(f"instruction template {template!r} does not contain '{PLACEHOLDER}'")
    return template.replace(PLACEHOLDER, text)


def _lowercase(text: str, rng: random.Random) -> str:
    return text.lower()


def _casing(text: str, rng: random.Random) -> str:
    words = [m for m in _WORD.finditer(text) if _flips(m.group(0))]
    chosen = _choose(words, 0.3, rng)
    return _replace(text, [(m.start(), m.end(), _flip_case(m.group(0))) for m in chosen])


def _flips(word: str) -> bool:
    """The word changes case and only case (not 'ß' -> 'SS')."""
    flipped = _flip_case(word)
    return flipped != word and len(flipped) == len(word) and flipped.lower() == word.lower()


def _flip_case(word: str) -> str:
    if word.islower():
        return word[0].upper() + word[1:]
    return word.lower()


def _whitespace(text: str, rng: random.Random) -> str:
    spaces = list(re.finditer(r"(?<=\S) (?=\S)", text))
    chosen = _choose(spaces, 0.25, rng)
    body = _replace(text, [(m.start(), m.end(), "  ") for m in chosen])
    return body + " \n"


def _punctuation(text: str, rng: random.Random) -> str:
    marks = list(_END_PUNCT.finditer(text))
    chosen = _choose(marks, 0.5, rng)
    return _replace(text, [(m.start(), m.end(), "") for m in chosen])


def _typos(text: str, rng: random.Random) -> str:
    words = [m for m in _WORD.finditer(text) if len(m.group(0)) >= 4 and len(set(m.group(0)[1:-1])) > 1]
    edits = []
    for m in _choose(words, 0.1, rng):
        word = m.group(0)
        positions = [i for i in range(1, len(word) - 2) if word[i] != word[i + 1]]
        if positions:
            i = rng.choice(positions)
            edits.append((m.start(), m.end(), word[:i] + word[i + 1] + word[i] + word[i + 2:]))
    return _replace(text, edits)


def _choose(matches: list[re.Match[str]], share: float, rng: random.Random) -> list[re.Match[str]]:
    """Each match with probability ``share``; at least one when there are any."""
    if not matches:
        return []
    chosen = [m for m in matches if rng.random() < share]
    return chosen or [rng.choice(matches)]


def _replace(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


_NOISE: Final[dict[str, Callable[[str, random.Random], str]]] = {
    "lowercase": _lowercase,
    "casing": _casing,
    "whitespace": _whitespace,
    "punctuation": _punctuation,
    "typos": _typos,
}
