"""MMLU format: CSV reading, lm-eval's default prompt (zero- and k-shot), local and hub loaders."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from tunecheck.errors import DataError
from tunecheck.multiple_choice import (
    load_mmlu_hub,
    load_mmlu_local,
    local_subjects,
    mmlu_items,
    read_mmlu_csv,
)
from tunecheck.testing import shared_data_dir

SHARED = shared_data_dir()
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="public benchmark data not present")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _layout(root: Path) -> Path:
    _write(root / "test" / "toy_arithmetic_test.csv",
           'What is 2 + 2?,3,4,5,6,B\n"Which, of these, is even?",7,"8\nor so",None,0,B\n  Pick zero. ,0,1,2,3,A\n')
    _write(root / "dev" / "toy_arithmetic_dev.csv", "What is 1 + 1?,2,3,4,5,A\nWhat is 3 - 1?,1,2,3,4,B\n")
    _write(root / "test" / "toy_colours_test.csv", "Which is a colour?,red,dog,cat,sun,A\n")
    return root


def test_csv_fields_stay_strings_and_quoted_newlines_are_kept(tmp_path: Path) -> None:
    rows = read_mmlu_csv(_layout(tmp_path) / "test" / "toy_arithmetic_test.csv", "toy_arithmetic")
    assert [r.answer for r in rows] == [1, 1, 0]
    assert rows[1].question == "Which, of these, is even?"
    assert rows[1].choices == ("7", "8\nor so", "None", "0")
    assert rows[2].choices == ("0", "1", "2", "3")
    assert [r.line for r in rows] == [1, 2, 4]


def test_zero_shot_prompt_is_lm_evals_default_mmlu_prompt(tmp_path: Path) -> None:
    test = load_mmlu_local(_layout(tmp_path), "test", ["toy_arithmetic"])["toy_arithmetic"]
    item = mmlu_items("mmlu", test, [], 0)[2]
    assert item.context == ("The following are multiple choice questions (with answers) about toy arithmetic.\n\n"
                            "Pick zero.\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer:")
    assert item.continuations() == (" A", " B", " C", " D")
    assert (item.id, item.group, item.gold) == ("mmlu/toy_arithmetic/2", "toy_arithmetic", 0)


def test_k_shot_takes_the_first_dev_rows_with_their_answers(tmp_path: Path) -> None:
    root = _layout(tmp_path)
    test = load_mmlu_local(root, "test", ["toy_arithmetic"])["toy_arithmetic"]
    dev = load_mmlu_local(root, "dev", ["toy_arithmetic"])["toy_arithmetic"]
    item = mmlu_items("mmlu", test, dev, 2)[0]
    assert item.context == (
        "The following are multiple choice questions (with answers) about toy arithmetic.\n\n"
        "What is 1 + 1?\nA. 2\nB. 3\nC. 4\nD. 5\nAnswer: A\n\n"
        "What is 3 - 1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
        "What is 2 + 2?\nA. 3\nB. 4\nC. 5\nD. 6\nAnswer:")
    assert item.prompt.endswith("D. 6\nAnswer with the letter of the correct option (A, B, C or D).")


def test_more_shots_than_dev_rows_is_an_error_naming_the_file(tmp_path: Path) -> None:
    root = _layout(tmp_path)
    test = load_mmlu_local(root, "test", ["toy_arithmetic"])["toy_arithmetic"]
    dev = load_mmlu_local(root, "dev", ["toy_arithmetic"])["toy_arithmetic"]
    with pytest.raises(DataError, match=r"toy_arithmetic_dev\.csv.*3-shot needs 3"):
        mmlu_items("mmlu", test, dev, 3)


def test_subjects_are_discovered_and_unknown_ones_suggested(tmp_path: Path) -> None:
    root = _layout(tmp_path)
    assert local_subjects(root, "test") == ["toy_arithmetic", "toy_colours"]
    assert list(load_mmlu_local(root, "test", None)) == ["toy_arithmetic", "toy_colours"]
    with pytest.raises(DataError, match="did you mean 'toy_colours'"):
        load_mmlu_local(root, "test", ["toy_colour"])


@pytest.mark.parametrize(("text", "message"), [
    ("Q,a,b,c,d\n", "expected 6 columns"),
    ("Q,a,b,c,d,E\n", "answer 'E' is not one of"),
])
def test_malformed_rows_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "test" / "bad_test.csv", "Fine?,a,b,c,d,A\n" + text)
    with pytest.raises(DataError, match=rf"bad_test\.csv:2: .*{message}"):
        read_mmlu_csv(path, "bad")


def test_missing_split_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no 'test' folder"):
        load_mmlu_local(tmp_path, "test", None)


def test_hub_layout_is_read_through_the_datasets_package(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def load_dataset(name: str, config: str | None, split: str, revision: str | None) -> list[dict[str, object]]:
        calls.append((name, config, split, revision))
        return [{"question": "Q1", "subject": "anatomy", "choices": ["a", "b", "c", "d"], "answer": 2},
                {"question": "Q2", "subject": "virology", "choices": ["a", "b", "c", "d"], "answer": 0}]

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))
    by_subject = load_mmlu_hub("cais/mmlu", "test", None, "abc123")
    assert calls == [("cais/mmlu", "all", "test", "abc123")]
    assert list(by_subject) == ["anatomy", "virology"]
    assert by_subject["anatomy"][0].answer == 2
    chosen = load_mmlu_hub("cais/mmlu", "dev", ["anatomy"], None)
    assert calls[-1] == ("cais/mmlu", "anatomy", "dev", None)
    assert chosen["anatomy"][1].subject == "anatomy"


def test_hub_failures_name_the_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    def load_dataset(*args: object, **kwargs: object) -> None:
        raise ConnectionError("hub unreachable")

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))
    with pytest.raises(DataError, match=r"hub:cais/mmlu/all\[test\].*hub unreachable"):
        load_mmlu_hub("cais/mmlu", "test", None, None)


@needs_shared
def test_the_public_release_files_load_with_their_published_counts() -> None:
    root = SHARED / "mmlu_release"
    assert len(local_subjects(root, "test")) == 57
    test = load_mmlu_local(root, "test", None)
    assert sum(len(rows) for rows in test.values()) == 14042
    assert {s: len(test[s]) for s in ("high_school_geography", "machine_learning", "professional_medicine")} == \
        {"high_school_geography": 198, "machine_learning": 112, "professional_medicine": 272}
    dev = load_mmlu_local(root, "dev", None)
    assert all(len(rows) == 5 for rows in dev.values())
    items = mmlu_items("mmlu", test["abstract_algebra"], dev["abstract_algebra"], 5)
    assert len(items) == 100 and items[0].context.count("\nAnswer:") == 6


@needs_shared
def test_the_pre_release_files_differ_where_the_data_readme_says() -> None:
    test = load_mmlu_local(SHARED / "mmlu", "test", ["high_school_geography"])
    assert len(test["high_school_geography"]) == 202
