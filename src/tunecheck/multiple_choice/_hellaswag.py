"""HellaSwag-format items with lm-evaluation-harness's preprocessing.

lm-eval's ``hellaswag`` task (``lm_eval/tasks/hellaswag/utils.py``) builds
``ctx = ctx_a + " " + ctx_b.capitalize()``, the query
``preprocess(activity_label + ": " + ctx)`` and the choices ``preprocess(ending)``, where
``preprocess`` strips, turns ``" [title]"`` into ``". "``, removes every ``[...]`` and
collapses double spaces. The gold answer is ``int(label)``; acc_norm is the headline.

Records with ``ctx_a``/``ctx_b`` (the Hugging Face ``Rowan/hellaswag`` layout) are built
exactly so. Records with only ``ctx`` (already ``ctx_a + " " + ctx_b``, as in some JSONL
conversions) use it as given: ``ctx_b`` cannot be re-capitalised without its boundary, so
for ActivityNet items the prompt may differ from lm-eval's by one capital letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from tunecheck.datasets import read_jsonl
from tunecheck.errors import DataError
from tunecheck.multiple_choice._hub import hub_records
from tunecheck.multiple_choice._item import LETTERS, MCItem


def preprocess(text: str) -> str:
    """lm-eval's HellaSwag text clean-up."""
    text = text.strip()
    text = text.replace(" [title]", ". ")
    text = re.sub(r"\[.*?\]", "", text)
    return text.replace("  ", " ")


def hellaswag_item(name: str, record: Mapping[str, object], index: int, source: str, line: int) -> MCItem:
    """One scored item from a HellaSwag record (``ctx_a``/``ctx_b`` or ``ctx``, ``endings``, ``label``)."""
    label = _field(record, "activity_label", source, line)
    if "ctx_a" in record:
        ctx = _field(record, "ctx_a", source, line) + " " + _field(record, "ctx_b", source, line).capitalize()
    else:
        ctx = _field(record, "ctx", source, line)
    endings = record.get("endings")
    if not isinstance(endings, list) or len(endings) < 2 or not all(isinstance(e, str) for e in endings):
        raise DataError("expected 'endings' to be a list of strings", file=source, line=line, key="endings")
    try:
        gold = int(str(record.get("label")))
    except ValueError:
        raise DataError(f"label {record.get('label')!r} is not an integer", file=source, line=line,
                        key="label") from None
    if not 0 <= gold < len(endings):
        raise DataError(f"label {gold} is outside the {len(endings)} endings", file=source, line=line, key="label")
    query = preprocess(label + ": " + ctx)
    choices = tuple(preprocess(ending) for ending in endings)
    lettered = "\n".join(f"{LETTERS[i]}. {choice}" for i, choice in enumerate(choices))
    prompt = (f"Which ending continues the text most plausibly?\n\n{query} ...\n\n{lettered}\n\n"
              f"Answer with the letter of the best ending ({', '.join(LETTERS[:len(choices)])}).")
    return MCItem(id=f"{name}/{index}", group=label, context=query, choices=choices, gold=gold, question=query,
                  options=choices, prompt=prompt, source=source, line=line)


def load_hellaswag_local(name: str, path: Path) -> list[MCItem]:
    """Items from a JSONL file, one record per line."""
    if not path.is_file():
        raise DataError("file not found", file=str(path))
    records = read_jsonl(path)
    return [hellaswag_item(name, record, index, str(path), number) for index, (number, record) in enumerate(records)]


def load_hellaswag_hub(name: str, dataset: str, split: str, revision: str | None) -> list[MCItem]:
    """Items from a hub dataset in ``Rowan/hellaswag`` layout."""
    source = f"hub:{dataset}[{split}]"
    return [hellaswag_item(name, record, i, source, i + 1)
            for i, record in enumerate(hub_records(dataset, None, split, revision))]


def _field(record: Mapping[str, object], key: str, source: str, line: int) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise DataError("missing or not a string", file=source, line=line, key=key)
    return value
