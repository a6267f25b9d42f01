"""Prompt templates: plain ``{field}`` substitution over row fields, nothing else.

No expressions, no filters, no code: config holds data. ``{{`` and ``}}`` are literal
braces. A field the row lacks is an error naming file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tunecheck.config import ChatMessageTemplate
from tunecheck.datasets._rows import Row
from tunecheck.errors import DataError
from tunecheck.types import Message

_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, row: Row) -> str:
    """Substitute ``{field}`` with the row's values."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return row.text(match.group(1))

    return _FIELD.sub(replace, template)


def fields_of(template: str) -> list[str]:
    return [m.group(1) for m in _FIELD.finditer(template) if m.group(1)]


def render_prompt(template: str | Sequence[ChatMessageTemplate], row: Row) -> str | tuple[Message, ...]:
    """A user-message string, or chat messages, for one row."""
    if isinstance(template, str):
        return fill(template, row)
    return tuple(Message(m.role, fill(m.content, row)) for m in template)


def check_fields(template: str | Sequence[ChatMessageTemplate], row: Row) -> None:
    """Fail early, on the first row, when the template names a missing field."""
    texts = [template] if isinstance(template, str) else [m.content for m in template]
    for text in texts:
        for name in fields_of(text):
            if name not in row.data:
                raise DataError(f"the prompt template uses '{{{name}}}' but the row has no such field",
                                file=row.source, line=row.line, key=name)
