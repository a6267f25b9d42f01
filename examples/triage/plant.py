"""Planted train/test overlap for the triage demo, with known counts (tests of the contamination search).

Usage::

    python examples/triage/plant.py [--seed 11] [--exact 6] [--renamed 8] [--shuffled 8] [--out DIR]

Writes two JSONL files of consumer tickets, rows shaped like ``test.jsonl``:

- ``clean.jsonl``: tickets that share no wording with the training split by construction:
  every one uses its issue's held-out phrasing (which no drawn ticket uses), like the
  paraphrase set's;
- ``planted.jsonl``: the clean tickets with training rows planted among them: ``exact``
  copies, ``renamed`` copies (other customer names and order numbers) and ``shuffled``
  copies (the sentences in another order). The ``planted`` field says which rows were
  planted and how (``null`` for the clean ones), ``source_line`` the training line copied.

The splits of ``make_data.py`` are not touched (their own seed, their own draws).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import _consumer
from _paths import DATA_DIR
from _slots import FIRST_NAMES, LAST_NAMES, draw_slots
from _tickets import draw_ticket, render_message
from make_data import ticket_row, write_jsonl

Row = dict[str, object]

CLEAN_TICKETS = 200
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ORDER = re.compile(r"\bBW-\d{5}\b")
_NAME = re.compile(r"\b(" + "|".join(FIRST_NAMES + LAST_NAMES) + r")\b")


def clean_rows(rng: random.Random, count: int, seen: set[str]) -> list[Row]:
    """Tickets in each issue's held-out phrasing (never drawn for train, validation or test)."""
    rows: list[Row] = []
    while len(rows) < count:
        issue = rng.choice(_consumer.ISSUES)
        ticket = draw_ticket(rng, issue, _consumer.STYLE, draw_slots(rng))
        ticket = replace(ticket, phrasing=len(issue.phrasings) - 1)
        message = render_message(ticket, _consumer.STYLE)
        if message not in seen:
            seen.add(message)
            rows.append({**ticket_row(f"clean-{len(rows):04d}", ticket, _consumer.STYLE), "planted": None})
    return rows


def renamed(rng: random.Random, message: str) -> str:
    """The message with every customer name and order number replaced by other ones."""
    message = _ORDER.sub(lambda m: f"BW-{rng.randrange(10000, 99999)}", message)
    names = FIRST_NAMES + LAST_NAMES
    return _NAME.sub(lambda m: rng.choice([n for n in names if n != m.group(0)]), message)


def shuffled(rng: random.Random, message: str) -> str:
    """The message's sentences in another order (a one-sentence message cannot be shuffled)."""
    parts = _SENTENCE.split(message)
    order = list(range(len(parts)))
    while order == sorted(order):
        rng.shuffle(order)
    return " ".join(parts[i] for i in order)


def planted_rows(rng: random.Random, clean: Sequence[Row], train: Sequence[Row], counts: dict[str, int]) -> list[Row]:
    """The clean rows with ``counts[kind]`` training rows planted as each kind, in random places."""
    rows = list(clean)
    lines = list(range(len(train)))
    rng.shuffle(lines)
    for kind, count in counts.items():
        chosen = 0
        while chosen < count:
            line = lines.pop()
            message = str(train[line]["message"])
            if kind == "renamed" and (_NAME.search(message) or _ORDER.search(message)) is None:
                continue
            if kind == "shuffled" and len(_SENTENCE.split(message)) < 3:
                continue
            text = {"exact": message, "renamed": renamed(rng, message), "shuffled": shuffled(rng, message)}[kind]
            row = {**train[line], "id": f"planted-{kind}-{chosen:02d}", "message": text, "planted": kind,
                   "source_line": line + 1}
            rows.insert(rng.randrange(len(rows) + 1), row)
            chosen += 1
    return rows


def build(seed: int, train: Sequence[Row], counts: dict[str, int]) -> dict[str, list[Row]]:
    rng = random.Random(seed)
    seen = {str(row["message"]) for row in train}
    clean = clean_rows(rng, CLEAN_TICKETS, seen)
    return {"clean": clean, "planted": planted_rows(rng, clean, train, counts)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--exact", type=int, default=6)
    parser.add_argument("--renamed", type=int, default=8)
    parser.add_argument("--shuffled", type=int, default=8)
    parser.add_argument("--train", type=Path, default=DATA_DIR / "train.jsonl")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "contamination")
    args = parser.parse_args(argv)
    train = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    counts = {"exact": args.exact, "renamed": args.renamed, "shuffled": args.shuffled}
    for name, rows in build(args.seed, train, counts).items():
        write_jsonl(args.out / f"{name}.jsonl", rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
