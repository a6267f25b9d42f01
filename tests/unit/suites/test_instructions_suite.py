"""The built-in instruction-following suite: its prompts, and scoring of crafted answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tunecheck.detectors._instructions import INSTRUCTION_KINDS, follows
from tunecheck.errors import DataError
from tunecheck.suites.instructions import PROMPTS_PATH, load_instruction_items


def test_suite_has_at_least_50_prompts_covering_every_instruction_kind() -> None:
    items = load_instruction_items()
    assert len(items) >= 50
    assert len({i.id for i in items}) == len(items)
    assert {inst.kind for i in items for inst in i.instructions} == set(INSTRUCTION_KINDS)


def test_the_prompt_is_the_task_followed_by_each_instruction_sentence() -> None:
    item = next(i for i in load_instruction_items() if i.id == "instructions/if001")
    assert item.prompt == ('Explain why the sky looks blue on a clear day. Your answer must contain at most 80 '
                           'words. Use the words "sunlight" and "scatter" in your answer.')


def test_crafted_answers_score_as_designed() -> None:
    items = {i.id: i for i in load_instruction_items()}
    tea = items["instructions/if002"]  # 4 bullets, at most 70 words
    good = "* Boil water.\n* Warm the pot.\n* Steep the tea for three minutes.\n* Pour and enjoy."
    assert follows(good, tea.instructions).prompt_strict
    preamble = "Here are the steps:\n" + good
    result = follows(preamble, tea.instructions)
    assert result.strict == (True, True)  # a preamble line is no bullet, and the words still fit
    three = "* Boil water.\n* Steep the tea.\n* Pour."
    assert follows(three, tea.instructions).strict == (False, True)
    bakery = items["instructions/if024"]  # JSON with keys name and slogan
    assert follows('{"name": "Crumb", "slogan": "Fresh every morning"}', bakery.instructions).prompt_strict
    wrapped = 'Sure!\n{"name": "Crumb", "slogan": "Fresh every morning"}'
    assert follows(wrapped, bakery.instructions).strict == (False,)
    assert follows(wrapped, bakery.instructions).loose == (True,)


def test_no_prompt_asks_for_contradictory_things() -> None:
    """Pairs that cannot both hold never share a prompt."""
    clashes = [{"case:lower", "case:upper"}, {"format:json", "format:bullets"}, {"format:json", "case:lower"},
               {"format:json", "format:title"}, {"format:postscript", "end:phrase"}, {"format:title", "start:phrase"},
               {"length:sentences", "format:bullets"}, {"format:json", "length:paragraphs"}]
    for item in load_instruction_items():
        kinds = {inst.kind for inst in item.instructions}
        assert not any(clash <= kinds for clash in clashes), item.id


def test_a_bad_row_names_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "prompts.jsonl"
    rows = [json.loads(line) for line in PROMPTS_PATH.read_text().splitlines()[:2]]
    rows[1]["instructions"][0] = {"kind": "length:wordz", "relation": "at_most", "n": 5}
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(DataError, match=r"prompts\.jsonl:2: key 'instructions\[0\]': .*did you mean 'length:words'"):
        load_instruction_items(path)
