"""Corpus BLEU and chrF from sacrebleu's per-sentence sufficient statistics.

sacrebleu computes both metrics from statistics summed over sentences. We take its
per-sentence statistics as the metric's per-sample statistics and re-implement only the
final formula, vectorised, so that any resample of sentences can be scored at once. The
formula reproduces ``sacrebleu.corpus_bleu`` / ``sacrebleu.corpus_chrf`` on the same
inputs (tested to 1e-9). Scores are on sacrebleu's 0-100 scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from tunecheck.metrics._base import Metric, Reference, check_lengths, reference_list
from tunecheck.types import FloatArray

if TYPE_CHECKING:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

#: sacrebleu's default (and only supported here) maximum n-gram order for BLEU.
_BLEU_NGRAM_ORDER = 4


def _reference_streams(references: Sequence[Reference]) -> Sequence[Sequence[str]]:
    """sacrebleu's layout: one stream per reference slot; missing slots are ``None``.

    sacrebleu documents ``None`` for a sample with fewer references, though its type hints
    say ``str``; hence the cast.
    """
    per_sample = [reference_list(r) for r in references]
    width = max((len(refs) for refs in per_sample), default=0)
    streams = [[refs[j] if j < len(refs) else None for refs in per_sample] for j in range(width)]
    return cast("Sequence[Sequence[str]]", streams)


@dataclass(frozen=True)
class Bleu(Metric):
    """Corpus BLEU (sacrebleu defaults: 13a tokenizer, 4-grams, exponential smoothing).

    Statistics per sample (k = 10): hypothesis length, closest reference length, matching
    n-grams for n = 1..4, hypothesis n-grams for n = 1..4.
    """

    name: str = "bleu"
    tokenize: str = "13a"
    lowercase: bool = False
    higher_is_better: bool = True
    binary: bool = False
    unit: str = "BLEU points (0-100)"

    def _sacrebleu(self, *, effective_order: bool) -> BLEU:
        from sacrebleu.metrics.bleu import BLEU

        return BLEU(
            lowercase=self.lowercase,
            tokenize=self.tokenize,
            effective_order=effective_order,
            force=True,
        )

    def statistics(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        check_lengths(predictions, references)
        if not predictions:
            return np.zeros((0, 2 + 2 * _BLEU_NGRAM_ORDER), dtype=np.float64)
        bleu = self._sacrebleu(effective_order=False)
        rows = bleu._extract_corpus_statistics(list(predictions), _reference_streams(references))
        return np.asarray(rows, dtype=np.float64)

    def aggregate(self, summed: FloatArray) -> FloatArray:
        return corpus_bleu_from_stats(summed)

    def per_sample(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        """Sentence BLEU of each sample (sacrebleu ``sentence_bleu``, effective order on)."""
        check_lengths(predictions, references)
        bleu = self._sacrebleu(effective_order=True)
        return np.array(
            [
                bleu.sentence_score(p, list(reference_list(r))).score
                for p, r in zip(predictions, references, strict=True)
            ],
            dtype=np.float64,
        )


def corpus_bleu_from_stats(summed: FloatArray) -> FloatArray:
    """sacrebleu's corpus BLEU (exp smoothing, no effective order) from summed statistics.

    ``summed`` has shape (..., 10): ``[sys_len, ref_len, correct_1..4, total_1..4]``.
    """
    order = _BLEU_NGRAM_ORDER
    sys_len, ref_len = summed[..., 0], summed[..., 1]
    correct = summed[..., 2 : 2 + order]
    total = summed[..., 2 + order : 2 + 2 * order]
    with np.errstate(divide="ignore", invalid="ignore"):
        bp = np.where(
            sys_len < ref_len,
            np.where(sys_len > 0, np.exp(1.0 - ref_len / sys_len), 0.0),
            1.0,
        )
        # 'exp' smoothing: the j-th order without matches gets 1 / (2**j * total).
        zero = (correct == 0) & (total > 0)
        smooth = np.power(2.0, np.cumsum(zero, axis=-1))
        precisions = np.where(zero, 100.0 / (smooth * total), 100.0 * correct / total)
        log_mean = np.log(np.where(total > 0, precisions, 1.0)).sum(axis=-1) / order
    # sacrebleu returns 0 when nothing matches, and log(0) -> -inf when an order is empty.
    defined = (correct.sum(axis=-1) > 0) & np.all(total > 0, axis=-1)
    score: FloatArray = np.where(defined, bp * np.exp(np.where(defined, log_mean, 0.0)), 0.0)
    return score


@dataclass(frozen=True)
class Chrf(Metric):
    """Corpus chrF (sacrebleu defaults: character 6-grams, beta 2; ``word_order=2`` is chrF++).

    Statistics per sample (k = 3 * (char_order + word_order)): for each n-gram order,
    hypothesis n-grams, reference n-grams and matches, against the best reference.
    """

    name: str = "chrf"
    char_order: int = 6
    word_order: int = 0
    beta: int = 2
    lowercase: bool = False
    whitespace: bool = False
    higher_is_better: bool = True
    binary: bool = False
    unit: str = "chrF points (0-100)"

    def _sacrebleu(self) -> CHRF:
        from sacrebleu.metrics.chrf import CHRF

        return CHRF(
            char_order=self.char_order,
            word_order=self.word_order,
            beta=self.beta,
            lowercase=self.lowercase,
            whitespace=self.whitespace,
        )

    def statistics(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        check_lengths(predictions, references)
        if not predictions:
            return np.zeros((0, 3 * (self.char_order + self.word_order)), dtype=np.float64)
        chrf = self._sacrebleu()
        rows = chrf._extract_corpus_statistics(list(predictions), _reference_streams(references))
        return np.asarray(rows, dtype=np.float64)

    def aggregate(self, summed: FloatArray) -> FloatArray:
        return corpus_chrf_from_stats(summed, beta=self.beta)

    def per_sample(self, predictions: Sequence[str], references: Sequence[Reference]) -> FloatArray:
        """Sentence chrF of each sample (sacrebleu ``sentence_chrf``)."""
        check_lengths(predictions, references)
        chrf = self._sacrebleu()
        return np.array(
            [
                chrf.sentence_score(p, list(reference_list(r))).score
                for p, r in zip(predictions, references, strict=True)
            ],
            dtype=np.float64,
        )


def corpus_chrf_from_stats(summed: FloatArray, *, beta: int = 2) -> FloatArray:
    """sacrebleu's corpus chrF (no eps smoothing) from summed statistics.

    ``summed`` has shape (..., 3 * orders): ``[hyp, ref, match]`` per order. Precision and
    recall are averaged over the orders where both the hypothesis and the reference have
    n-grams, then combined into an F-beta score.
    """
    stats = summed.reshape(*summed.shape[:-1], -1, 3)
    n_hyp, n_ref, n_match = stats[..., 0], stats[..., 1], stats[..., 2]
    effective = (n_hyp > 0) & (n_ref > 0)
    n_effective = effective.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(effective, n_match / n_hyp, 0.0).sum(axis=-1)
        rec = np.where(effective, n_match / n_ref, 0.0).sum(axis=-1)
        avg_prec = np.where(n_effective > 0, prec / n_effective, 0.0)
        avg_rec = np.where(n_effective > 0, rec / n_effective, 0.0)
        factor = float(beta**2)
        f_score = (1 + factor) * avg_prec * avg_rec / (factor * avg_prec + avg_rec)
    score: FloatArray = np.where(avg_prec + avg_rec > 0, 100.0 * f_score, 0.0)
    return score
