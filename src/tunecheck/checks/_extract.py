"""Answer extraction: from a model's whole output to the part that is scored.

- ``whole``: the output, stripped;
- ``first_line``: the first non-empty line;
- ``regex``: a group of the first match (empty when nothing matches, which scores as wrong);
- ``json``: a dotted field of the first JSON object in the output;
- ``label``: the label (from the output's label set) mentioned first, as a whole word.

An output whose brackets nest deeper than ``MAX_JSON_DEPTH`` cannot be read for a JSON
field without exhausting the parser: ``screen`` turns such a sample into a failed request
(counted in the check's errors, like a request that failed), and ``extract`` finds nothing.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Sequence

from tunecheck.config import Extraction
from tunecheck.session import Generation

MAX_JSON_DEPTH = 100


def extract(output: str, how: Extraction, labels: Sequence[str] | None = None) -> str:
    """The scored part of ``output``; an empty string when nothing can be extracted."""
    if how.kind == "whole":
        return output.strip()
    if how.kind == "first_line":
        return next((line.strip() for line in output.splitlines() if line.strip()), "")
    if how.kind == "regex":
        flags = re.IGNORECASE if how.ignore_case else 0
        match = re.search(how.pattern, output, flags | re.MULTILINE)
        if match is None:
            return ""
        value = match.group(how.group)
        return (value or "").strip()
    if how.kind == "json":
        return _json_field(output, how.field)
    return first_label(output, labels or ())


def first_label(output: str, labels: Sequence[str]) -> str:
    """The label whose whole-word mention comes first in ``output`` (case-insensitive)."""
    best: tuple[int, str] | None = None
    for label in labels:
        match = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", output, re.IGNORECASE)
        if match is not None and (best is None or match.start() < best[0]):
            best = (match.start(), label)
    return "" if best is None else best[1]


def screen(generations: Sequence[Generation], extractions: Iterable[Extraction]) -> list[Generation]:
    """The generations, with ``error`` set on those an extraction cannot read safely."""
    if not any(how.kind == "json" for how in extractions):
        return list(generations)
    return [g if not g.ok or json_depth(g.text) <= MAX_JSON_DEPTH else dataclasses.replace(
        g, error=f"the output nests JSON deeper than {MAX_JSON_DEPTH} levels; it cannot be read for a field")
        for g in generations]


def json_depth(text: str) -> int:
    """The deepest nesting of ``{`` and ``[`` outside JSON strings (a linear scan, no parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "}]":
            depth = max(0, depth - 1)
    return deepest


def _json_field(output: str, dotted: str) -> str:
    if json_depth(output) > MAX_JSON_DEPTH:
        return ""
    start = output.find("{")
    decoder = json.JSONDecoder()
    while start != -1:
        try:
            value, _ = decoder.raw_decode(output, start)
        except json.JSONDecodeError:
            start = output.find("{", start + 1)
            continue
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                return ""
            value = value[part]
        return value if isinstance(value, str) else json.dumps(value)
    return ""
