"""The contamination search on the triage demo: planted duplicates with known counts, a clean
split, a planted MMLU leak, and the parallel scan finding what the serial one finds."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from tunecheck.contamination import (
    ContaminationIndex,
    EvalItem,
    Method,
    Scan,
    bands,
    exact_key,
    jaccard,
    scan,
    shingles,
    training_texts,
)
from tunecheck.errors import DataError
from tunecheck.multiple_choice import load_mmlu_local, mmlu_text
from tunecheck.testing import shared_data_dir

from .conftest import TRAIN, read_rows, write_rows


def _search(rows: list[dict[str, object]], train: Path, fields: list[str] | None = None, *,
            workers: int = 1, field: str = "message") -> tuple[dict[str, str], Scan]:
    items = [EvalItem("set", str(r["id"]), str(r[field])) for r in rows]
    found = scan(ContaminationIndex(items, Method()), training_texts(train, fields or ["message"]), workers=workers)
    return {items[i].id: m.kind for i, m in found.best.items()}, found


def test_shingles_ignore_sentence_order_numbers_case_and_punctuation() -> None:
    text = "My order BW-12345 never came. I paid $49.99 for it! Please help."
    assert shingles(text, 3) == shingles("please help.  I paid $19.00 for it. My order BW-99999 never came", 3)
    assert shingles(text, 3) != shingles("My order never came at all. I paid for it. Please help.", 3)
    assert exact_key("Hello, World!") == exact_key("hello world") != exact_key("world hello")
    assert exact_key(" ... ") is None


def test_planted_duplicates_are_found_with_their_known_counts(planted: dict[str, list[dict[str, object]]]) -> None:
    rows = planted["planted"]
    found, result = _search(rows, TRAIN)
    kinds = {str(r["id"]): r["planted"] for r in rows if r["planted"] is not None}
    assert len(kinds) == 22
    assert set(found) == set(kinds)                          # every planted row, and nothing else
    assert [found[i] for i in kinds if kinds[i] == "exact"] == ["exact"] * 6
    assert [found[i] for i in kinds if kinds[i] != "exact"] == ["near"] * 16   # renamed and shuffled
    assert result.rows == 960 and result.texts == 960


def test_a_clean_split_has_no_contaminated_item(planted: dict[str, list[dict[str, object]]]) -> None:
    """Held-out-phrasing tickets share greetings, sign-offs and urgency cues with training rows
    but no ticket: none reaches the threshold (the README's false-positive figure)."""
    found, _ = _search(planted["clean"], TRAIN)
    assert found == {}


def test_the_training_row_that_matches_is_named(planted: dict[str, list[dict[str, object]]]) -> None:
    rows = planted["planted"]
    items = [EvalItem("set", str(r["id"]), str(r["message"])) for r in rows]
    found = scan(ContaminationIndex(items, Method()), training_texts(TRAIN, ["message"]))
    for i, match in found.best.items():
        if rows[i]["planted"] == "exact":
            assert match.line == rows[i]["source_line"] and match.field == "message"


def test_two_workers_find_what_one_finds(planted: dict[str, list[dict[str, object]]]) -> None:
    serial, _ = _search(planted["planted"], TRAIN)
    parallel, result = _search(planted["planted"], TRAIN, workers=2)
    assert parallel == serial and result.rows == 960


def test_bands_keep_a_pair_at_the_threshold_with_99_percent_probability() -> None:
    for threshold in (0.5, 0.6, 0.8):
        count, rows = bands(threshold, 128)
        assert count * rows <= 128
        assert (1 - threshold ** rows) ** count <= 0.01
        assert (1 - threshold ** (rows + 1)) ** (128 // (rows + 1)) > 0.01   # one more row would miss more


# --- a planted benchmark leak ------------------------------------------------------------------------
def _mmlu(subjects: list[str]) -> list[EvalItem]:
    root = shared_data_dir() / "mmlu_release"
    if not root.is_dir():
        pytest.skip(f"public MMLU copy not found under {root}")
    questions = load_mmlu_local(root, "test", subjects)
    return [EvalItem("mmlu", f"{s}/{i}", mmlu_text(q).removesuffix("\nAnswer:")) for s, qs in questions.items()
            for i, q in enumerate(qs)]


def test_mmlu_items_copied_into_a_training_file_are_found(tmp_path: Path) -> None:
    items = _mmlu(["high_school_geography", "machine_learning"])
    rng = random.Random(3)
    leaked = rng.sample(range(len(items)), 40)
    train = read_rows(TRAIN)
    for n, i in enumerate(leaked):
        text = items[i].text
        if n % 2:   # half reformatted as a fine-tuning row would be: another layout, the answer appended
            question, *options = text.split("\n")
            text = f"Question: {question}\nOptions: " + "; ".join(o[3:] for o in options)
        train.insert(rng.randrange(len(train)), {"id": f"leak-{n}", "message": text, "target": "Answer: B"})
    path = write_rows(tmp_path / "train.jsonl", train)
    found = scan(ContaminationIndex(items, Method()), training_texts(path, ["message", "target"]))
    assert set(leaked) <= set(found.best)
    assert sorted(found.best[i].kind for i in leaked) == ["exact"] * 20 + ["near"] * 20
    # anything else found is one of MMLU's own duplicates of a leaked question (there is one here)
    extra = set(found.best) - set(leaked)
    assert len(extra) <= 2
    for i in extra:
        assert max(jaccard(shingles(items[i].text, 3), shingles(items[j].text, 3)) for j in leaked) >= 0.9


def test_mmlu_against_the_demo_training_file_is_clean() -> None:
    items = _mmlu(["high_school_geography", "machine_learning", "professional_medicine"])
    found = scan(ContaminationIndex(items, Method()), training_texts(TRAIN, None, skip=("id", "category")))
    assert found.best == {} and len(items) == 198 + 112 + 272


# --- the streaming reader ------------------------------------------------------------------------------
def test_reader_streams_jsonl_csv_and_parquet_with_their_line_numbers(tmp_path: Path) -> None:
    rows = [{"id": "a", "message": "first row", "n": 3}, {"id": "b", "message": "second row", "n": None}]
    write_rows(tmp_path / "t.jsonl", rows)
    with (tmp_path / "t.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["id", "message"])
        writer.writeheader()
        writer.writerows([{"id": r["id"], "message": r["message"]} for r in rows])
    got = [(t.line, t.field, t.text) for t in training_texts(tmp_path / "t.jsonl", ["message", "n"])]
    assert got == [(1, "message", "first row"), (1, "n", "3"), (2, "message", "second row")]
    assert [(t.line, t.text) for t in training_texts(tmp_path / "t.csv", None, skip=("id",))] == [
        (2, "first row"), (3, "second row")]
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    assert [t.line for t in training_texts(tmp_path / "t.parquet", ["message"])] == [1, 2]


def test_reader_errors_name_file_line_and_key(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "t.jsonl", [{"message": "ok"}, {"text": "no message"}])
    with pytest.raises(DataError, match=r"t\.jsonl:2: key 'message': training row has no field 'message'"):
        list(training_texts(path, ["message"]))
    (tmp_path / "bad.jsonl").write_text('{"message": "ok"}\n{oops\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.jsonl:2: not valid JSON"):
        list(training_texts(tmp_path / "bad.jsonl", None))
    with pytest.raises(DataError, match="training file not found"):
        list(training_texts(tmp_path / "missing.jsonl", None))
