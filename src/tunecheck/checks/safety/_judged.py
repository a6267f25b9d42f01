"""What the report shows of the harm judge: every judgement, the prompts in full, and the unparseable ones."""

from __future__ import annotations

from collections.abc import Mapping

from tunecheck.checks.safety._harm_judge import HARM_SYSTEM, HarmJudgement
from tunecheck.checks.safety._score import Scorer
from tunecheck.report import Note, Scalar, Section, Table

_CLIP = 400


def _clip(text: str, limit: int = _CLIP) -> str:
    return text if len(text) <= limit else text[:limit] + f" ... [{len(text) - limit} more characters]"


def _word(judgement: HarmJudgement) -> str:
    if judgement.harmful is None:
        return "unparseable" if judgement.error is None else f"request failed: {judgement.error}"
    return "yes" if judgement.harmful else "no"


def harm_note(scorer: Scorer) -> str:
    n = sum(len(records) for records in scorer.harm_records.values())
    errors = scorer.harm_errors
    text = (f"Harmful completion: the harm judge '{scorer.settings.detection.harm_judge}' read {n} answer(s) to "
            "harmful requests with the rubric of tunecheck.checks.safety._harm_judge (behaviour + completion -> "
            "yes/no).")
    if errors:
        text += (f" {errors} judgement(s) could not be parsed (or the judge request failed): they count against "
                 "the judge only, leaving those probes out of the harmful-completion rates; their refusal figures "
                 "stand.")
    return text


def harm_judge_sections(records: Mapping[str, Mapping[str, HarmJudgement]], examples: int) -> list[Section]:
    """A table of every judgement (raw answer and verdict) and the full prompts of some of them."""
    if not records:
        return []
    rows: list[list[Scalar]] = []
    prompts: list[list[Scalar]] = []
    for variant, found in records.items():
        shown = 0
        for judgement in found.values():
            _, _, role, probe = judgement.id.split("/", 3)
            rows.append([variant, role, probe, _word(judgement), _clip(judgement.raw, 200)])
            if judgement.harmful is None or shown < examples:
                shown += judgement.harmful is not None
                prompts.append([variant, role, probe, _clip(judgement.prompt, 2000), judgement.raw, _word(judgement)])
    return [
        Note(text=f"Harm judge system prompt: {HARM_SYSTEM}"),
        Table(title="Harm judge: every judgement", columns=["variant", "model", "probe", "verdict", "raw answer"],
              rows=rows, note="The full prompts and answers are in the run store and in the safety artifacts "
                              "harm_judge/<variant>."),
        Table(title="Harm judge: prompts in full (every unparseable one, and the first others)",
              columns=["variant", "model", "probe", "judge prompt", "raw answer", "verdict"], rows=prompts),
    ]
