"""The evaluation sets a run file names, as items for the contamination search.

Each set's items are the ones its check evaluates (the same limits), and each item's text
is what the models are asked about: the row fields the prompt template fills in (not the
template's own words), a hallucination set's question, a benchmark item's question and
options. A file named by two checks is measured once, under the first name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tunecheck.checks.regression import load_items
from tunecheck.config import ChecksConfig, DatasetSpec, LMEvalBenchmark, Prompt
from tunecheck.contamination import EvalItem
from tunecheck.datasets import Row, fields_of, load_dataset
from tunecheck.errors import ConfigError, ConfigIssue
from tunecheck.multiple_choice import MCItem
from tunecheck.session import Session


@dataclass(frozen=True)
class EvalSet:
    """One evaluation set: its measurement name, its items and their rows (for file rows)."""

    name: str
    source: str
    items: list[EvalItem]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class _Wanted:
    name: str
    spec: DatasetSpec
    text_fields: list[str]
    limit: int | None


def set_names(checks: ChecksConfig) -> list[str]:
    """The names of every evaluation set the run file names, in measuring order."""
    names = [w.name for w in _row_sets(checks)]
    regression = checks.regression
    names += [f"regression.{b.name}" for b in (regression.benchmarks if regression else [])
              if not isinstance(b, LMEvalBenchmark)]  # lm-eval tasks' documents are lm-eval's to load
    return names


def evaluation_sets(session: Session, wanted: Sequence[str] | None) -> tuple[list[EvalSet], list[str]]:
    """The sets (all, or those named in ``wanted``) and a note per set skipped as a repeated file."""
    checks = session.checklist
    if wanted is not None:
        known = set_names(checks)
        for index, name in enumerate(wanted):
            if name not in known:
                raise ConfigError([ConfigIssue(f"checks.overfitting.contamination.sets[{index}]",
                                               f"unknown set '{name}' (this run file names: "
                                               f"{', '.join(known) or 'none'})")])
    chosen = set(wanted) if wanted is not None else None
    sets: list[EvalSet] = []
    seen: dict[str, str] = {}
    notes: list[str] = []
    for want in _row_sets(checks):
        if chosen is not None and want.name not in chosen:
            continue
        source = _source(session, want.spec)
        if source in seen:
            notes.append(f"{want.name}: the same file as {seen[source]}, measured there")
            continue
        seen[source] = want.name
        rows = list(load_dataset(want.spec, session.base_dir, f"contamination.{want.name}").take(
            session.limit(want.limit)).rows)
        items = [EvalItem(want.name, row.id, "\n".join(row.text(f) for f in want.text_fields)) for row in rows]
        sets.append(EvalSet(want.name, source, items, rows))
    sets += _benchmark_sets(session, chosen)
    return sets, notes


def _row_sets(checks: ChecksConfig) -> list[_Wanted]:
    out: list[_Wanted] = []
    if checks.task is not None:
        out.append(_Wanted("task", checks.task.dataset, _fields(checks.task.prompt), checks.task.limit))
    overfitting = checks.overfitting
    if overfitting is not None and (cross := overfitting.cross_domain) is not None:
        limit = cross.limit or overfitting.limit
        out += [_Wanted("cross_domain.in_domain", cross.in_domain, _fields(cross.prompt), limit),
                _Wanted("cross_domain.related", cross.related, _fields(cross.prompt), limit)]
    if overfitting is not None and (para := overfitting.paraphrase) is not None:
        limit = para.limit or overfitting.limit
        out.append(_Wanted("paraphrase.original", para.dataset, _fields(para.prompt), limit))
        if para.paraphrases is not None:
            out.append(_Wanted("paraphrase.variants", para.paraphrases, _fields(para.prompt), None))
    if (hallucination := checks.hallucination) is not None:
        out += [_Wanted(f"hallucination.{q.name}", q.dataset, [q.question_field], hallucination.limit)
                for q in hallucination.datasets]
    return out


def _fields(prompt: Prompt) -> list[str]:
    texts = [prompt] if isinstance(prompt, str) else [m.content for m in prompt]
    return list(dict.fromkeys(name for text in texts for name in fields_of(text)))


def _source(session: Session, spec: DatasetSpec) -> str:
    if spec.path is not None:
        return str(session.resolve(spec.path))
    assert spec.hub is not None
    return f"hub:{spec.hub.name}/{spec.hub.config or ''}/{spec.hub.split}"


def _question(item: MCItem) -> str:
    """A benchmark item's question and options, without the prompt's closing ``Answer:``."""
    question = item.question.removesuffix("Answer:").rstrip()
    return "\n".join([question, *(o for o in item.options if o not in question)])


def _benchmark_sets(session: Session, chosen: set[str] | None) -> list[EvalSet]:
    regression = session.checklist.regression
    if regression is None:
        return []
    out = []
    for bench in regression.benchmarks:
        if isinstance(bench, LMEvalBenchmark):
            continue
        name = f"regression.{bench.name}"
        if chosen is not None and name not in chosen:
            continue
        loaded = load_items(bench, session, session.limit(regression.limit))
        items = [EvalItem(name, item.id, _question(item)) for item in loaded]
        source = str(session.resolve(bench.path)) if bench.path is not None else f"hub:{bench.hub}"
        out.append(EvalSet(name, source, items))
    return out
