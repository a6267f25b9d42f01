"""The triage demo's instruction-following training rows: followed, unique, and away from the suite."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tunecheck.contamination import jaccard, shingles
from tunecheck.detectors import INSTRUCTION_KINDS, follows, parse_instruction
from tunecheck.suites.instructions import load_instruction_items

TRIAGE = Path(__file__).resolve().parents[3] / "examples" / "triage"


@pytest.fixture(scope="module")
def triage(import_triage: Callable[..., dict[str, ModuleType]]) -> dict[str, ModuleType]:
    return import_triage(rows="_instruction_rows", make="make_instructions")


def test_every_answer_follows_all_its_instructions_strictly_and_is_short(triage: dict[str, ModuleType]) -> None:
    rows = triage["rows"].ROWS
    assert len(rows) == 160
    for row in rows:
        instructions = [parse_instruction(spec) for spec in row.instructions]
        assert 1 <= len(instructions) <= 2, row.task
        assert follows(row.answer, instructions).prompt_strict, row.task
        assert len(re.findall(r"\w+", row.answer)) <= 70, row.task


def test_the_rows_use_every_instruction_kind(triage: dict[str, ModuleType]) -> None:
    kinds = {spec["kind"] for row in triage["rows"].ROWS for spec in row.instructions}
    assert kinds == set(INSTRUCTION_KINDS)


def test_tasks_and_answers_are_unique(triage: dict[str, ModuleType]) -> None:
    rows = triage["rows"].ROWS
    assert len({row.task.casefold() for row in rows}) == len(rows)
    assert len({row.answer.casefold() for row in rows}) == len(rows)


def test_no_task_is_near_a_suite_task(triage: dict[str, ModuleType]) -> None:
    suite = [shingles(item.task, 3) for item in load_instruction_items()]
    suite_tasks = {item.task.casefold() for item in load_instruction_items()}
    for row in triage["rows"].ROWS:
        assert row.task.casefold() not in suite_tasks
        own = shingles(row.task, 3)
        assert max(jaccard(own, other) for other in suite) < 0.3, row.task


def test_the_committed_file_is_what_the_script_writes(triage: dict[str, ModuleType]) -> None:
    built = triage["make"].build()
    path = TRIAGE / "data" / "instructions_train.jsonl"
    committed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert committed == built
    suite_prompts = {item.prompt for item in load_instruction_items()}
    for row, source in zip(built, triage["rows"].ROWS, strict=True):
        assert set(row) == {"id", "category", "message", "target", "finished", "system_prompt"}
        assert row["message"].startswith(source.task + " ")
        assert row["finished"] is True and row["system_prompt"] is False
    assert not suite_prompts & {row["message"] for row in built}


def test_a_row_whose_answer_breaks_an_instruction_is_refused_by_its_id(triage: dict[str, ModuleType]) -> None:
    rows = list(triage["rows"].ROWS)
    good = rows[3]
    rows[3] = good._replace(answer=good.answer + " " + "word " * 80)
    with pytest.raises(ValueError, match="instr-003"):
        triage["make"].build(rows)
    rows[3] = good._replace(task="Explain why the sky looks blue on a clear day.")
    with pytest.raises(ValueError, match=r"instr-003.*near the suite task"):
        triage["make"].build(rows)
