"""Loading the instruction-following prompts: a task plus verifiable instructions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tunecheck.datasets import read_jsonl
from tunecheck.detectors import Instruction, parse_instruction
from tunecheck.errors import DataError

PROMPTS_PATH = Path(__file__).resolve().parent / "prompts.jsonl"


@dataclass(frozen=True)
class InstructionItem:
    """One prompt: the task, its instructions, and the text sent (task + each instruction's sentence)."""

    id: str
    task: str
    instructions: tuple[Instruction, ...]
    line: int

    @property
    def prompt(self) -> str:
        return " ".join([self.task, *(instruction.describe() for instruction in self.instructions)])


def load_instruction_items(path: Path = PROMPTS_PATH) -> list[InstructionItem]:
    """Every prompt of a JSONL file of ``{"id", "task", "instructions": [{"kind", ...}]}`` rows."""
    items: list[InstructionItem] = []
    seen: set[str] = set()
    for number, row in read_jsonl(path):
        item = _item(row, path, number)
        if item.id in seen:
            raise DataError(f"duplicate id '{item.id}'", file=str(path), line=number, key="id")
        seen.add(item.id)
        items.append(item)
    return items


def _item(row: object, path: Path, number: int) -> InstructionItem:
    if not isinstance(row, dict):
        raise DataError("each line must be a JSON object", file=str(path), line=number)
    for key in ("id", "task"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise DataError("missing or empty", file=str(path), line=number, key=key)
    specs = row.get("instructions")
    if not isinstance(specs, list) or not specs:
        raise DataError("expected a non-empty list", file=str(path), line=number, key="instructions")
    parsed = []
    for index, spec in enumerate(specs):
        if not isinstance(spec, dict):
            raise DataError("expected an object", file=str(path), line=number, key=f"instructions[{index}]")
        try:
            parsed.append(parse_instruction(spec))
        except ValueError as exc:
            raise DataError(str(exc), file=str(path), line=number, key=f"instructions[{index}]") from None
    return InstructionItem(id=f"instructions/{row['id']}", task=row["task"], instructions=tuple(parsed), line=number)


def content_hash(path: Path = PROMPTS_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
