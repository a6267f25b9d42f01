"""Output validators: regular expressions and JSON Schema."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.config import JsonSchemaValidator, OutputValidator, RegexValidator


@dataclass(frozen=True)
class ValidationFailure:
    """Which validator rejected an output, and why."""

    validator: str
    reason: str


def validator_name(validator: OutputValidator) -> str:
    if validator.name:
        return validator.name
    return f"regex {validator.pattern!r}" if isinstance(validator, RegexValidator) else "json_schema"


def validate_output(text: str, validators: Sequence[OutputValidator]) -> tuple[ValidationFailure, ...]:
    """Every validator the output fails (empty when it passes them all)."""
    failures = []
    for validator in validators:
        reason = _regex(text, validator) if isinstance(validator, RegexValidator) else _schema(text, validator)
        if reason is not None:
            failures.append(ValidationFailure(validator_name(validator), reason))
    return tuple(failures)


def _regex(text: str, validator: RegexValidator) -> str | None:
    found = re.search(validator.pattern, text, re.IGNORECASE if validator.ignore_case else 0) is not None
    if validator.must == "match" and not found:
        return "the required pattern is absent"
    if validator.must == "not_match" and found:
        return "a forbidden pattern is present"
    return None


def _schema(text: str, validator: JsonSchemaValidator) -> str | None:
    import jsonschema

    value = first_json(text)
    if value is None:
        return "no JSON value in the output"
    checker = jsonschema.validators.validator_for(validator.json_schema)(validator.json_schema)
    error = jsonschema.exceptions.best_match(checker.iter_errors(value[0]))  # type: ignore[arg-type]
    return None if error is None else f"schema violation: {error.message}"


def first_json(text: str) -> tuple[object] | None:
    """The output parsed as JSON, else its first balanced {...} or [...] block that parses."""
    stripped = text.strip()
    try:
        return (json.loads(stripped),)
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    for index, char in enumerate(stripped):
        if char in "{[":
            try:
                value, _ = decoder.raw_decode(stripped, index)
            except json.JSONDecodeError:
                continue
            return (value,)
    return None
