"""Report strings made safe for Markdown (the model card, the CI job summary).

Free text (a model name, an adapter's ``peft_type``, the run file's ``model_card`` facts,
a gate's reason) is data, never markup: ``inline`` puts it on one line, so it cannot start a
heading, a list, a quote, a rule or a table of its own, and escapes what would format it
inline (code spans, emphasis, links, table cells); ``<`` and ``&`` become entities, since
Markdown renders raw HTML. ``paragraphs`` keeps the blank-line breaks between paragraphs and
escapes each like ``inline``.
"""

from __future__ import annotations

import re

# Code spans, emphasis, table cells, headings; "]" where it would close a link text; "_" outside words.
_INLINE = re.compile(r"[\\`*|#]|\](?=[(\[:])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LEADING = (
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),  # an ordered list item
    (re.compile(r"^([-+>])(?=\s|$)"), r"\\\1"),  # a bullet item, a quote
    (re.compile(r"^>"), r"\\>"),  # a quote without a space
    (re.compile(r"^(=+|-+)\s*$"), r"\\\1"),  # a setext underline or a rule
)


def _escape(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def inline(text: str) -> str:
    """``text`` on one line, shown literally wherever Markdown puts it (a heading, a list item, a cell)."""
    flat = " ".join(str(text).split())
    escaped = _INLINE.sub(_escape, flat.replace("&", "&amp;").replace("<", "&lt;"))
    for pattern, replacement in _LEADING:
        escaped = pattern.sub(replacement, escaped)
    return escaped


def paragraphs(text: str) -> str:
    """Multi-paragraph free text: each paragraph through ``inline``, separated by blank lines."""
    parts = [inline(part) for part in re.split(r"\n\s*\n", str(text)) if part.strip()]
    return "\n\n".join(parts)


def code(text: str) -> str:
    """An identifier (a model id, a path, a hash) as a code span when it can be one, else ``inline``."""
    flat = " ".join(str(text).split())
    return f"`{flat}`" if "`" not in flat and flat == str(text) and flat else inline(text)
