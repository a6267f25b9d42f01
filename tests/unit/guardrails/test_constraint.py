"""Constrained decoding: passed with the request when the protocol can carry it, else reported."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from pydantic import ValidationError

import tunecheck.backends as backends
from tunecheck.backends import GenerationParams
from tunecheck.config._safety import ConstrainedDecoding
from tunecheck.guardrails import constrain, constraint_spec

SCHEMA = ConstrainedDecoding(kind="json_schema", json_schema={"type": "object", "required": ["queue"]})
GRAMMAR = ConstrainedDecoding(kind="grammar", grammar='root ::= "Queue: " [a-z]+')


@dataclass(frozen=True)
class _Constraint:
    kind: str
    spec: str


@dataclass(frozen=True)
class _ParamsWithConstraint:
    temperature: float = 0.0
    constraint: _Constraint | None = None


def test_specs_are_canonical_text() -> None:
    assert json.loads(constraint_spec(SCHEMA)) == {"type": "object", "required": ["queue"]}
    assert constraint_spec(SCHEMA) == '{"required":["queue"],"type":"object"}'
    assert constraint_spec(GRAMMAR) == 'root ::= "Queue: " [a-z]+'


def test_without_a_protocol_field_nothing_changes_and_the_reason_is_given() -> None:
    if "constraint" in GenerationParams.__dataclass_fields__:
        pytest.skip("this tunecheck's GenerationParams carries constraints")
    params = GenerationParams()
    same, reason = constrain(params, SCHEMA, supported=True)
    assert same is params and reason is not None and "GenerationParams.constraint" in reason


def test_with_a_protocol_field_the_constraint_is_set_when_supported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backends, "DecodingConstraint", _Constraint, raising=False)
    params = _ParamsWithConstraint()
    constrained, reason = constrain(params, GRAMMAR, supported=True)
    assert reason is None and constrained.constraint == _Constraint("grammar", 'root ::= "Queue: " [a-z]+')
    unchanged, reason = constrain(params, GRAMMAR, supported=False)
    assert unchanged is params and reason == "a backend does not support 'grammar' constraints"


def test_a_constraint_needs_its_matching_field() -> None:
    with pytest.raises(ValidationError, match="kind 'grammar' takes 'grammar'"):
        ConstrainedDecoding(kind="grammar", json_schema={"type": "object"})
    with pytest.raises(ValidationError, match="kind 'json_schema' takes"):
        ConstrainedDecoding(kind="json_schema")
