from __future__ import annotations

import numpy as np
import pytest
import sacrebleu
from hypothesis import given, settings
from hypothesis import strategies as st

from tunecheck.metrics import Bleu, Chrf, get_metric

HYPS = [
    "The cat sat on the mat.",
    "A quick brown fox jumps over the lazy dog",
    "hello there general kenobi",
    "",
    "x",
    "It is raining cats and dogs in London today.",
    "Results were significant at the five percent level.",
]
REFS = [
    "The cat is on the mat.",
    "The quick brown fox jumped over the lazy dog.",
    "hello there",
    "nothing here",
    "x y z",
    "In London it rains cats and dogs today.",
    "The results were significant at the 5% level.",
]
REFS_2 = [
    "There is a cat on the mat.",
    "A fast brown fox leaps over the lazy dog",
    "general kenobi, hello there",
    "empty",
    "x",
    "Today it is pouring in London.",
    "Results were significant at five percent.",
]


def test_bleu_equals_sacrebleu_corpus_bleu() -> None:
    metric = get_metric("bleu")
    assert metric.statistics(HYPS, REFS).shape == (len(HYPS), 10)
    expected = sacrebleu.corpus_bleu(HYPS, [REFS]).score
    assert metric.compute(HYPS, REFS) == pytest.approx(expected, abs=1e-9)


def test_bleu_with_several_references_equals_sacrebleu() -> None:
    refs = [[a, b] for a, b in zip(REFS, REFS_2, strict=True)]
    expected = sacrebleu.corpus_bleu(HYPS, [REFS, REFS_2]).score
    assert get_metric("bleu").compute(HYPS, refs) == pytest.approx(expected, abs=1e-9)


def test_bleu_with_a_variable_number_of_references() -> None:
    refs: list[str | list[str]] = [
        [a, b] if i % 2 else a for i, (a, b) in enumerate(zip(REFS, REFS_2, strict=True))
    ]
    streams = [REFS, [b if i % 2 else None for i, b in enumerate(REFS_2)]]
    expected = sacrebleu.corpus_bleu(HYPS, streams).score  # type: ignore[arg-type]
    assert get_metric("bleu").compute(HYPS, refs) == pytest.approx(expected, abs=1e-9)


def test_bleu_options_follow_sacrebleu() -> None:
    hyps = [h.upper() for h in HYPS]
    metric = get_metric("bleu", lowercase=True, tokenize="intl")
    expected = sacrebleu.corpus_bleu(hyps, [REFS], lowercase=True, tokenize="intl").score
    assert metric.compute(hyps, REFS) == pytest.approx(expected, abs=1e-9)


def test_bleu_edge_cases_equal_sacrebleu() -> None:
    cases = [
        (["completely different words"], ["nothing in common here"]),  # no matches -> 0
        (["short"], ["short"]),  # no 2-grams at all
        (["a b"], ["a b c d e f"]),  # brevity penalty
        ([""], ["reference"]),  # empty hypothesis
        (["one two three four five"], ["one two six four five"]),  # 3-grams unmatched: smoothing
    ]
    metric = get_metric("bleu")
    for hyps, refs in cases:
        expected = sacrebleu.corpus_bleu(hyps, [refs]).score
        assert metric.compute(hyps, refs) == pytest.approx(expected, abs=1e-9), hyps


def test_bleu_per_sample_is_sentence_bleu() -> None:
    scores = get_metric("bleu").per_sample(HYPS, REFS)
    expected = [sacrebleu.sentence_bleu(h, [r]).score for h, r in zip(HYPS, REFS, strict=True)]
    np.testing.assert_allclose(scores, expected)


def test_chrf_equals_sacrebleu_corpus_chrf() -> None:
    metric = get_metric("chrf")
    assert metric.statistics(HYPS, REFS).shape == (len(HYPS), 18)
    expected = sacrebleu.corpus_chrf(HYPS, [REFS]).score
    assert metric.compute(HYPS, REFS) == pytest.approx(expected, abs=1e-9)


def test_chrf_plus_plus_and_several_references() -> None:
    refs = [[a, b] for a, b in zip(REFS, REFS_2, strict=True)]
    expected = sacrebleu.corpus_chrf(HYPS, [REFS, REFS_2], word_order=2).score
    assert get_metric("chrf", word_order=2).compute(HYPS, refs) == pytest.approx(expected, abs=1e-9)


def test_chrf_per_sample_is_sentence_chrf() -> None:
    scores = get_metric("chrf").per_sample(HYPS, REFS)
    expected = [sacrebleu.sentence_chrf(h, [r]).score for h, r in zip(HYPS, REFS, strict=True)]
    np.testing.assert_allclose(scores, expected)


@pytest.mark.parametrize("metric", [Bleu(), Chrf()])
def test_aggregate_is_vectorised_over_leading_axes(metric: Bleu | Chrf) -> None:
    stats = metric.statistics(HYPS, REFS)
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(HYPS), size=(5, 3, len(HYPS)))
    summed = stats[picks].sum(axis=-2)
    values = metric.aggregate(summed)
    assert values.shape == (5, 3)
    for i in range(5):
        for j in range(3):
            assert values[i, j] == pytest.approx(float(metric.aggregate(summed[i, j])))


def test_empty_input_gives_empty_statistics() -> None:
    assert Bleu().statistics([], []).shape == (0, 10)
    assert Chrf().statistics([], []).shape == (0, 18)
    with pytest.raises(ValueError, match="at least one sample"):
        Bleu().compute([], [])


_sentence = st.lists(st.sampled_from(["the", "cat", "sat", "on", "mat", "a", "dog", "."]), max_size=8).map(
    " ".join
)


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(st.tuples(_sentence, _sentence), min_size=1, max_size=8))
def test_bleu_and_chrf_match_sacrebleu_on_random_corpora(pairs: list[tuple[str, str]]) -> None:
    hyps = [h for h, _ in pairs]
    refs = [r for _, r in pairs]
    bleu = sacrebleu.corpus_bleu(hyps, [refs]).score
    chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
    assert Bleu().compute(hyps, refs) == pytest.approx(bleu, abs=1e-9)
    assert Chrf().compute(hyps, refs) == pytest.approx(chrf, abs=1e-9)
