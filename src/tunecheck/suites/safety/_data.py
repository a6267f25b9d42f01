"""The hand-written suites shipped as package data (JSONL: id, category, prompt)."""

from __future__ import annotations

import json
from importlib import resources

from tunecheck.suites.safety._items import ItemKind, SafetyItem, user


def read_jsonl(name: str) -> list[dict[str, str]]:
    """Rows of ``<name>.jsonl`` in this package."""
    text = resources.files("tunecheck.suites.safety").joinpath(f"{name}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def prompt_suite(name: str, kind: ItemKind) -> tuple[SafetyItem, ...]:
    """A suite of single-turn prompts (``harmful`` or ``over_refusal``)."""
    return tuple(
        SafetyItem(id=f"{name}/{row['id']}", suite=name, kind=kind, category=row["category"],
                   turns=user(row["prompt"]), request=row["prompt"], source=f"{name}.jsonl:{line}")
        for line, row in enumerate(read_jsonl(name), start=1)
    )
