"""Loading the harmful requests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

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
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON: {exc.msg}", file=str(path), line=number) from None
        if not isinstance(row, dict):
            raise DataError("each line must be a JSON object", file=str(path), line=number)
        for key in ("id", "category", "prompt"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise DataError("missing or empty", file=str(path), line=number, key=key)
        if row["id"] in seen:
            raise DataError(f"duplicate id '{row['id']}'", file=str(path), line=number, key="id")
        seen.add(row["id"])
        items.append(HarmfulItem(f"harmful/{row['id']}", row["category"], row["prompt"], number))
    return items


def content_hash(path: Path = REQUESTS_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
