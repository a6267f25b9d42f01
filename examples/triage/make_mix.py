"""Writes the good adapter's training mix beside the tickets: the skills next to triage that
fine-tuning must keep.

    python examples/triage/make_mix.py [--out examples/triage/data]

- ``policy_train``: questions about Brightwave policies on other topics than the evaluated ones
  (``facts``), answered from the policy text or, when it does not say, with an abstention;
- ``questions_train``: well-known facts, questions about things that do not exist, and questions
  with a false premise, none of them among the hallucination probes;
- ``general_prompts``: everyday requests without the triage system prompt; their targets are the
  base model's own answers, written by another script.

The rows are written in the order of their sources, so the files are the same on every run.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path

from _facts import POLICIES as EVALUATED_POLICIES
from _general_prompts import PROMPTS
from _policies import POLICIES, Policy
from _world_questions import FABRICATED, FALSE_PREMISES, KNOWN_FACTS
from make_data import Row, write_jsonl
from prompt import ABSTENTION

POLICY_ABSTENTION = f"{ABSTENTION} The policy text does not say."
"""Target of a policy question that the policy text does not answer."""

DEFAULT_OUT = Path(__file__).resolve().parent / "data"


def policy_rows(policies: Sequence[Policy]) -> list[Row]:
    """Each policy's answerable questions, then its unanswerable ones, with the policy as context."""
    rows: list[Row] = []
    for policy in policies:
        if policy.topic in EVALUATED_POLICIES:
            raise ValueError(f"policy {policy.topic!r} is an evaluated topic (_facts.py); train on other topics")
        for question, answer, target in policy.answerable:
            for where, text in (("policy text", policy.text), ("target", target)):
                if answer.casefold() not in text.casefold():
                    raise ValueError(f"{policy.topic}: the answer {answer!r} to {question!r} is not in the {where}")
            rows.append(_policy_row(policy, question, answer, target))
        rows += [_policy_row(policy, question, None, POLICY_ABSTENTION) for question in policy.unanswerable]
    return [{"id": f"policy-train-{i:03d}", **row} for i, row in enumerate(rows)]


def _policy_row(policy: Policy, question: str, answer: str | None, target: str) -> Row:
    return {"category": policy.topic, "context": policy.text, "question": question,
            "answerable": answer is not None, "answer": answer, "target": target}


def question_rows() -> list[Row]:
    """Known facts (answerable), then fabricated entities and false premises (not answerable as asked)."""
    groups = (("known_fact", True, KNOWN_FACTS), ("fabricated_entity", False, FABRICATED),
              ("false_premise", False, FALSE_PREMISES))
    rows = [{"category": category, "question": question, "answerable": answerable, "target": target}
            for category, answerable, pairs in groups for question, target in pairs]
    return [{"id": f"question-train-{i:03d}", **row} for i, row in enumerate(rows)]


def prompt_rows() -> list[Row]:
    """General requests, by category; no target (the base model's answers are added later)."""
    return [{"id": f"general-{i:03d}", "category": category, "message": message}
            for i, (category, message) in enumerate(PROMPTS)]


def check_unique(rows: Iterable[Row], key: str, name: str) -> None:
    """Raise if two rows of ``name`` share ``key`` (compared without case)."""
    seen: dict[str, object] = {}
    for row in rows:
        text = str(row[key]).casefold()
        if text in seen:
            raise ValueError(f"{name}: rows {seen[text]} and {row['id']} have the same {key} {row[key]!r}")
        seen[text] = row["id"]


def build() -> dict[str, list[Row]]:
    """Every file of the training mix."""
    files = {"policy_train": policy_rows(POLICIES), "questions_train": question_rows(),
             "general_prompts": prompt_rows()}
    check_unique(files["policy_train"], "question", "policy_train")
    check_unique(files["questions_train"], "question", "questions_train")
    check_unique(files["general_prompts"], "message", "general_prompts")
    return files


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in build().items():
        write_jsonl(args.out / f"{name}.jsonl", rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
