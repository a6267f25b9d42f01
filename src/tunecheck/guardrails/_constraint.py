"""Constrained decoding: a JSON Schema or a GBNF grammar passed with each request.

The backend protocol carries a constraint when ``GenerationParams`` has a
``constraint`` field and ``tunecheck.backends`` a ``DecodingConstraint(kind, spec)``
value type (``spec``: the JSON Schema as JSON text, or the GBNF text); a backend that
applies it advertises the capability named like the kind (``json_schema``,
``grammar``). Where either is missing, ``constrain`` says why and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

import tunecheck.backends as backends
from tunecheck.config import ConstrainedDecoding

_P = TypeVar("_P")


def constraint_spec(constrained: ConstrainedDecoding) -> str:
    """The constraint as text: canonical JSON for a schema, the grammar itself for GBNF."""
    if constrained.kind == "json_schema":
        return json.dumps(constrained.json_schema, sort_keys=True, separators=(",", ":"))
    return constrained.grammar or ""


def constrain(params: _P, constrained: ConstrainedDecoding, *, supported: bool) -> tuple[_P, str | None]:
    """``params`` with the constraint set, or unchanged with the reason it cannot be applied."""
    value_type = getattr(backends, "DecodingConstraint", None)
    names = {f.name for f in fields(params)} if is_dataclass(params) and not isinstance(params, type) else set()
    if value_type is None or "constraint" not in names:
        return params, ("the backend protocol of this tunecheck version cannot carry a decoding constraint "
                        "(GenerationParams.constraint)")
    if not supported:
        return params, f"a backend does not support '{constrained.kind}' constraints"
    constraint = value_type(constrained.kind, constraint_spec(constrained))
    return replace(params, constraint=constraint), None  # type: ignore[type-var]
