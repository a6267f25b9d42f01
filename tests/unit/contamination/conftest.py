"""The triage demo's data and its contamination planter, for the contamination tests."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

TRIAGE = Path(__file__).resolve().parents[3] / "examples" / "triage"
TRAIN = TRIAGE / "data" / "train.jsonl"


def read_rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_rows(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def plant() -> Iterator[ModuleType]:
    """``examples/triage/plant.py`` (its sibling modules import by bare name)."""
    sys.path.insert(0, str(TRIAGE))
    try:
        yield importlib.import_module("plant")
    finally:
        sys.path.remove(str(TRIAGE))


@pytest.fixture(scope="session")
def planted(plant: ModuleType) -> dict[str, list[dict[str, object]]]:
    """Clean held-out-phrasing tickets, and the same with 6 exact, 8 renamed and 8 shuffled training rows."""
    built: dict[str, list[dict[str, object]]] = plant.build(11, read_rows(TRAIN),
                                                              {"exact": 6, "renamed": 8, "shuffled": 8})
    return built
