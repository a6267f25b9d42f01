"""MMLU-format questions and lm-evaluation-harness's default ``mmlu`` prompt.

Local layout (hendrycks/test and the Berkeley ``data.tar``): ``<root>/<split>/<subject>_<split>.csv``,
headerless, six columns ``question,A,B,C,D,answer`` with the answer a letter. Every field
is kept a string (choices such as ``0`` or ``None`` are answers, not numbers). Hub layout
(``cais/mmlu``): one config per subject (or ``all``), fields ``question``, ``subject``,
``choices`` (4 strings) and ``answer`` (an index).

The prompt is lm-eval's ``mmlu`` task (``lm_eval/tasks/mmlu/default/_default_template_yaml``)::

    The following are multiple choice questions (with answers) about {subject}.\\n\\n
    [k examples: {question}\\nA. ..\\nB. ..\\nC. ..\\nD. ..\\nAnswer: {letter}\\n\\n]
    {question.strip()}\\nA. {choices[0]}\\nB. {choices[1]}\\nC. {choices[2]}\\nD. {choices[3]}\\nAnswer:

with the continuations ``" A"`` .. ``" D"`` and the first ``k`` rows of the dev split as
examples (``sampler: first_n``).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tunecheck.config import unknown_name
from tunecheck.errors import DataError
from tunecheck.multiple_choice._hub import hub_records
from tunecheck.multiple_choice._item import MCItem

MMLU_CHOICES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class MMLUQuestion:
    """One MMLU row."""

    subject: str
    question: str
    choices: tuple[str, str, str, str]
    answer: int
    source: str
    line: int


def read_mmlu_csv(path: Path, subject: str) -> list[MMLUQuestion]:
    """The rows of one headerless MMLU CSV file."""
    if not path.is_file():
        raise DataError("file not found (MMLU expects <root>/<split>/<subject>_<split>.csv)", file=str(path))
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        line = reader.line_num + 1
        for record in reader:
            if len(record) != 6:
                raise DataError(f"expected 6 columns (question,A,B,C,D,answer), got {len(record)}",
                                file=str(path), line=line)
            answer = record[5].strip()
            if answer not in MMLU_CHOICES:
                raise DataError(f"answer '{answer}' is not one of A, B, C, D", file=str(path), line=line,
                                key="answer")
            out.append(MMLUQuestion(subject, record[0], (record[1], record[2], record[3], record[4]),
                                    MMLU_CHOICES.index(answer), str(path), line))
            line = reader.line_num + 1
    return out


def local_subjects(root: Path, split: str) -> list[str]:
    """Subjects with a ``<subject>_<split>.csv`` file under ``root/split``, sorted."""
    folder = root / split
    if not folder.is_dir():
        raise DataError(f"no '{split}' folder (MMLU expects <root>/<split>/<subject>_<split>.csv)", file=str(root))
    return sorted(p.name.removesuffix(f"_{split}.csv") for p in folder.glob(f"*_{split}.csv"))


def load_mmlu_local(root: Path, split: str, subjects: Sequence[str] | None) -> dict[str, list[MMLUQuestion]]:
    """Questions per subject from the local CSV layout (all subjects when ``subjects`` is None)."""
    available = local_subjects(root, split)
    chosen = _chosen(available, subjects, str(root / split))
    return {s: read_mmlu_csv(root / split / f"{s}_{split}.csv", s) for s in chosen}


def load_mmlu_hub(name: str, split: str, subjects: Sequence[str] | None,
                  revision: str | None) -> dict[str, list[MMLUQuestion]]:
    """Questions per subject from a hub dataset in ``cais/mmlu`` layout."""
    if subjects is None:
        records = hub_records(name, "all", split, revision)
        out: dict[str, list[MMLUQuestion]] = {}
        for index, record in enumerate(records):
            question = _hub_question(record, str(record.get("subject", "")), f"hub:{name}/all[{split}]", index)
            out.setdefault(question.subject, []).append(question)
        return dict(sorted(out.items()))
    return {s: [_hub_question(r, s, f"hub:{name}/{s}[{split}]", i)
                for i, r in enumerate(hub_records(name, s, split, revision))] for s in subjects}


def _hub_question(record: Mapping[str, object], subject: str, source: str, index: int) -> MMLUQuestion:
    choices, answer = record.get("choices"), record.get("answer")
    if not isinstance(choices, list) or len(choices) != 4:
        raise DataError("expected 'choices' to be a list of 4 strings", file=source, line=index + 1, key="choices")
    if not isinstance(answer, int) or not 0 <= answer < 4:
        raise DataError(f"answer {answer!r} is not an index 0-3", file=source, line=index + 1, key="answer")
    c = tuple(str(choice) for choice in choices)
    return MMLUQuestion(subject, str(record.get("question", "")), (c[0], c[1], c[2], c[3]), answer, source,
                        index + 1)


def _chosen(available: Sequence[str], wanted: Sequence[str] | None, where: str) -> list[str]:
    if wanted is None:
        if not available:
            raise DataError("no MMLU subject files found", file=where)
        return list(available)
    for subject in wanted:
        if subject not in available:
            raise DataError(unknown_name("MMLU subject", subject, available), file=where, key="subjects")
    return list(wanted)


def mmlu_description(subject: str) -> str:
    return f"The following are multiple choice questions (with answers) about {subject.replace('_', ' ')}.\n\n"


def mmlu_text(question: MMLUQuestion) -> str:
    """lm-eval's ``doc_to_text``."""
    lines = [question.question.strip()]
    lines += [f"{letter}. {choice}" for letter, choice in zip(MMLU_CHOICES, question.choices, strict=True)]
    return "\n".join(lines) + "\nAnswer:"


def mmlu_items(name: str, test: Sequence[MMLUQuestion], dev: Sequence[MMLUQuestion],
               num_fewshot: int) -> list[MCItem]:
    """Scored items for one subject: description, the first ``num_fewshot`` dev rows, the question."""
    if not test:
        return []
    subject = test[0].subject
    if num_fewshot > len(dev):
        where = dev[0].source if dev else f"dev split of '{subject}'"
        raise DataError(f"{num_fewshot}-shot needs {num_fewshot} dev examples, found {len(dev)}", file=where,
                        key="num_fewshot")
    shots = "".join(f"{mmlu_text(q)} {MMLU_CHOICES[q.answer]}\n\n" for q in dev[:num_fewshot])
    head = mmlu_description(subject) + shots
    return [MCItem(
        id=f"{name}/{subject}/{index}", group=subject, context=head + mmlu_text(q), choices=MMLU_CHOICES,
        gold=q.answer, question=mmlu_text(q), options=q.choices,
        prompt=head + mmlu_text(q).removesuffix("Answer:") + _ASK, source=q.source, line=q.line,
    ) for index, q in enumerate(test)]


_ASK = "Answer with the letter of the correct option (A, B, C or D)."
