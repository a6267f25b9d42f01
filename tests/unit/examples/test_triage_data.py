"""The triage generator's training-only data and its paraphrase set.

The consumer issues' training wording (``train_phrasings``), the Brightwave Mobile line
(``mobile_train``), and the re-worded variants of every test ticket (``paraphrase``).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TRIAGE = Path(__file__).resolve().parents[3] / "examples" / "triage"
DATA = TRIAGE / "data"
SEED = 7


@pytest.fixture(scope="module")
def triage(import_triage: Callable[..., dict[str, ModuleType]]) -> dict[str, ModuleType]:
    return import_triage(business="_business", consumer="_consumer", tickets="_tickets", make_data="make_data",
                         prompt="prompt")


@pytest.fixture(scope="module")
def splits(triage: dict[str, ModuleType]) -> dict[str, list[dict[str, Any]]]:
    built: dict[str, list[dict[str, Any]]] = triage["make_data"].build(SEED)
    return built


def _slots(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching ``template`` with any slot values filled in."""
    parts = [re.escape(text) + (".+?" if field else "") for text, field, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(parts), re.IGNORECASE)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _jaccard(a: str, b: str) -> float:
    x, y = _trigrams(a), _trigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def test_every_consumer_issue_has_six_training_only_wordings(triage: dict[str, ModuleType]) -> None:
    for issue in triage["consumer"].ISSUES:
        assert len(issue.train_phrasings) == 6, issue.key
        assert len(set(issue.train_phrasings)) == 6, issue.key
        assert not set(issue.train_phrasings) & set(issue.phrasings), issue.key
        used = set().union(*(_slots(p) for p in issue.phrasings))
        for phrasing in issue.train_phrasings:
            # only slots the issue's own phrasings use, and every slot its reply states
            assert _slots(issue.reply) <= _slots(phrasing) <= used, (issue.key, phrasing)
            # not the held-out phrasing's wording
            assert _jaccard(phrasing, issue.phrasings[-1]) < 0.25, (issue.key, phrasing)
    # the product line of the cross-domain evaluation gets no training wording
    assert all(not issue.train_phrasings for issue in triage["business"].ISSUES)


def test_tickets_drawn_in_training_wording_use_only_it(triage: dict[str, ModuleType]) -> None:
    tickets, consumer = triage["tickets"], triage["consumer"]
    rng = random.Random(0)
    for _ in range(500):
        issue = rng.choice(consumer.ISSUES)
        ticket = tickets.draw_ticket(rng, issue, consumer.STYLE, {}, train_wording=True)
        assert ticket.template in issue.train_phrasings
        plain = tickets.draw_ticket(rng, issue, consumer.STYLE, {})
        assert plain.template in issue.phrasings[:-1]


def test_train_phrasings_rows_never_use_the_issues_phrasings(
        triage: dict[str, ModuleType], splits: dict[str, list[dict[str, Any]]]) -> None:
    issues = {issue.key: issue for issue in triage["consumer"].ISSUES}
    rows = splits["train_phrasings"]
    assert len(rows) == 480
    assert [row["id"] for row in rows] == [f"trainp-{i:04d}" for i in range(480)]
    assert list(rows[0]) == list(splits["train"][0])
    used: set[str] = set()
    for row in rows:
        issue = issues[row["issue"]]
        assert not any(_pattern(p).search(row["message"]) for p in issue.phrasings), row["id"]
        matches = [p for p in issue.train_phrasings if _pattern(p).search(row["message"])]
        assert len(matches) == 1, row["id"]
        used.update(matches)
    # every issue appears, and about 240 * (1 - e**-2) of the 240 wordings in 480 uniform draws
    assert {row["issue"] for row in rows} == set(issues)
    assert len(used) > 180


def test_train_phrasings_labels_match_the_issue(
        triage: dict[str, ModuleType], splits: dict[str, list[dict[str, Any]]]) -> None:
    render_target, priorities = triage["prompt"].render_target, triage["prompt"].PRIORITIES
    issues = {issue.key: issue for issue in triage["consumer"].ISSUES}
    for row in splits["train_phrasings"]:
        issue = issues[row["issue"]]
        assert row["queue"] == row["category"] == issue.queue
        assert abs(priorities.index(row["priority"]) - priorities.index(issue.priority)) <= 1
        assert re.fullmatch(_pattern(issue.reply).pattern, row["reply"])
        assert row["target"] == render_target(issue.queue, row["priority"], row["reply"])


@pytest.mark.parametrize("split", ["train_phrasings", "mobile_train"])
def test_training_only_messages_are_in_no_other_split(splits: dict[str, list[dict[str, Any]]], split: str) -> None:
    def norm(message: str) -> str:
        return message.lower().rstrip(".!?")

    new = [norm(row["message"]) for row in splits[split]]
    assert len(set(new)) == len(new)
    others = {norm(row["message"]) for name, rows in splits.items() if name != split
              for row in rows if "message" in row}
    assert not set(new) & others


@pytest.mark.parametrize("split", ["train_phrasings", "mobile_train"])
def test_the_split_is_deterministic_for_a_seed(triage: dict[str, ModuleType],
                                               splits: dict[str, list[dict[str, Any]]], split: str) -> None:
    build = triage["make_data"].build
    assert build(SEED)[split] == splits[split]
    assert build(SEED + 1)[split] != splits[split]


def test_the_written_files_are_the_committed_ones(triage: dict[str, ModuleType], tmp_path: Path) -> None:
    """Regenerating writes every data file byte for byte, the new split beside the old ones."""
    make_data = triage["make_data"]
    for name, rows in make_data.build(SEED).items():
        make_data.write_jsonl(tmp_path / f"{name}.jsonl", rows)
        assert (tmp_path / f"{name}.jsonl").read_bytes() == (DATA / f"{name}.jsonl").read_bytes(), name


@pytest.fixture(scope="module")
def mobile(import_triage: Callable[..., dict[str, ModuleType]]) -> ModuleType:
    return import_triage(mobile="_mobile")["mobile"]


def test_the_mobile_line_is_its_own_catalogue(triage: dict[str, ModuleType], mobile: ModuleType) -> None:
    consumer, business = triage["consumer"].ISSUES, triage["business"].ISSUES
    known = {issue.key for issue in consumer + business}
    slot_names = set(triage["make_data"].draw_slots(random.Random(0)))
    assert {issue.queue for issue in mobile.ISSUES} == set(triage["prompt"].QUEUES)
    for issue in mobile.ISSUES:
        assert issue.key.startswith("mobile_") and issue.key not in known, issue.key
        assert issue.phrasings == (), issue.key  # nothing held out: no split paraphrases these tickets
        assert len(issue.train_phrasings) >= 4 and len(set(issue.train_phrasings)) == len(issue.train_phrasings)
        for phrasing in issue.train_phrasings:
            assert _slots(issue.reply) <= _slots(phrasing) <= slot_names, (issue.key, phrasing)
            # never the wording of a consumer paraphrase
            for other in consumer:
                assert _jaccard(phrasing, other.phrasings[-1]) < 0.25, (issue.key, phrasing, other.key)


def test_mobile_rows_are_labelled_by_their_issue(
        triage: dict[str, ModuleType], mobile: ModuleType, splits: dict[str, list[dict[str, Any]]]) -> None:
    render_target, priorities = triage["prompt"].render_target, triage["prompt"].PRIORITIES
    issues = {issue.key: issue for issue in mobile.ISSUES}
    rows = splits["mobile_train"]
    assert [row["id"] for row in rows] == [f"mobile-{i:04d}" for i in range(480)]
    assert list(rows[0]) == list(splits["train"][0])
    for row in rows:
        issue = issues[row["issue"]]
        assert len([p for p in issue.train_phrasings if _pattern(p).search(row["message"])]) == 1, row["id"]
        assert row["queue"] == row["category"] == issue.queue
        assert abs(priorities.index(row["priority"]) - priorities.index(issue.priority)) <= 1
        assert row["target"] == render_target(issue.queue, row["priority"], row["reply"])
    assert {row["issue"] for row in rows} == set(issues)


def test_no_other_split_holds_a_mobile_issue(splits: dict[str, list[dict[str, Any]]]) -> None:
    for name, rows in splits.items():
        if name != "mobile_train":
            assert not any(str(row.get("issue", "")).startswith("mobile_") for row in rows), name


def test_the_mobile_split_is_drawn_last(splits: dict[str, list[dict[str, Any]]]) -> None:
    assert list(splits)[-1] == "mobile_train"


def test_every_test_ticket_has_three_variants_with_its_labels(splits: dict[str, list[dict[str, Any]]]) -> None:
    """The paraphrase set re-words the whole test set; a variant keeps its source's labels and issue."""
    tests = {row["id"]: row for row in splits["test"]}
    variants = splits["paraphrase"]
    assert [row["source_id"] for row in variants] == [source for source in tests for _ in range(3)]
    assert [row["wording"] for row in variants[:3]] == ["held-out", "trained", "held-out, lower case"]
    for row in variants:
        source = tests[row["source_id"]]
        assert row["id"].startswith(f"{row['source_id']}-p")
        assert (row["queue"], row["priority"], row["issue"]) == (source["queue"], source["priority"], source["issue"])
        assert row["message"] != source["message"]
    messages = [row["message"] for row in variants]
    assert len(set(messages)) == len(messages)
    assert not set(messages) & {row["message"] for name, rows in splits.items() if name != "paraphrase"
                                for row in rows if "message" in row}
