"""Writes the demo's general-knowledge benchmarks, in MMLU and HellaSwag formats.

The demo cannot ship MMLU or HellaSwag themselves (their licences and size); these items are
written by the project in the same formats, so the regression check runs its real MMLU and
HellaSwag code paths on them. Point the run file at a local copy of the real benchmarks, or at
`hub: cais/mmlu` / `hub: Rowan/hellaswag` where the hub is reachable, for the public numbers.

The items are in `_general_mmlu.py` and `_general_hellaswag.py`, the right answer written first;
this script places it at a seeded position, balanced within each block of four items (every
subject, and every prefix of whole blocks that `limit` may cut, has each letter equally often).

    python examples/triage/make_general.py            # seed 19; same seed -> byte-identical files
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Sequence
from pathlib import Path

from _general_hellaswag import ITEMS
from _general_mmlu import DEV, TEST, Question

DEFAULT_OUT = Path(__file__).resolve().parent / "general"
LETTERS = "ABCD"


def balanced_positions(rng: random.Random, count: int) -> list[int]:
    """``count`` positions in 0-3, each block of four a shuffled permutation of 0-3."""
    positions: list[int] = []
    while len(positions) < count:
        block = list(range(len(LETTERS)))
        rng.shuffle(block)
        positions += block
    return positions[:count]


def place(right: str, wrong: Sequence[str], position: int) -> list[str]:
    """The four options with ``right`` at ``position`` and the wrong ones in their written order."""
    options = list(wrong)
    options.insert(position, right)
    return options


def mmlu_row(question: Question, position: int) -> list[str]:
    """One CSV row: question, options A-D, answer letter."""
    text, right, *wrong = question
    return [text, *place(right, wrong, position), LETTERS[position]]


def check_unique(texts: Sequence[str], what: str) -> None:
    """Raise if two items share a text (duplicates would weigh twice in the measurement)."""
    seen: set[str] = set()
    for text in texts:
        key = text.casefold()
        if key in seen:
            raise ValueError(f"{what}: the item {text!r} is written twice; remove one of them")
        seen.add(key)


def check_options(options: Sequence[str], item: str) -> None:
    if len(options) != len(LETTERS) or len({o.casefold() for o in options}) != len(LETTERS):
        raise ValueError(f"{item!r}: expected {len(LETTERS)} different options, got {list(options)}")


def mmlu_files(rng: random.Random) -> dict[str, list[list[str]]]:
    """``split/subject_split.csv`` -> rows, for the test split and the one-row dev split."""
    check_unique([q[0] for rows in TEST.values() for q in rows] + [q[0] for q in DEV.values()], "mmlu")
    files: dict[str, list[list[str]]] = {}
    for subject, questions in TEST.items():
        for question in questions:
            check_options(question[1:], question[0])
        positions = balanced_positions(rng, len(questions))
        files[f"test/{subject}_test.csv"] = [mmlu_row(q, p) for q, p in zip(questions, positions, strict=True)]
    dev_positions = balanced_positions(rng, len(DEV))
    for (subject, question), position in zip(DEV.items(), dev_positions, strict=True):
        check_options(question[1:], question[0])
        files[f"dev/{subject}_dev.csv"] = [mmlu_row(question, position)]
    return files


def hellaswag_records(rng: random.Random) -> list[dict[str, object]]:
    """HellaSwag records (``ind``, ``activity_label``, ``ctx``, ``endings``, ``label``)."""
    check_unique([item[1] for item in ITEMS], "hellaswag")
    records: list[dict[str, object]] = []
    positions = balanced_positions(rng, len(ITEMS))
    for index, ((label, ctx, sensible, *absurd), position) in enumerate(zip(ITEMS, positions, strict=True)):
        check_options([sensible, *absurd], ctx)
        records.append({"ind": index, "activity_label": label, "ctx": ctx,
                        "endings": place(sensible, absurd, position), "label": position})
    return records


def write(out: Path, seed: int) -> None:
    rng = random.Random(seed)
    for name, rows in mmlu_files(rng).items():
        path = out / "mmlu" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        print(f"mmlu/{name}: {len(rows)} rows")
    records = hellaswag_records(rng)
    with (out / "hellaswag.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    print(f"hellaswag.jsonl: {len(records)} rows")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    write(args.out, args.seed)


if __name__ == "__main__":
    main()
