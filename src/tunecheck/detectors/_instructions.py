"""Verifiable instructions, IFEval-style: each says what it asks and checks a response.

Every instruction is a frozen value with ``describe()`` (the sentence added to a prompt)
and ``check(response)``. They are parsed from plain mappings ``{"kind": ..., **fields}``
by ``parse_instruction``; ``INSTRUCTION_KINDS`` lists the kinds.

Scoring follows IFEval (Zhou et al., 2023, "Instruction-Following Evaluation for Large
Language Models"):

- **strict**: the instruction holds on the response as it is (a blank response never does);
- **loose**: it holds on any of eight variants: the response, without its first line,
  without its last line, without both, and each of those four with every ``*`` removed
  (markdown emphasis and a leading "Sure, here it is:" line are forgiven);
- **prompt level**: every instruction of the prompt holds; **instruction level**: the
  share of instructions that hold.

Counting rules: words are runs of letters, digits and underscores (``\\w+``); sentences
are the pieces of text (with a word in them) between a ``.``, ``!`` or ``?`` followed by
whitespace, or a blank line (so "3.5" ends nothing, and a leading bullet marker is
ignored); paragraphs are blocks separated by blank lines; bullets are lines starting
with ``* `` or ``- ``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import ClassVar, Literal, Protocol

from tunecheck.config import unknown_name

Relation = Literal["at_least", "at_most", "exactly"]
_RELATIONS: tuple[str, ...] = ("at_least", "at_most", "exactly")


class Instruction(Protocol):
    """A constraint on a response that a program can check."""

    kind: ClassVar[str]

    def describe(self) -> str: ...

    def check(self, response: str) -> bool: ...


def _holds(count: int, relation: Relation, n: int) -> bool:
    if relation == "at_least":
        return count >= n
    if relation == "at_most":
        return count <= n
    return count == n


def _phrase(relation: Relation, n: int, noun: str) -> str:
    words = {"at_least": "at least", "at_most": "at most", "exactly": "exactly"}[relation]
    return f"{words} {n} {noun}{'' if n == 1 else 's'}"


def count_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def count_sentences(text: str) -> int:
    body = re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    parts = re.split(r"(?<=[.!?])\s+|\n\s*\n", body.strip())
    return sum(1 for part in parts if re.search(r"\w", part))


def paragraphs(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def bullet_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^\s*[*-]\s+\S", line)]


def _mentions(text: str, word: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE))


@dataclass(frozen=True)
class WordCount:
    kind: ClassVar[str] = "length:words"
    relation: Relation
    n: int

    def describe(self) -> str:
        return f"Your answer must contain {_phrase(self.relation, self.n, 'word')}."

    def check(self, response: str) -> bool:
        return _holds(count_words(response), self.relation, self.n)


@dataclass(frozen=True)
class SentenceCount:
    kind: ClassVar[str] = "length:sentences"
    relation: Relation
    n: int

    def describe(self) -> str:
        return f"Write {_phrase(self.relation, self.n, 'sentence')}."

    def check(self, response: str) -> bool:
        return _holds(count_sentences(response), self.relation, self.n)


@dataclass(frozen=True)
class ParagraphCount:
    kind: ClassVar[str] = "length:paragraphs"
    n: int

    def describe(self) -> str:
        return f"Write exactly {self.n} paragraphs, separated from each other by a blank line."

    def check(self, response: str) -> bool:
        return len(paragraphs(response)) == self.n


@dataclass(frozen=True)
class JsonFormat:
    kind: ClassVar[str] = "format:json"
    keys: tuple[str, ...] = ()

    def describe(self) -> str:
        if not self.keys:
            return "Your entire answer must be valid JSON, with no text before or after it."
        return (f"Your entire answer must be a valid JSON object with the {_noun('key', self.keys)} "
                f"{_listing(self.keys)}, and no other text.")

    def check(self, response: str) -> bool:
        text = re.sub(r"^```(?:json|JSON)?\s*|\s*```$", "", response.strip())
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return False
        return not self.keys or (isinstance(value, dict) and all(key in value for key in self.keys))


@dataclass(frozen=True)
class BulletCount:
    kind: ClassVar[str] = "format:bullets"
    n: int

    def describe(self) -> str:
        return f"Answer with exactly {self.n} markdown bullet points, each line starting with \"* \"."

    def check(self, response: str) -> bool:
        return len(bullet_lines(response)) == self.n


@dataclass(frozen=True)
class Title:
    kind: ClassVar[str] = "format:title"

    def describe(self) -> str:
        return "Give your answer a title wrapped in double angular brackets, such as <<my title>>."

    def check(self, response: str) -> bool:
        return re.search(r"<<[^\n<>]*\S[^\n<>]*>>", response) is not None


@dataclass(frozen=True)
class Highlights:
    kind: ClassVar[str] = "format:highlights"
    n: int

    def describe(self) -> str:
        return f"Highlight at least {self.n} part{'' if self.n == 1 else 's'} with markdown, like *this part*."

    def check(self, response: str) -> bool:
        spans = re.findall(r"\*[^\n*]*\*", response) + re.findall(r"\*\*[^\n*]*\*\*", response)
        return sum(1 for span in spans if span.strip("*").strip()) >= self.n


@dataclass(frozen=True)
class Quoted:
    kind: ClassVar[str] = "format:quotes"

    def describe(self) -> str:
        return "Wrap your entire answer in double quotation marks."

    def check(self, response: str) -> bool:
        text = response.strip()
        return len(text) > 1 and text[0] == '"' and text[-1] == '"'


@dataclass(frozen=True)
class Postscript:
    kind: ClassVar[str] = "format:postscript"
    marker: str = "P.S."

    def describe(self) -> str:
        return f"At the end of your answer, add a postscript starting with {self.marker}"

    def check(self, response: str) -> bool:
        pattern = rf"^\s*{re.escape(self.marker)}\s*\S"
        return re.search(pattern, response, flags=re.MULTILINE | re.IGNORECASE) is not None


@dataclass(frozen=True)
class Placeholders:
    kind: ClassVar[str] = "format:placeholders"
    n: int

    def describe(self) -> str:
        return (f"Include at least {self.n} placeholder{'' if self.n == 1 else 's'} in square brackets, "
                "such as [address].")

    def check(self, response: str) -> bool:
        return len(re.findall(r"\[[^\[\]\n]*\S[^\[\]\n]*\]", response)) >= self.n


@dataclass(frozen=True)
class IncludeWords:
    kind: ClassVar[str] = "keywords:include"
    words: tuple[str, ...]

    def describe(self) -> str:
        return f"Use the {_noun('word', self.words)} {_listing(self.words)} in your answer."

    def check(self, response: str) -> bool:
        return all(_mentions(response, word) for word in self.words)


@dataclass(frozen=True)
class ExcludeWords:
    kind: ClassVar[str] = "keywords:exclude"
    words: tuple[str, ...]

    def describe(self) -> str:
        return f"Do not use the {_noun('word', self.words)} {_listing(self.words)} anywhere in your answer."

    def check(self, response: str) -> bool:
        return not any(_mentions(response, word) for word in self.words)


@dataclass(frozen=True)
class WordFrequency:
    kind: ClassVar[str] = "keywords:frequency"
    word: str
    relation: Relation
    n: int

    def describe(self) -> str:
        return f"Use the word \"{self.word}\" {_phrase(self.relation, self.n, 'time')}."

    def check(self, response: str) -> bool:
        return _holds(_mentions(response, self.word), self.relation, self.n)


@dataclass(frozen=True)
class Lowercase:
    kind: ClassVar[str] = "case:lower"

    def describe(self) -> str:
        return "Write your entire answer in lowercase letters; no capital letters are allowed."

    def check(self, response: str) -> bool:
        return response.islower()


@dataclass(frozen=True)
class Uppercase:
    kind: ClassVar[str] = "case:upper"

    def describe(self) -> str:
        return "Write your entire answer in capital letters only."

    def check(self, response: str) -> bool:
        return response.isupper()


@dataclass(frozen=True)
class NoCommas:
    kind: ClassVar[str] = "punctuation:no_commas"

    def describe(self) -> str:
        return "Do not use any commas in your answer."

    def check(self, response: str) -> bool:
        return "," not in response


@dataclass(frozen=True)
class EndPhrase:
    kind: ClassVar[str] = "end:phrase"
    phrase: str

    def describe(self) -> str:
        return f"End your answer with the exact phrase \"{self.phrase}\", with nothing after it."

    def check(self, response: str) -> bool:
        return response.strip().strip('"').lower().endswith(self.phrase.strip().lower())


@dataclass(frozen=True)
class StartPhrase:
    kind: ClassVar[str] = "start:phrase"
    phrase: str

    def describe(self) -> str:
        return f"Begin your answer with the exact words \"{self.phrase}\"."

    def check(self, response: str) -> bool:
        return response.strip().strip('"').lower().startswith(self.phrase.strip().lower())


def _noun(noun: str, values: Sequence[str]) -> str:
    return noun if len(values) == 1 else noun + "s"


def _listing(words: Sequence[str]) -> str:
    quoted = [f'"{word}"' for word in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


_KINDS: tuple[type[Instruction], ...] = (
    WordCount, SentenceCount, ParagraphCount, JsonFormat, BulletCount, Title, Highlights, Quoted, Postscript,
    Placeholders, IncludeWords, ExcludeWords, WordFrequency, Lowercase, Uppercase, NoCommas, EndPhrase, StartPhrase,
)
INSTRUCTION_KINDS: dict[str, type[Instruction]] = {cls.kind: cls for cls in _KINDS}


def parse_instruction(spec: Mapping[str, object]) -> Instruction:
    """An instruction from ``{"kind": ..., **fields}``; a wrong kind or field raises ``ValueError``."""
    kind = spec.get("kind")
    if not isinstance(kind, str) or kind not in INSTRUCTION_KINDS:
        raise ValueError(unknown_name("instruction kind", str(kind), INSTRUCTION_KINDS))
    cls = INSTRUCTION_KINDS[kind]
    allowed = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    values = {key: value for key, value in spec.items() if key != "kind"}
    for key in values:
        if key not in allowed:
            raise ValueError(f"{kind}: {unknown_name('field', key, allowed)}")
    for key, value in list(values.items()):
        values[key] = _field_value(kind, key, value)
    try:
        return cls(**values)
    except TypeError as exc:
        raise ValueError(f"{kind}: {exc}") from None


def _field_value(kind: str, key: str, value: object) -> object:
    if key in ("words", "keys"):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{kind}: '{key}' must be a non-empty list of non-empty strings")
        return tuple(value)
    if key == "n" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ValueError(f"{kind}: 'n' must be a positive integer")
    if key == "relation" and value not in _RELATIONS:
        raise ValueError(f"{kind}: 'relation' must be one of {', '.join(_RELATIONS)}")
    if key in ("word", "phrase", "marker") and (not isinstance(value, str) or not value.strip()):
        raise ValueError(f"{kind}: '{key}' must be a non-empty string")
    return value


def loose_variants(response: str) -> tuple[str, ...]:
    """IFEval's eight loose variants of a response."""
    lines = response.split("\n")
    trimmed = (response, "\n".join(lines[1:]).strip(), "\n".join(lines[:-1]).strip(), "\n".join(lines[1:-1]).strip())
    return trimmed + tuple(text.replace("*", "") for text in trimmed)


@dataclass(frozen=True)
class FollowResult:
    """Which of a prompt's instructions hold, strictly and loosely."""

    strict: tuple[bool, ...]
    loose: tuple[bool, ...]

    @property
    def prompt_strict(self) -> bool:
        return all(self.strict)

    @property
    def prompt_loose(self) -> bool:
        return all(self.loose)


def follows(response: str, instructions: Sequence[Instruction]) -> FollowResult:
    """Strict and loose outcome of every instruction on ``response``."""
    variants = [text for text in loose_variants(response) if text.strip()]
    strict = tuple(bool(response.strip()) and inst.check(response) for inst in instructions)
    loose = tuple(any(inst.check(text) for text in variants) for inst in instructions)
    return FollowResult(strict=strict, loose=loose)


__all__ = [
    "INSTRUCTION_KINDS",
    "BulletCount",
    "EndPhrase",
    "ExcludeWords",
    "FollowResult",
    "Highlights",
    "IncludeWords",
    "Instruction",
    "JsonFormat",
    "Lowercase",
    "NoCommas",
    "ParagraphCount",
    "Placeholders",
    "Postscript",
    "Quoted",
    "Relation",
    "SentenceCount",
    "StartPhrase",
    "Title",
    "Uppercase",
    "WordCount",
    "WordFrequency",
    "bullet_lines",
    "count_sentences",
    "count_words",
    "follows",
    "loose_variants",
    "paragraphs",
    "parse_instruction",
]
