"""Question sets -> items: the question, its references, whether it has an answer, and the prompt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.config import HallucinationSettings, QuestionSet
from tunecheck.datasets import Dataset, Row, render_prompt
from tunecheck.errors import DataError
from tunecheck.session import Session
from tunecheck.suites.hallucination import probes_spec
from tunecheck.types import Message

UNCATEGORISED = "uncategorised"


@dataclass(frozen=True)
class Item:
    """One question of a question set, ready to prompt and to score."""

    id: str
    dataset: str
    category: str
    question: str
    context: str | None
    references: tuple[str, ...]
    answerable: bool
    note: str | None
    prompt: str | tuple[Message, ...]


def question_sets(settings: HallucinationSettings) -> list[QuestionSet]:
    """The built-in probe set (when enabled) followed by the configured sets."""
    probes = [QuestionSet(name="probes", dataset=probes_spec())] if settings.probes else []
    return [*probes, *settings.datasets]


def load_items(settings: HallucinationSettings, session: Session, check_id: str) -> list[Item]:
    """Every question set's rows as items (ids ``<set>/<row id>``), each set limited by ``settings.limit``."""
    items: list[Item] = []
    for qset in question_sets(settings):
        dataset = session.dataset(qset.dataset, f"{check_id}.{qset.name}")
        rows = balanced(dataset, session.limit(settings.limit))
        items += [to_item(qset, row, settings.prompt, settings.context_prompt) for row in rows]
    return items


def balanced(dataset: Dataset, limit: int | None) -> list[Row]:
    """The first ``limit`` rows taken round-robin over categories (in order of first appearance)."""
    rows = list(dataset.rows)
    if limit is None or limit >= len(rows):
        return rows
    groups: dict[str | None, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.category, []).append(row)
    picked: list[Row] = []
    depth = 0
    while len(picked) < limit:
        picked += [group[depth] for group in groups.values() if depth < len(group)][: limit - len(picked)]
        depth += 1
    order = {row.id: i for i, row in enumerate(rows)}
    return sorted(picked, key=lambda r: order[r.id])


def to_item(qset: QuestionSet, row: Row, prompt: str, context_prompt: str) -> Item:
    references = row_references(row, qset.reference_fields)
    answerable = _answerable(row, qset.answerable_field, references)
    if answerable and not references:
        raise DataError(f"an answerable question needs a reference in {qset.reference_fields}",
                        file=row.source, line=row.line, key=qset.reference_fields[0])
    context = _optional_text(row, qset.context_field)
    return Item(
        id=f"{qset.name}/{row.id}", dataset=qset.name, category=row.category or UNCATEGORISED,
        question=row.text(qset.question_field), context=context, references=references if answerable else (),
        answerable=answerable, note=_optional_text(row, qset.note_field),
        prompt=render_prompt(context_prompt if context else prompt, row),
    )


def row_references(row: Row, fields: Sequence[str]) -> tuple[str, ...]:
    """Non-blank reference strings from the fields (a string or a list of strings each; null/absent: none)."""
    out: list[str] = []
    for key in fields:
        value = row.data.get(key)
        values = value if isinstance(value, list) else [] if value is None else [value]
        for entry in values:
            if not isinstance(entry, (str, int, float)) or isinstance(entry, bool):
                raise DataError("a reference must be a string, a number or a list of them",
                                file=row.source, line=row.line, key=key)
            if str(entry).strip():
                out.append(str(entry).strip())
    return tuple(dict.fromkeys(out))


def _answerable(row: Row, key: str | None, references: tuple[str, ...]) -> bool:
    if key is None or row.data.get(key) is None:
        return bool(references)
    value = row.data[key]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no"):
        return value.strip().lower() in ("true", "1", "yes")
    raise DataError(f"must be true or false, got {value!r}", file=row.source, line=row.line, key=key)


def _optional_text(row: Row, key: str | None) -> str | None:
    if key is None or row.data.get(key) in (None, ""):
        return None
    value = row.data[key]
    if not isinstance(value, str):
        raise DataError(f"must be text, got {type(value).__name__}", file=row.source, line=row.line, key=key)
    return value
