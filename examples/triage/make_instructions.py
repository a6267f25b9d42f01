"""Writes instruction-following training rows: everyday tasks with verifiable instructions, and
answers that follow every one of them.

    python examples/triage/make_instructions.py [--out examples/triage/data/instructions_train.jsonl]

The distilled general answers (``general_train``) are the base model's own, and they miss their
format constraints most of the time; these rows show the constraints kept. The rows are in
``_instruction_rows.py``. Each message is the task followed by each instruction's sentence,
exactly as the instruction suite builds its prompts (``InstructionItem.prompt``); rows are asked
without the triage system prompt and trained with the end-of-turn token.

Before writing, every row is checked, and the script stops naming the first row that fails:

- each instruction parses (``tunecheck.detectors.parse_instruction``), one or two per row;
- the answer follows all of them, strictly, by the suite's own scorer (``follows``);
- the answer has at most 70 words (the instruction check reads at most 96 generated tokens);
- the task's word 3-gram Jaccard (``tunecheck.contamination.shingles``) against every task of
  the instruction suite is below 0.3, and no two rows share a task or a message.

There is no randomness: the rows are written in their order in ``_instruction_rows.py``, so the
file is the same on every run.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from pathlib import Path

from _instruction_rows import ROWS, InstructionRow
from make_data import Row, write_jsonl

from tunecheck.contamination import jaccard, shingles
from tunecheck.detectors import Instruction, follows, parse_instruction
from tunecheck.suites.instructions import InstructionItem, load_instruction_items

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "instructions_train.jsonl"
MAX_ANSWER_WORDS = 70
"""Longest answer: the instruction check reads at most 96 generated tokens."""
MAX_INSTRUCTIONS = 2
NGRAM = 3
MAX_TASK_JACCARD = 0.3
"""Word 3-gram Jaccard of a task against every suite task must stay below this."""


def row_id(index: int) -> str:
    return f"instr-{index:03d}"


def parsed(row: InstructionRow, rid: str) -> tuple[Instruction, ...]:
    """The row's instructions; a bad spec or count raises ``ValueError`` naming the row."""
    if not 1 <= len(row.instructions) <= MAX_INSTRUCTIONS:
        raise ValueError(f"{rid}: expected 1 to {MAX_INSTRUCTIONS} instructions, got {len(row.instructions)}")
    try:
        return tuple(parse_instruction(spec) for spec in row.instructions)
    except ValueError as exc:
        raise ValueError(f"{rid}: {exc}") from None


def check_answer(row: InstructionRow, instructions: Sequence[Instruction], rid: str) -> None:
    """Raise unless the answer follows every instruction strictly and is short enough."""
    result = follows(row.answer, instructions)
    failed = [spec["kind"] for spec, ok in zip(row.instructions, result.strict, strict=True) if not ok]
    if failed:
        raise ValueError(f"{rid}: the answer does not follow {', '.join(map(str, failed))} "
                         f"(task {row.task!r})")
    limit = parse_instruction({"kind": "length:words", "relation": "at_most", "n": MAX_ANSWER_WORDS})
    if not limit.check(row.answer):
        raise ValueError(f"{rid}: the answer has more than {MAX_ANSWER_WORDS} words (task {row.task!r})")


def closest_suite_task(task: str, suite: Sequence[InstructionItem]) -> tuple[float, str]:
    """The highest word 3-gram Jaccard of ``task`` against a suite task, and that task."""
    own = shingles(task, NGRAM)
    return max(((jaccard(own, shingles(item.task, NGRAM)), item.task) for item in suite), default=(0.0, ""))


def check_task(row: InstructionRow, suite: Sequence[InstructionItem], rid: str) -> float:
    """Raise if the task is near a suite task; return its closest similarity."""
    similarity, nearest = closest_suite_task(row.task, suite)
    if similarity >= MAX_TASK_JACCARD:
        raise ValueError(f"{rid}: the task {row.task!r} is near the suite task {nearest!r} "
                         f"(word {NGRAM}-gram Jaccard {similarity:.2f}, must be below {MAX_TASK_JACCARD})")
    return similarity


def build(rows: Sequence[InstructionRow] = ROWS) -> list[Row]:
    """Checked training rows, in order; the first failing row raises ``ValueError``."""
    suite = load_instruction_items()
    out: list[Row] = []
    seen: dict[str, str] = {}
    for index, row in enumerate(rows):
        rid = row_id(index)
        instructions = parsed(row, rid)
        check_answer(row, instructions, rid)
        check_task(row, suite, rid)
        message = InstructionItem(id=rid, task=row.task, instructions=instructions, line=index + 1).prompt
        for text in (row.task, message):
            key = text.casefold()
            if key in seen:
                raise ValueError(f"{rid}: the same task or message as {seen[key]}: {text!r}")
            seen[key] = rid
        out.append({"id": rid, "category": "instructions", "message": message, "target": row.answer,
                    "finished": True, "system_prompt": False})
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        rows = build()
    except ValueError as exc:
        raise SystemExit(f"make_instructions.py: {exc}") from None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out, rows)
    suite = load_instruction_items()
    kinds: dict[str, int] = {}
    for row in ROWS:
        for spec in row.instructions:
            kinds[str(spec["kind"])] = kinds.get(str(spec["kind"]), 0) + 1
    print(json.dumps({
        "rows": len(rows),
        "instructions": dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        "max_task_jaccard": round(max(closest_suite_task(row.task, suite)[0] for row in ROWS), 3),
        "max_answer_words": max(len(re.findall(r"\w+", str(row["target"]))) for row in rows),  # as the scorer counts
    }))


if __name__ == "__main__":
    main()
