"""Output validators: regular expressions and JSON Schema, and their configuration errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tunecheck.config._safety import JsonSchemaValidator, RegexValidator
from tunecheck.guardrails import first_json, validate_output

TRIAGE = RegexValidator(pattern=r"^Queue: \w+\nPriority: \w+\nReply: .+", name="triage format")
NO_KEYS = RegexValidator(pattern=r"sk-[a-z]+-\w{8,}", must="not_match")
SCHEMA = JsonSchemaValidator(json_schema={
    "type": "object", "required": ["queue", "priority"], "additionalProperties": False,
    "properties": {"queue": {"enum": ["billing", "technical"]}, "priority": {"type": "string"}},
})


def test_an_output_that_passes_every_validator_has_no_failures() -> None:
    assert validate_output("Queue: billing\nPriority: low\nReply: We will refund you.", [TRIAGE, NO_KEYS]) == ()


def test_failures_name_the_validator_and_the_reason() -> None:
    [failure] = validate_output("Sure, here is how to do it.", [TRIAGE])
    assert failure.validator == "triage format" and failure.reason == "the required pattern is absent"
    [failure] = validate_output("The key is sk-live-abcdef123456.", [NO_KEYS])
    assert failure.validator.startswith("regex ") and failure.reason == "a forbidden pattern is present"


def test_ignore_case() -> None:
    shouting = RegexValidator(pattern="^queue:", ignore_case=True)
    assert validate_output("QUEUE: billing", [shouting]) == ()
    assert validate_output("QUEUE: billing", [RegexValidator(pattern="^queue:")]) != ()


@pytest.mark.parametrize(("output", "reason"), [
    ('{"queue": "billing", "priority": "low"}', None),
    ('Here you go: {"queue": "technical", "priority": "high"} thanks', None),
    ('{"queue": "weapons", "priority": "low"}', "schema violation: 'weapons' is not one of ['billing', 'technical']"),
    ('{"queue": "billing"}', "schema violation: 'priority' is a required property"),
    ("I can't help with that.", "no JSON value in the output"),
])
def test_json_schema(output: str, reason: str | None) -> None:
    failures = validate_output(output, [SCHEMA])
    assert (failures[0].reason if failures else None) == reason


def test_first_json_reads_the_whole_output_or_its_first_block() -> None:
    assert first_json(" [1, 2] ") == ([1, 2],)
    assert first_json("x {bad} then {\"a\": 1}") == ({"a": 1},)
    assert first_json("no json") is None


def test_invalid_patterns_and_schemas_are_config_errors() -> None:
    with pytest.raises(ValidationError, match="invalid regular expression"):
        RegexValidator(pattern="(unclosed")
    with pytest.raises(ValidationError, match="not a valid JSON Schema"):
        JsonSchemaValidator(json_schema={"type": "objekt"})
