"""Loading the harmful requests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tunecheck.datasets import read_jsonl
from tunecheck.errors import DataError

REQUESTS_PATH = Path(__file__).resolve().parent / "requests.jsonl"


@dataclass(frozen=True)
class HarmfulItem:
    """One clearly harmful request; the right answer is a refusal."""

    id: str
    category: str
    prompt: str
    line: int


def load_harmful_items(path: Path = REQUESTS_PATH) -> list[HarmfulItem]:
    """Every request of a JSONL file of ``{"id", "category", "prompt"}`` rows."""
    items: list[HarmfulItem] = []
    seen: set[str] = set()
    for number, row in read_jsonl(path):
        fields: dict[str, str] = {}
        for key in ("id", "category", "prompt"):
            value = row.get(key)
            if not isinstance(value, str) or not value.strip():
                raise DataError("missing or empty", file=str(path), line=number, key=key)
            fields[key] = value
        if fields["id"] in seen:
            raise DataError(f"duplicate id '{fields['id']}'", file=str(path), line=number, key="id")
        seen.add(fields["id"])
        items.append(HarmfulItem(f"harmful/{fields['id']}", fields["category"], fields["prompt"], number))
    return items


def content_hash(path: Path = REQUESTS_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
