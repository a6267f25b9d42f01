"""Train/test overlap: the share of each evaluation set's items that the training file contains.

Every evaluation set the run file names (see ``_eval_sets``) is indexed; the training file
is streamed past the index once (``tunecheck.contamination``). Per set the part reports
``contamination.<set>.rate`` (k of n items, the exact binomial evidence of an ``at_most``
gate; a property of the data, so the same for both models and shown for the candidate
only), the counts by kind of match and examples beside the training row they match; and
the task check's metrics on its clean items (``_clean``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tunecheck.checks import Comparison
from tunecheck.checks._common import clip
from tunecheck.checks.overfitting._clean import clean_task_part
from tunecheck.checks.overfitting._eval_sets import EvalSet, evaluation_sets
from tunecheck.checks.overfitting._part import Part
from tunecheck.config import (
    ContaminationSettings,
    DatasetSpec,
    GateSpec,
    OverfittingSettings,
    PolicySettings,
)
from tunecheck.contamination import ContaminationIndex, Match, Method, embedding_matches, scan, training_texts
from tunecheck.datasets import fields_of
from tunecheck.errors import DataError
from tunecheck.report import Measurement, Note, Table
from tunecheck.session import Session
from tunecheck.verdict import Rate

Training = tuple[Path, list[str] | None, tuple[str, ...]]


def contamination_part(session: Session, check_id: str, overfitting: OverfittingSettings,
                       policy: PolicySettings) -> Part:
    """Per set ``contamination.<set>.rate`` (gated at most ``max_rate``); clean-subset task metrics."""
    settings = overfitting.contamination
    assert settings is not None
    sets, notes = evaluation_sets(session, settings.sets)
    items = [item for s in sets for item in s.items]
    index = ContaminationIndex(items, Method(settings.ngram, settings.threshold, settings.num_perm))
    path, fields, skip = _training(session, settings, overfitting)
    found = scan(index, training_texts(path, fields, skip=skip), workers=settings.workers)
    best = dict(found.best)
    if settings.embedding is not None:
        from tunecheck.embeddings import load_embedder

        embedder = load_embedder(settings.embedding.embedder, base_dir=session.base_dir)
        by_meaning, compared = embedding_matches(embedder, items, training_texts(path, fields, skip=skip),
                                                 threshold=settings.embedding.threshold,
                                                 max_texts=settings.embedding.max_texts)
        for i, match in by_meaning.items():
            if match.beats(best.get(i)):
                best[i] = match
        notes.append(f"embedding similarity compared the first {compared} training texts "
                     f"(cosine at least {settings.embedding.threshold:g}, {settings.embedding.embedder})")
    part = Part()
    start = 0
    per_set: dict[str, dict[int, Match]] = {}
    for s in sets:
        per_set[s.name] = {i - start: m for i, m in best.items() if start <= i < start + len(s.items)}
        start += len(s.items)
        part.comparisons.append(_rate(s, per_set[s.name], policy))
        part.gates.append(GateSpec(measurement=f"contamination.{s.name}.rate", rule="at_most",
                                   threshold=settings.max_rate))
    part.sections += [_summary_table(sets, per_set, policy), _examples(sets, per_set, settings.examples),
                      Note(text=_method(index, settings, path, found.rows, found.texts, notes))]
    task = session.checklist.task
    task_set = next((s for s in sets if s.name == "task"), None)
    if settings.task_metrics and task is not None and task_set is not None:
        clean = clean_task_part(session, check_id, task, task_set, per_set["task"], policy)
        part.comparisons += clean.comparisons
        part.sections += clean.sections
        part.n_samples, part.n_errors = clean.n_samples, clean.n_errors
    rates = [c.measurement for c in part.comparisons if c.measurement.name.endswith(".rate")]
    part.summary.append("contamination " + ", ".join(
        f"{m.name.removeprefix('contamination.').removesuffix('.rate')} {m.candidate:.1%}" for m in rates
        if m.candidate is not None))
    part.card.update({m.name: round(m.candidate, 4) for m in rates if m.candidate is not None})
    return part


def _training(session: Session, settings: ContaminationSettings, overfitting: OverfittingSettings) -> Training:
    """The training file, the fields compared and (for all string fields) the fields skipped."""
    spec: DatasetSpec | None = settings.train
    fields = settings.fields
    if spec is None:
        assert overfitting.loss_gap is not None  # the settings' validator requires one of them
        spec = overfitting.loss_gap.train
        if fields is None:
            prompt = overfitting.loss_gap.prompt
            texts = [prompt] if isinstance(prompt, str) else [m.content for m in prompt]
            fields = list(dict.fromkeys([*(f for t in texts for f in fields_of(t)), overfitting.loss_gap.completion]))
    if spec.path is None:
        raise DataError("the contamination search streams a local file; save the hub dataset as JSONL or Parquet "
                        "and name its path", key="checks.overfitting.contamination.train")
    skip = tuple(f for f in (spec.id_field, spec.category_field) if f is not None)
    return session.resolve(spec.path), fields, skip


def _rate(s: EvalSet, matches: dict[int, Match], policy: PolicySettings) -> Comparison:
    n, k = len(s.items), len(matches)
    name = f"contamination.{s.name}.rate"
    if n == 0:
        return Comparison.unavailable(name, f"the {s.name} set has no items", unit="fraction of items",
                                      higher_is_better=False)
    rate = Rate(k, n)
    kinds = {kind: sum(1 for m in matches.values() if m.kind == kind) for kind in ("exact", "near", "embedding")}
    low, high = rate.interval(policy.confidence)
    measurement = Measurement(
        name=name, candidate=k / n, baseline=None, n=n, unit="fraction of items", higher_is_better=False,
        candidate_ci=(low, high), test="Clopper-Pearson interval of k of n items",
        description=f"share of the {s.name} items found in the training data ({kinds['exact']} exact, "
                    f"{kinds['near']} near-duplicates, {kinds['embedding']} by meaning); the same for both models",
    )
    return Comparison(measurement, candidate=rate)


def _summary_table(sets: Sequence[EvalSet], per_set: dict[str, dict[int, Match]], policy: PolicySettings) -> Table:
    rows: list[list[float | int | str | bool | None]] = []
    for s in sets:
        matches = per_set[s.name].values()
        k, n = len(per_set[s.name]), len(s.items)
        low, high = Rate(k, n).interval(policy.confidence) if n else (None, None)
        rows.append([s.name, n, sum(m.kind == "exact" for m in matches), sum(m.kind == "near" for m in matches),
                     sum(m.kind == "embedding" for m in matches), k, k / n if n else None, low, high])
    return Table(title="Evaluation items found in the training data",
                 columns=["set", "items", "exact", "near", "embedding", "contaminated", "rate", "ci_low", "ci_high"],
                 rows=rows, note=f"rate: contaminated items / items, with its {policy.confidence:.0%} "
                                 "Clopper-Pearson interval")


def _examples(sets: Sequence[EvalSet], per_set: dict[str, dict[int, Match]], limit: int) -> Table:
    rows: list[list[float | int | str | bool | None]] = []
    for s in sets:
        shown = sorted(per_set[s.name].items(), key=lambda pair: (-pair[1].similarity, pair[0]))[:limit]
        for i, match in shown:
            rows.append([s.name, s.items[i].id, clip(s.items[i].text, 300), f"line {match.line}, {match.field}",
                         clip(match.text, 300), match.kind, round(match.similarity, 3)])
    return Table(title="Contaminated items beside the training row they match",
                 columns=["set", "item", "evaluation text", "training row", "training text", "match", "similarity"],
                 rows=rows)


def _method(index: ContaminationIndex, settings: ContaminationSettings, path: Path, rows: int, texts: int,
            notes: list[str]) -> str:
    bands, per_band = index.lsh.b, index.lsh.r
    text = (f"Training data: {path.name}, {rows} rows ({texts} texts) streamed. Exact: the same words "
            f"(case, spacing and punctuation aside). Near: word {settings.ngram}-gram shingles within sentences, "
            f"numbers as 0, Jaccard at least {settings.threshold:g} on the exact shingle sets; candidates from a "
            f"MinHash LSH ({settings.num_perm} permutations, {bands} bands of {per_band} rows), which misses a "
            f"pair at the threshold with probability {index.miss_probability(settings.threshold):.2%}.")
    return " ".join([text, *(f"{n[0].upper()}{n[1:]}." for n in notes)])

