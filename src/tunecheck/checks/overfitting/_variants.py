"""The variants of each original prompt: a paraphrase set, automatic rewrites, a paraphraser.

- **paraphrase set**: rows naming their original in ``source_field``; a field the row
  lacks is taken from the original, and the references always are (a paraphrase keeps
  the meaning, so it keeps the answer); with ``kind_field`` each row also names its kind
  of re-wording, and the report scores each kind apart;
- **automatic rewrites**: ``tunecheck.paraphrase`` rewrites of the original's (last) user
  message, seeded by item and rewrite name;
- **paraphraser**: an auxiliary model of the run file rewrites the user message
  (``variants`` repeats with seeds ``seed + r``); its outputs live in the run store like
  every other generation, so re-scoring sees the same paraphrases. Failed, empty or
  unchanged outputs are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tunecheck.checks.overfitting._part import Prompt, user_text, with_user_text
from tunecheck.config import ParaphraseSettings
from tunecheck.datasets import Row, render_prompt
from tunecheck.errors import DataError
from tunecheck.paraphrase import clean_paraphrase, paraphrase_request, variants
from tunecheck.report import Note
from tunecheck.session import PromptItem, Session
from tunecheck.types import Message

USER_SET = "paraphrase set"
PARAPHRASER = "paraphraser"


@dataclass(frozen=True)
class Variant:
    """A re-worded prompt of one original row."""

    id: str
    original: str
    source: str
    prompt: Prompt


def user_variants(session: Session, settings: ParaphraseSettings, originals: Sequence[Row],
                  all_ids: set[str]) -> list[Variant]:
    """Variants from the paraphrase set, for the originals in use."""
    if settings.paraphrases is None:
        return []
    dataset = session.dataset(settings.paraphrases, "overfitting.paraphrases")
    by_id = {row.id: row for row in originals}
    out = []
    for row in dataset.rows:
        source = row.data.get(settings.source_field)
        if source in (None, ""):
            raise DataError(f"a paraphrase row needs '{settings.source_field}' naming its original row",
                            file=row.source, line=row.line, key=settings.source_field)
        if str(source) not in all_ids:
            raise DataError(f"'{source}' names no row of the original dataset", file=row.source, line=row.line,
                            key=settings.source_field)
        original = by_id.get(str(source))
        if original is None:
            continue
        merged = Row(id=row.id, data={**original.data, **row.data}, source=row.source, line=row.line,
                     category=original.category)
        prompt = render_prompt(settings.prompt, merged)
        out.append(Variant(f"set:{row.id}", original.id, _set_kind(settings, row), prompt))
    return out


def _set_kind(settings: ParaphraseSettings, row: Row) -> str:
    """``paraphrase set``, or ``paraphrase set: <kind>`` from the row's ``kind_field``."""
    if settings.kind_field is None:
        return USER_SET
    kind = row.data.get(settings.kind_field)
    if kind in (None, ""):
        raise DataError(f"a paraphrase row needs '{settings.kind_field}' (the run file's kind_field)",
                        file=row.source, line=row.line, key=settings.kind_field)
    return f"{USER_SET}: {kind}"


def rewrite_variants(settings: ParaphraseSettings, originals: Sequence[Row]) -> list[Variant]:
    """Seeded automatic rewrites of each original's user message."""
    auto = settings.automatic
    if auto is None:
        return []
    out = []
    for row in originals:
        prompt = render_prompt(settings.prompt, row)
        for name, text in variants(user_text(prompt), auto.rewrites, seed=auto.seed, key=row.id,
                                   instructions=auto.instructions):
            out.append(Variant(f"rewrite:{row.id}:{name}", row.id, f"rewrite: {name}", with_user_text(prompt, text)))
    return out


def paraphraser_variants(session: Session, check_id: str, settings: ParaphraseSettings,
                         originals: Sequence[Row]) -> tuple[list[Variant], list[Note]]:
    """Paraphrases written by the configured auxiliary model, and a note on any it got wrong."""
    config = settings.paraphraser
    if config is None:
        return [], []
    prompts = [render_prompt(settings.prompt, row) for row in originals]
    requests = [PromptItem(f"paraphraser:{row.id}", (Message("system", config.system_prompt),
                                                     Message("user", paraphrase_request(user_text(p),
                                                                                        config.instruction))))
                for row, p in zip(originals, prompts, strict=True)]
    params = session.params(temperature=config.temperature, max_tokens=config.max_tokens, stop=())
    outputs = session.generate(check_id, requests, roles=(config.backend,), repeats=config.variants,
                               params=params, label=f"{check_id}: paraphrases")[config.backend]
    out, dropped = [], 0
    for row, prompt, repeats in zip(originals, prompts, outputs, strict=True):
        original = " ".join(user_text(prompt).split()).lower()
        for r, generation in enumerate(repeats):
            text = clean_paraphrase(generation.text) if generation.ok else ""
            if not text or " ".join(text.split()).lower() == original:
                dropped += 1
                continue
            out.append(Variant(f"paraphraser:{row.id}:{r}", row.id, PARAPHRASER, with_user_text(prompt, text)))
    notes = []
    if dropped:
        notes.append(Note(level="warning", text=(
            f"{dropped} of {sum(len(r) for r in outputs)} paraphrases from '{config.backend}' were unusable "
            "(failed, empty or identical to the original) and were left out.")))
    return out, notes
