"""Generate the support-ticket triage data set (seeded, byte-identical for a seed).

Usage::

    python examples/triage/make_data.py [--seed 7] [--out examples/triage/data]

Writes JSONL splits: ``train``, ``validation``, ``test`` (consumer tickets), ``related``
(Brightwave for Business emails, same labels), ``paraphrase`` (re-worded test tickets,
``source_id`` names the test row, ``wording`` the kind of re-wording), ``facts`` (policy
questions, some unanswerable), ``refusal_train`` and ``refusal_test`` (harmful requests and the expected refusal), and
``train_phrasings`` (extra consumer training tickets written only in the issues'
``train_phrasings``, wording no other split uses; drawn from a generator of their own, so
every other file stays as it was), and ``mobile_train`` (Brightwave Mobile tickets, a product
line used only for training; drawn last, from a generator of its own).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import _business
import _consumer
import _mobile
from _facts import FACTS, POLICIES
from _harmful import CATEGORIES, TEST_PHRASINGS, TRAIN_PHRASINGS
from _slots import draw_slots
from _tickets import (
    Issue,
    Style,
    Ticket,
    draw_ticket,
    paraphrase,
    render_message,
    render_reply,
    render_target_of,
)
from prompt import ABSTENTION, REFUSAL

Row = dict[str, object]

SIZES = {"train": 960, "validation": 100, "test": 240, "related": 120}
EXTRA_ROWS: tuple[tuple[str, int], ...] = (("validation", 400), ("related", 240), ("test", 360), ("related", 240))
"""Rows appended to a split, stage by stage, each drawn after every row before it, so the rows
before them (and the adapters trained on them) stay as they were: enough unseen tickets to bound
the loss gap, and 600 tickets a set for the product-line drop, whose two accuracies are unpaired
(a 5-point margin on accuracies near 0.85 needs about 400 tickets a set at no true drop)."""
PARAPHRASED_ITEMS = 120
MORE_PARAPHRASED_ITEMS = 480
"""Test tickets 120-599 (the rest of the test set) re-worded too, drawn from
``random.Random(f"{seed}:paraphrase")`` after every other row, so they change no other row: every
test ticket of each issue is re-worded (the gates count issues, the run files' ``cluster_field``)."""
VARIANTS_PER_ITEM = 3
VARIANT_WORDING = ("held-out", "trained", "held-out, lower case")
"""What each paraphrase variant is written in (``_tickets.paraphrase``): the issue's held-out phrasing,
which no training row uses, or another of the phrasings training tickets are drawn in; the
paraphrase check's ``kind_field`` reports each apart."""
DEFAULT_OUT = Path(__file__).resolve().parent / "data"
TRAIN_PHRASINGS_SIZE = 480
"""Consumer tickets in training-only wording, drawn from ``random.Random(f"{seed}:train_phrasings")``
after every other split, so they change no other row."""
MOBILE_TRAIN_SIZE = 480
"""Brightwave Mobile training tickets, drawn from ``random.Random(f"{seed}:mobile")`` after the
training-only wording, so they change no other row."""


def draw_tickets(
    rng: random.Random,
    issues: Sequence[Issue],
    style: Style,
    count: int,
    seen: set[str],
    train_wording: bool = False,
) -> list[Ticket]:
    """Draw ``count`` tickets whose messages are not in ``seen`` (which is updated).

    With ``train_wording`` the tickets are written in the issues' ``train_phrasings``.
    """
    tickets: list[Ticket] = []
    while len(tickets) < count:
        ticket = draw_ticket(rng, rng.choice(issues), style, draw_slots(rng), train_wording)
        message = render_message(ticket, style)
        if message not in seen:
            seen.add(message)
            tickets.append(ticket)
    return tickets


def ticket_row(row_id: str, ticket: Ticket, style: Style) -> Row:
    """One JSONL row of a triage ticket."""
    return {
        "id": row_id,
        "category": ticket.issue.queue,
        "message": render_message(ticket, style),
        "queue": ticket.issue.queue,
        "priority": ticket.priority,
        "reply": render_reply(ticket),
        "target": render_target_of(ticket),
        "issue": ticket.issue.key,
    }


def triage_splits(rng: random.Random, seen: set[str]) -> tuple[dict[str, list[Row]], list[Ticket]]:
    """Consumer splits, the related domain and the paraphrases of test tickets; the test tickets."""
    splits: dict[str, list[Row]] = {}
    test_tickets: list[Ticket] = []
    for name in ("train", "validation", "test"):
        tickets = draw_tickets(rng, _consumer.ISSUES, _consumer.STYLE, SIZES[name], seen)
        splits[name] = [ticket_row(f"{name}-{i:04d}", t, _consumer.STYLE) for i, t in enumerate(tickets)]
        if name == "test":
            test_tickets = tickets
    related = draw_tickets(rng, _business.ISSUES, _business.STYLE, SIZES["related"], seen)
    splits["related"] = [ticket_row(f"related-{i:04d}", t, _business.STYLE) for i, t in enumerate(related)]
    splits["paraphrase"] = paraphrase_rows(rng, test_tickets[:PARAPHRASED_ITEMS], seen)
    return splits, test_tickets


def extend_splits(rng: random.Random, splits: dict[str, list[Row]], seen: set[str]) -> list[Ticket]:
    """Append ``EXTRA_ROWS`` to the validation, test and related splits, ids continuing theirs;
    the test tickets appended are returned."""
    consumer = (_consumer.ISSUES, _consumer.STYLE)
    styles = {"validation": consumer, "test": consumer, "related": (_business.ISSUES, _business.STYLE)}
    test_tickets: list[Ticket] = []
    for name, count in EXTRA_ROWS:
        issues, style = styles[name]
        start = len(splits[name])
        tickets = draw_tickets(rng, issues, style, count, seen)
        splits[name] += [ticket_row(f"{name}-{start + i:04d}", t, style) for i, t in enumerate(tickets)]
        if name == "test":
            test_tickets += tickets
    return test_tickets


def train_phrasing_rows(seed: int, seen: set[str]) -> list[Row]:
    """Consumer training tickets in the issues' ``train_phrasings``, none of whose messages is in ``seen``."""
    rng = random.Random(f"{seed}:train_phrasings")
    tickets = draw_tickets(rng, _consumer.ISSUES, _consumer.STYLE, TRAIN_PHRASINGS_SIZE, seen, train_wording=True)
    return [ticket_row(f"trainp-{i:04d}", t, _consumer.STYLE) for i, t in enumerate(tickets)]


def mobile_rows(seed: int, seen: set[str]) -> list[Row]:
    """Training tickets of the Brightwave Mobile line, none of whose messages is in ``seen``."""
    rng = random.Random(f"{seed}:mobile")
    tickets = draw_tickets(rng, _mobile.ISSUES, _mobile.STYLE, MOBILE_TRAIN_SIZE, seen, train_wording=True)
    return [ticket_row(f"mobile-{i:04d}", t, _mobile.STYLE) for i, t in enumerate(tickets)]


def paraphrase_rows(rng: random.Random, tickets: Sequence[Ticket], seen: set[str], first: int = 0) -> list[Row]:
    """Several re-worded variants of each test ticket (``tickets[i]`` is test row ``first + i``),
    each pointing to its source."""
    rows: list[Row] = []
    style = _consumer.STYLE
    for index, ticket in enumerate(tickets, start=first):
        source_id = f"test-{index:04d}"
        for variant in range(VARIANTS_PER_ITEM):
            reworded = paraphrase(rng, ticket, style, variant)
            while render_message(reworded, style) in seen:
                reworded = paraphrase(rng, ticket, style, variant)
            seen.add(render_message(reworded, style))
            row = ticket_row(f"{source_id}-p{variant}", reworded, style)
            rows.append({"id": row["id"], "source_id": source_id, "wording": VARIANT_WORDING[variant],
                         **_without_id(row)})
    return rows


def _without_id(row: Row) -> Row:
    return {key: value for key, value in row.items() if key != "id"}


def refusal_rows(rng: random.Random) -> dict[str, list[Row]]:
    """Harmful requests: training rows and held-out rows on different topics and wording."""
    train: list[Row] = []
    test: list[Row] = []
    for category in CATEGORIES:
        for request in category.train:
            for phrasing in rng.sample(TRAIN_PHRASINGS, 3):
                train.append(_refusal_row(category.name, phrasing.format(request=request)))
        for request in category.test:
            for phrasing in rng.sample(TEST_PHRASINGS, 2):
                test.append(_refusal_row(category.name, phrasing.format(request=request)))
    rng.shuffle(train)
    for index, row in enumerate(train):
        row["id"] = f"refusal-train-{index:03d}"
        row["system_prompt"] = index % 4 != 0
    for index, row in enumerate(test):
        row["id"] = f"refusal-test-{index:03d}"
    return {"refusal_train": [_id_first(r) for r in train], "refusal_test": [_id_first(r) for r in test]}


def _refusal_row(category: str, message: str) -> Row:
    return {"category": category, "message": message, "target": REFUSAL}


def _id_first(row: Row) -> Row:
    return {"id": row["id"], **_without_id(row)}


def fact_rows() -> list[Row]:
    """Policy questions with their context; unanswerable ones expect an abstention."""
    rows: list[Row] = []
    for index, fact in enumerate(FACTS):
        rows.append(
            {
                "id": f"fact-{index:03d}",
                "category": fact.kind if fact.answer is None else fact.topic,
                "question": fact.question,
                "context": POLICIES[fact.topic],
                "answerable": fact.answer is not None,
                "answer": fact.answer,
                "aliases": list(fact.aliases),
                "target": fact.answer if fact.answer is not None else ABSTENTION,
            }
        )
    return rows


def build(seed: int) -> dict[str, list[Row]]:
    """Every split of the data set for ``seed``."""
    rng = random.Random(seed)
    seen: set[str] = set()
    splits, test_tickets = triage_splits(rng, seen)
    splits.update(refusal_rows(rng))
    splits["facts"] = fact_rows()
    test_tickets += extend_splits(rng, splits, seen)
    splits["train_phrasings"] = train_phrasing_rows(seed, seen)
    splits["mobile_train"] = mobile_rows(seed, seen)
    more = test_tickets[PARAPHRASED_ITEMS:PARAPHRASED_ITEMS + MORE_PARAPHRASED_ITEMS]
    splits["paraphrase"] += paraphrase_rows(random.Random(f"{seed}:paraphrase"), more, seen, PARAPHRASED_ITEMS)
    return splits


def write_jsonl(path: Path, rows: Iterable[Row]) -> None:
    """Write rows as UTF-8 JSON lines with a fixed key order and ``\\n`` endings."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in build(args.seed).items():
        write_jsonl(args.out / f"{name}.jsonl", rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
