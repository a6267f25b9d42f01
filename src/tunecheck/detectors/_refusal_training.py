"""Training the refusal head: ``python -m tunecheck.detectors._refusal_training [--seed 0] [--out PATH]``.

Reads the project-written corpus (``data/refusal_corpus.jsonl``: one ``{"text", "label",
"kind", "group"}`` object a line, label ``refusal`` or ``compliance``; rows written from
the same request share a ``group``), embeds each answer's opening and first sentence
with the packaged all-MiniLM-L6-v2, and fits an L2-regularised logistic regression by
Newton's method (full batch, a fixed number of steps: no randomness in the fit). The
seed only assigns the corpus's groups to the folds of the grouped cross-validation
(grouped, so that answers about one request are never both trained on and tested) that
picks the regularisation strength from ``L2_GRID`` and then, on the same held-out
predictions, the phrase veto from ``VETO_GRID``: the head probability below which it
overrules a phrase match, chosen for the accuracy of the whole classifier (rules and
head). The chosen values, the cross-validated accuracies and the corpus's SHA-256 are
written into the file beside the weights. Weights are rounded to 6 decimals, so the same
seed, corpus and embedder give a byte-identical file. No public benchmark data is read: XSTest and the other sets in
``shared/data`` are evaluation data only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tunecheck.detectors._refusal_classifier import (
    combined_refusal,
    corpus_path,
    head_path,
    phrase_verdict,
    segment_features,
)
from tunecheck.embeddings import DEFAULT_EMBEDDER, Embedder, load_embedder
from tunecheck.errors import DataError

FloatArray = npt.NDArray[np.float64]

OPENING_CHARS = 500
SENTENCE_CHARS = 200
L2_GRID: tuple[float, ...] = (1e-5, 1e-4, 1e-3, 1e-2)
VETO_GRID: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.2)
FOLDS = 5
NEWTON_STEPS = 30
LABELS = {"refusal": 1.0, "compliance": 0.0}


@dataclass(frozen=True)
class CorpusRow:
    text: str
    refused: bool
    kind: str
    group: str


def load_corpus(path: Path | None = None) -> list[CorpusRow]:
    """The labelled corpus; a bad line raises an error naming the file, the line and the key."""
    source = path or corpus_path()
    rows = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"not JSON: {exc.msg}", file=str(source), line=number) from None
        label = data.get("label")
        if label not in LABELS:
            raise DataError(f"label {label!r} is not 'refusal' or 'compliance'", file=str(source), line=number,
                            key="label")
        if not isinstance(data.get("text"), str) or not data["text"].strip():
            raise DataError("empty or missing text", file=str(source), line=number, key="text")
        rows.append(CorpusRow(data["text"], label == "refusal", str(data.get("kind", "")),
                              str(data.get("group", f"line{number}"))))
    return rows


def fit(x: FloatArray, y: FloatArray, l2: float, steps: int = NEWTON_STEPS) -> tuple[FloatArray, float]:
    """L2-regularised logistic regression (the bias unpenalised) by Newton's method."""
    design = np.hstack([x, np.ones((len(x), 1))])
    penalty = np.full(design.shape[1], l2 * len(x))
    penalty[-1] = 0.0
    beta = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (p - y) + penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        beta = beta - np.linalg.solve(hessian, gradient)
    return beta[:-1], float(beta[-1])


def _accuracy(x: FloatArray, y: FloatArray, weights: FloatArray, bias: float) -> float:
    return float(np.mean(((x @ weights + bias) >= 0.0) == (y == 1.0)))


def folds_of(groups: Sequence[str], seed: int) -> npt.NDArray[np.int64]:
    """The fold of each row: its group's place in a ``seed``-shuffled order of the groups, modulo ``FOLDS``."""
    names = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(names))
    fold = {name: int(order[i]) % FOLDS for i, name in enumerate(names)}
    return np.array([fold[g] for g in groups], dtype=np.int64)


def held_out_probabilities(x: FloatArray, y: FloatArray, l2: float, folds: npt.NDArray[np.int64]) -> FloatArray:
    """Each row's head probability from the fit on the other folds."""
    p = np.zeros(len(y))
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        weights, bias = fit(x[train], y[train], l2)
        p[test] = 1.0 / (1.0 + np.exp(-(x[test] @ weights + bias)))
    return p


def combined_accuracy(p: FloatArray, phrase: npt.NDArray[np.bool_], y: FloatArray, veto: float) -> float:
    """Accuracy of the whole classifier (rules and head, ``combined_refusal``) on held-out probabilities."""
    return float(np.mean(combined_refusal(phrase, p, veto) == (y == 1.0)))


def train(rows: Sequence[CorpusRow], embedder: Embedder, *, seed: int, corpus_sha256: str) -> dict[str, object]:
    """The head as a JSON-ready mapping (see the module docstring)."""
    x = segment_features(embedder, [r.text for r in rows], OPENING_CHARS, SENTENCE_CHARS)
    y = np.array([1.0 if r.refused else 0.0 for r in rows])
    phrase = np.array([phrase_verdict(r.text) is not None for r in rows])
    folds = folds_of([r.group for r in rows], seed)
    held_out = {l2: held_out_probabilities(x, y, l2, folds) for l2 in L2_GRID}
    cv = {l2: float(np.mean((p >= 0.5) == (y == 1.0))) for l2, p in held_out.items()}
    best = max(L2_GRID, key=lambda l2: (round(cv[l2], 6), l2))
    combined = {veto: combined_accuracy(held_out[best], phrase, y, veto) for veto in VETO_GRID}
    veto = max(VETO_GRID, key=lambda v: (round(combined[v], 6), -v))
    weights, bias = fit(x, y, best)
    return {
        "format": 2, "embedder": DEFAULT_EMBEDDER, "opening_chars": OPENING_CHARS,
        "sentence_chars": SENTENCE_CHARS, "seed": seed, "corpus_sha256": corpus_sha256, "n": len(rows),
        "n_refusal": int(y.sum()), "l2": best, "phrase_veto": veto,
        "cv_accuracy": {str(k): round(v, 4) for k, v in cv.items()},
        "cv_accuracy_with_rules": {str(k): round(v, 4) for k, v in combined.items()},
        "train_accuracy": round(_accuracy(x, y, weights, bias), 4),
        "bias": round(bias, 6), "weights": [round(float(w), 6) for w in weights],
    }


def head_bytes(seed: int = 0, corpus: Path | None = None, embedder: Embedder | None = None) -> bytes:
    """The head file's bytes for ``seed`` (what ``main`` writes)."""
    source = corpus or corpus_path()
    head = train(load_corpus(source), embedder or load_embedder(DEFAULT_EMBEDDER), seed=seed,
                 corpus_sha256=hashlib.sha256(source.read_bytes()).hexdigest())
    return (json.dumps(head, indent=1) + "\n").encode()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the refusal head on the project's corpus.")
    parser.add_argument("--seed", type=int, default=0, help="assigns the cross-validation folds (default 0)")
    parser.add_argument("--corpus", type=Path, default=None, help="labelled JSONL (default: the shipped corpus)")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: the shipped head)")
    args = parser.parse_args(argv)
    out = args.out or head_path()
    out.write_bytes(head_bytes(args.seed, args.corpus))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
