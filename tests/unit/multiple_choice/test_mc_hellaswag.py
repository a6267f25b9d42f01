"""HellaSwag format: lm-eval's preprocessing and query, the JSONL and hub loaders."""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import pytest

from tunecheck.errors import DataError
from tunecheck.multiple_choice import hellaswag_item, load_hellaswag_hub, load_hellaswag_local, preprocess
from tunecheck.testing import shared_data_dir

SHARED = shared_data_dir() / "hellaswag" / "validation.jsonl"
needs_shared = pytest.mark.skipif(not SHARED.is_file(), reason="public benchmark data not present")


@pytest.mark.parametrize(("raw", "clean"), [
    ("  A man waves.  ", "A man waves."),
    ("[header] How to fold a shirt [title] Lay it flat.", " How to fold a shirt. Lay it flat."),
    ("Smooth the sleeves. [step] Fold them in.", "Smooth the sleeves. Fold them in."),
    ("Ask [insert name] for help", "Ask for help"),
    ("two  spaces", "two spaces"),
])
def test_preprocess_matches_lm_eval(raw: str, clean: str) -> None:
    assert preprocess(raw) == clean


def test_query_joins_ctx_a_and_capitalised_ctx_b_like_lm_eval() -> None:
    record = {"activity_label": "Roof work", "ctx_a": "A man is on a roof.", "ctx_b": "he USES a hammer",
              "endings": [" starts nailing. ", "[step] flies away."], "label": "0"}
    item = hellaswag_item("hellaswag", record, 7, "hub:x", 8)
    assert item.context == "Roof work: A man is on a roof. He uses a hammer"  # str.capitalize lowers the rest
    assert item.choices == ("starts nailing.", " flies away.")
    assert item.continuations() == (" starts nailing.", "  flies away.")
    assert (item.id, item.gold, item.group) == ("hellaswag/7", 0, "Roof work")


def test_a_record_with_only_ctx_uses_it_as_given() -> None:
    record = {"activity_label": "Roof work", "ctx": "A man is on a roof. he", "endings": ["a", "b"], "label": 1}
    assert hellaswag_item("hs", record, 0, "f", 1).context == "Roof work: A man is on a roof. he"


@pytest.mark.parametrize(("change", "key"), [
    ({"label": "x"}, "label"),
    ({"label": 4}, "label"),
    ({"endings": "one ending"}, "endings"),
    ({"activity_label": None}, "activity_label"),
])
def test_bad_records_name_file_line_and_key(tmp_path: Path, change: dict[str, object], key: str) -> None:
    good = {"activity_label": "Cooking", "ctx": "She stirs.", "endings": ["a", "b", "c", "d"], "label": 0}
    path = tmp_path / "hs.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps({**good, **change}) + "\n")
    with pytest.raises(DataError, match=rf"hs\.jsonl:3: key '{key}'"):
        load_hellaswag_local("hs", path)


def test_hub_layout_is_read_through_the_datasets_package(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"ind": 24, "activity_label": "Cooking", "ctx_a": "She stirs the pot.", "ctx_b": "then she",
             "endings": ["adds salt.", "sings.", "leaves.", "sleeps."], "label": "0", "split": "val"}]
    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(
        load_dataset=lambda name, config, split, revision: rows if (name, split) == ("Rowan/hellaswag",
                                                                                        "validation") else []))
    items = load_hellaswag_hub("hellaswag", "Rowan/hellaswag", "validation", None)
    assert [i.context for i in items] == ["Cooking: She stirs the pot. Then she"]
    assert items[0].source == "hub:Rowan/hellaswag[validation]"


@needs_shared
def test_the_public_validation_file_loads_with_its_known_answers() -> None:
    items = load_hellaswag_local("hellaswag", SHARED)
    assert len(items) == 10042
    first = items[0]
    assert first.context == "Roof shingle removal: A man is sitting on a roof. he"
    assert first.gold == 3 and first.choices[3] == "starts pulling up roofing on a roof."
    assert items[3].gold == 2 and items[1033].gold == 2 and items[1931].gold == 3
    bracketed = [t for i in items for t in (i.context, *i.choices) if re.search(r"\[.*?\]", t)]
    assert bracketed == []  # every "[...]" removed; a lone "[" without its "]" stays, as in lm-eval
