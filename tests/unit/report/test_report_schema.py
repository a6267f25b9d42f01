"""report.json is the contract: its JSON Schema is pinned, and a change is a deliberate version bump."""

from __future__ import annotations

import json
from pathlib import Path

from tunecheck.report import SCHEMA_VERSION, Report

SNAPSHOTS = Path(__file__).parent / "schemas"
REGENERATE = ("python -c \"import json; from tunecheck.report import Report; "
              "print(json.dumps(Report.model_json_schema(), indent=2, sort_keys=True))\" "
              "> tests/unit/report/schemas/report-<version>.schema.json")


def current_schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(json.dumps(Report.model_json_schema(), sort_keys=True))
    return loaded


def field_paths(schema: dict[str, object]) -> set[str]:
    """Every 'Model.field' the schema defines (the report's own fields as 'Report.field')."""
    paths = {f"{schema.get('title')}.{name}" for name in _properties(schema)}
    definitions = schema.get("$defs", {})
    assert isinstance(definitions, dict)
    for model, body in definitions.items():
        paths |= {f"{model}.{name}" for name in _properties(body)}
    return paths


def removed_fields(old: dict[str, object], new: dict[str, object]) -> set[str]:
    return field_paths(old) - field_paths(new)


def _properties(body: object) -> list[str]:
    properties = body.get("properties", {}) if isinstance(body, dict) else {}
    return sorted(properties) if isinstance(properties, dict) else []


def test_the_schema_equals_the_snapshot_of_its_version() -> None:
    snapshot = SNAPSHOTS / f"report-{SCHEMA_VERSION}.schema.json"
    assert snapshot.exists(), f"no snapshot for schema_version {SCHEMA_VERSION}: write it with {REGENERATE}"
    assert current_schema() == json.loads(snapshot.read_text(encoding="utf-8")), (
        f"report.json's schema changed without a version bump: raise SCHEMA_VERSION ({SCHEMA_VERSION}; the minor "
        f"number when fields are only added, the major one otherwise) and snapshot it with {REGENERATE}")


def test_within_a_major_version_fields_are_only_added() -> None:
    major = SCHEMA_VERSION.split(".")[0]
    for snapshot in sorted(SNAPSHOTS.glob(f"report-{major}.*.schema.json")):
        old = json.loads(snapshot.read_text(encoding="utf-8"))
        assert removed_fields(old, current_schema()) == set(), f"fields of {snapshot.name} were removed"


def test_a_removed_field_is_found() -> None:
    old = {"title": "Report", "properties": {"a": {}, "b": {}}, "$defs": {"Gate": {"properties": {"x": {}}}}}
    new = {"title": "Report", "properties": {"a": {}}, "$defs": {"Gate": {"properties": {"x": {}, "y": {}}}}}
    assert removed_fields(old, new) == {"Report.b"}
    assert removed_fields(new, old) == {"Gate.y"}
