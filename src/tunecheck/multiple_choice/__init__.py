"""Multiple-choice benchmarks scored as lm-evaluation-harness scores them (MMLU, HellaSwag formats)."""

from tunecheck.multiple_choice._hellaswag import (
    hellaswag_item,
    load_hellaswag_hub,
    load_hellaswag_local,
    preprocess,
)
from tunecheck.multiple_choice._item import LETTERS, TARGET_DELIMITER, MCItem
from tunecheck.multiple_choice._letters import extract_letter
from tunecheck.multiple_choice._mmlu import (
    MMLU_CHOICES,
    MMLUQuestion,
    load_mmlu_hub,
    load_mmlu_local,
    local_subjects,
    mmlu_description,
    mmlu_items,
    mmlu_text,
    read_mmlu_csv,
)
from tunecheck.multiple_choice._scoring import ChoiceScore, score_choices

__all__ = [
    "LETTERS",
    "MMLU_CHOICES",
    "TARGET_DELIMITER",
    "ChoiceScore",
    "MCItem",
    "MMLUQuestion",
    "extract_letter",
    "hellaswag_item",
    "load_hellaswag_hub",
    "load_hellaswag_local",
    "load_mmlu_hub",
    "load_mmlu_local",
    "local_subjects",
    "mmlu_description",
    "mmlu_items",
    "mmlu_text",
    "preprocess",
    "read_mmlu_csv",
    "score_choices",
]
