"""The triage demo's training rows: unfinished answers and lower-cased tickets."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

EOS = 0


class _Tokenizer:
    """Characters as token ids: enough to see where the answer and the end token go."""

    eos_token_id = EOS

    def apply_chat_template(self, messages: list[dict[str, str]], add_generation_prompt: bool, tokenize: bool) -> str:
        assert add_generation_prompt and not tokenize
        return "".join(f"<{m['role']}>{m['content']}" for m in messages) + "<assistant>"

    def __call__(self, text: str, add_special_tokens: bool) -> dict[str, list[int]]:
        return {"input_ids": [ord(c) for c in text]}


@pytest.fixture(scope="module")
def triage(import_triage: Callable[..., dict[str, ModuleType]]) -> dict[str, ModuleType]:
    return import_triage(encode="_encode", train="train")


def test_a_finished_answer_ends_in_the_end_token_and_an_unfinished_one_does_not(
        triage: dict[str, ModuleType]) -> None:
    encode = triage["encode"].encode_row
    row = {"message": "hi", "target": "ok", "system_prompt": False}
    finished = encode(_Tokenizer(), row)
    unfinished = encode(_Tokenizer(), {**row, "finished": False})
    assert finished["input_ids"][-3:] == [ord("o"), ord("k"), EOS]
    assert unfinished["input_ids"][-2:] == [ord("o"), ord("k")]
    assert len(finished["input_ids"]) == len(unfinished["input_ids"]) + 1
    # the prompt is masked, the answer is not
    assert unfinished["labels"][-2:] == [ord("o"), ord("k")]
    assert set(unfinished["labels"][:-2]) == {triage["encode"].IGNORE_INDEX}


def test_lowercasing_changes_the_chosen_share_of_messages_only(triage: dict[str, ModuleType]) -> None:
    lowercased = triage["train"].lowercased
    rows = [{"id": str(i), "message": f"My Order BW-{i} Is Late", "target": "Queue: shipping"} for i in range(20)]
    out = lowercased(rows, 0.2, seed=13)
    changed = [i for i, (a, b) in enumerate(zip(rows, out, strict=True)) if a != b]
    assert len(changed) == 4
    assert all(out[i]["message"] == rows[i]["message"].lower() for i in changed)
    assert all(out[i]["target"] == rows[i]["target"] for i in range(20))
    assert lowercased(rows, 0.2, seed=13) == out
    assert lowercased(rows, 0.0, seed=13) == rows
