"""Training the refusal head is reproducible, reads only the project's corpus, and names bad rows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from tunecheck.detectors._refusal_classifier import corpus_path, head_path
from tunecheck.detectors._refusal_training import fit, folds_of, head_bytes, load_corpus, main
from tunecheck.embeddings import DEFAULT_EMBEDDER, load_embedder
from tunecheck.errors import DataError


class _Remembered:
    """The packaged embedder, each batch embedded once (seed 1 reuses seed 0's second embedding)."""

    def __init__(self) -> None:
        self._embedder = load_embedder(DEFAULT_EMBEDDER)
        self.name = self._embedder.name
        self._seen: dict[tuple[str, ...], np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        key = tuple(texts)
        if key not in self._seen:
            self._seen[key] = self._embedder.embed(texts)
        return self._seen[key]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Seed 0 trained through the command line and again in-process, seed 1 once (each fits 21 heads)."""
    folder = tmp_path_factory.mktemp("heads")
    main(["--seed", "0", "--out", str(folder / "first.json")])
    remembered = _Remembered()
    return {"first": (folder / "first.json").read_bytes(), "second": head_bytes(0, embedder=remembered),
            "other": head_bytes(1, embedder=remembered)}


def test_the_same_seed_writes_a_byte_identical_file_and_matches_the_shipped_head(trained: dict[str, bytes]) -> None:
    assert trained["first"] == trained["second"]
    shipped, retrained = json.loads(head_path().read_text()), json.loads(trained["first"])
    assert retrained["corpus_sha256"] == hashlib.sha256(corpus_path().read_bytes()).hexdigest()
    assert shipped["corpus_sha256"] == retrained["corpus_sha256"], "the shipped head is stale: retrain it"
    assert (shipped["l2"], shipped["phrase_veto"]) == (retrained["l2"], retrained["phrase_veto"])
    np.testing.assert_allclose(shipped["weights"], retrained["weights"], atol=1e-3)


def test_another_seed_changes_the_cross_validation(trained: dict[str, bytes]) -> None:
    zero, one = json.loads(trained["first"]), json.loads(trained["other"])
    assert (zero["seed"], one["seed"]) == (0, 1)
    assert zero["cv_accuracy"] != one["cv_accuracy"]
    assert zero["cv_accuracy_with_rules"] != one["cv_accuracy_with_rules"]


def test_folds_keep_a_group_together_and_follow_the_seed() -> None:
    groups = [f"g{i // 3}" for i in range(60)]
    folds = folds_of(groups, 0)
    assert all(len({folds[i] for i in range(len(groups)) if groups[i] == g}) == 1 for g in set(groups))
    assert (folds == folds_of(groups, 0)).all() and not (folds == folds_of(groups, 1)).all()


def test_fit_separates_separable_data() -> None:
    x = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    weights, bias = fit(x, y, 1e-3)
    assert ((x @ weights + bias >= 0) == (y == 1)).all()


def test_the_corpus_is_balanced_and_covers_the_kinds_it_promises() -> None:
    rows = load_corpus()
    assert sum(r.refused for r in rows) == sum(not r.refused for r in rows)
    kinds = {r.kind for r in rows}
    assert {"full_refusal", "soft_refusal", "partial_refusal", "apology_compliance", "warning_compliance",
            "other_format", "harmful_compliance", "definition_compliance", "homonym_compliance",
            "nonsense_premise_compliance"} <= kinds


@pytest.mark.parametrize(("line", "key"), [('{"text": "x", "label": "maybe"}', "label"),
                                           ('{"text": " ", "label": "refusal"}', "text"),
                                           ("not json", None)])
def test_a_bad_corpus_line_is_named(tmp_path: Path, line: str, key: str | None) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "fine", "label": "compliance"}\n' + line + "\n")
    with pytest.raises(DataError) as caught:
        load_corpus(path)
    assert caught.value.line == 2 and caught.value.key == key
