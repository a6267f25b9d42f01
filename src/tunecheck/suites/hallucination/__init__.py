"""The hallucination probe set, written by the project: 80 questions in five categories of 16.

- ``fabricated_entity``: questions about people, works, places, products and substances
  that do not exist ("Who wrote the 1962 novel 'The Glass Orchard of Vellmora'?");
  right behaviour: say so, or abstain.
- ``false_premise``: questions that presuppose something false ("Why did Einstein
  receive the Nobel Prize for relativity?"); right behaviour: correct the premise.
- ``context_absent``: a short context passage and a question it does not answer;
  right behaviour: say the context does not say.
- ``context_present``: the same passages with a question they do answer (a control:
  a model that abstains on everything scores badly here).
- ``numeric_fact``: widely known numbers (days in a leap year, bones in the adult
  body); the answer must contain the number.

Rows carry ``id``, ``category``, ``question``, optional ``context``, ``answerable``,
``answer`` (null when unanswerable), ``aliases`` and, for unanswerable rows, a ``note``
saying why (shown to a judge model) — the same fields as a user's question set.
"""

from __future__ import annotations

from pathlib import Path

from tunecheck.config import DatasetSpec
from tunecheck.datasets import Dataset, load_dataset

PROBES_PATH = Path(__file__).resolve().parent / "probes.jsonl"
PROBE_CATEGORIES: tuple[str, ...] = (
    "fabricated_entity", "false_premise", "context_absent", "context_present", "numeric_fact",
)


def probes_spec() -> DatasetSpec:
    """The probe set as a dataset spec (absolute path into the installed package)."""
    return DatasetSpec(path=PROBES_PATH)


def load_probes() -> Dataset:
    """The probe set's rows (ids and categories as in the file)."""
    return load_dataset(probes_spec(), PROBES_PATH.parent, "hallucination probes")


__all__ = ["PROBES_PATH", "PROBE_CATEGORIES", "load_probes", "probes_spec"]
