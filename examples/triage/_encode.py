"""Turn data rows into training examples, rendered exactly as inference renders them.

The prompt is the tokenizer's chat template applied to the system prompt and the user
message with ``add_generation_prompt=True`` (what a serving stack sends); the answer is
the target followed by the end-of-sequence token (not for a row marked ``finished: false``, an
answer cut off where generation stopped). The loss covers only the answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import torch
from prompt import SYSTEM_PROMPT
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

IGNORE_INDEX = -100


class Example(TypedDict):
    """One tokenised example; ``labels`` is ``IGNORE_INDEX`` over the prompt."""

    input_ids: list[int]
    labels: list[int]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    """Rows of a JSONL file (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def chat_messages(row: dict[str, object]) -> list[dict[str, str]]:
    """System + user turns of a row; refusal rows may go without the system prompt."""
    messages = [{"role": "user", "content": str(row["message"])}]
    if row.get("system_prompt", True):
        messages.insert(0, {"role": "system", "content": SYSTEM_PROMPT})
    return messages


def encode_row(tokenizer: PreTrainedTokenizerBase, row: dict[str, object]) -> Example:
    """Prompt tokens (masked) followed by the target tokens and, unless the row is an unfinished
    answer, end-of-sequence."""
    prompt = tokenizer.apply_chat_template(chat_messages(row), add_generation_prompt=True, tokenize=False)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    answer_ids = tokenizer(str(row["target"]), add_special_tokens=False)["input_ids"]
    if row.get("finished", True):
        answer_ids = [*answer_ids, int(tokenizer.eos_token_id)]
    return Example(
        input_ids=[*prompt_ids, *answer_ids],
        labels=[IGNORE_INDEX] * len(prompt_ids) + answer_ids,
    )


def encode_rows(tokenizer: PreTrainedTokenizerBase, rows: list[dict[str, object]]) -> list[Example]:
    """Encode every row."""
    return [encode_row(tokenizer, row) for row in rows]


@dataclass(frozen=True)
class TriageCollator:
    """Right-pad a batch; padding is masked out of attention and loss."""

    pad_id: int

    def __call__(self, batch: list[Example]) -> dict[str, torch.Tensor]:
        width = max(len(example["input_ids"]) for example in batch)
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, example in enumerate(batch):
            size = len(example["input_ids"])
            ids[row, :size] = torch.tensor(example["input_ids"])
            labels[row, :size] = torch.tensor(example["labels"])
            mask[row, :size] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}
