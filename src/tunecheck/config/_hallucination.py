"""Settings of the ``hallucination`` check: does the model make things up?

.. code-block:: yaml

    checks:
      hallucination:
        probes: true                 # the built-in probe set (fabricated entities, false premises, ...)
        datasets:
          - name: facts
            dataset: {path: data/facts.jsonl}
            # question_field: question, reference_fields: [answer, aliases], context_field: context,
            # answerable_field: answerable, note_field: note  (the defaults)
        methods: [reference, judge, sampling]
        judge: {backend: judge}      # a name in the run file's `backends:` map
        sampling: {samples: 5, temperature: 1.0}
        gates:
          - {measurement: hallucination_rate, rule: non_inferiority, threshold: 0.05}
          - {measurement: hallucination_rate, rule: at_most, threshold: 0.3}
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from tunecheck.config._base import AuxiliaryBackend, CheckSettings
from tunecheck.config._datasets import DatasetSpec
from tunecheck.types import Strict

HallucinationMethod = Literal["reference", "judge", "sampling"]

DEFAULT_QUESTION_PROMPT = (
    "Answer the question in one or two sentences. If you do not know the answer, say \"I don't know\". "
    "If the question rests on a false premise or asks about something that does not exist, say so.\n\n"
    "Question: {question}"
)
DEFAULT_CONTEXT_PROMPT = (
    "Answer the question using only the context below, in one or two sentences. If the context does not "
    "contain the answer, say \"I don't know\".\n\nContext: {context}\n\nQuestion: {question}"
)


class QuestionSet(Strict):
    """Rows with a question, reference answer(s) and optionally a context.

    A row whose ``answerable_field`` is false (or, without that field, that has no
    reference) has no correct answer: the right behaviour is to abstain or correct.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short name; prefixes its measurements.")
    dataset: DatasetSpec
    question_field: str = Field(default="question", description="Row field with the question.")
    reference_fields: list[str] = Field(
        default_factory=lambda: ["answer", "aliases"],
        description="Row fields with the reference answer(s): strings or lists of strings; null or absent is none.",
    )
    context_field: str | None = Field(
        default="context", description="Row field with a context passage (rows without one get `prompt`)."
    )
    answerable_field: str | None = Field(
        default="answerable", description="Row field, true/false: false marks a question with no correct answer."
    )
    note_field: str | None = Field(
        default="note", description="Optional row field explaining the right answer or the false premise (judge)."
    )


class JudgeSettings(Strict):
    """A judge model that rates each answer against the reference or context."""

    backend: AuxiliaryBackend = Field(description="Name of the judge in the run file's `backends:` map.")
    max_tokens: int = Field(default=192, ge=8, description="Room for one sentence of reasoning and the verdict.")
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)


class SamplingSettings(Strict):
    """SelfCheckGPT-style agreement of the answer with stochastic samples of the same prompt."""

    samples: int = Field(default=5, ge=2, le=50, description="Stochastic samples per item (seeds seed+1+r).")
    temperature: float = Field(default=1.0, gt=0.0, le=2.0, description="Sampling temperature.")
    ngram: int = Field(default=1, ge=1, le=4, description="n of the word n-grams compared.")
    ngram_threshold: float = Field(
        default=0.5, ge=0.0, le=1.0, description="An answer whose mean n-gram support is below this is flagged."
    )
    embeddings: bool = Field(default=True, description="Also score by sentence-embedding cosine.")
    embedder: str = Field(
        default="packaged:all-minilm-l6-v2", description="'packaged:<name>', a local directory or a hub id."
    )
    embedding_threshold: float = Field(
        default=0.5, ge=-1.0, le=1.0, description="An answer whose mean cosine to the samples is below this is flagged."
    )


class HallucinationSettings(CheckSettings):
    """Hallucination rate on held-out and probe sets, per method and per category."""

    probes: bool = Field(default=True, description="Include the built-in hallucination probe set ('probes').")
    datasets: list[QuestionSet] = Field(default_factory=list, description="Your own question sets.")
    methods: list[HallucinationMethod] = Field(
        default_factory=lambda: list[HallucinationMethod](["reference"]), min_length=1,
        description="Each method is reported separately."
    )
    prompt: str = Field(default=DEFAULT_QUESTION_PROMPT, description="'{field}' template for rows without context.")
    context_prompt: str = Field(default=DEFAULT_CONTEXT_PROMPT, description="Template for rows with a context.")
    f1_threshold: float = Field(
        default=0.5, gt=0.0, le=1.0,
        description="Reference method: an answer is correct when it contains a reference or reaches this token F1.",
    )
    abstention_phrases: list[str] = Field(
        default_factory=list, description="Extra phrases that count as abstaining (e.g. your fallback sentence)."
    )
    judge: JudgeSettings | None = None
    sampling: SamplingSettings = Field(default_factory=SamplingSettings)
    examples: int = Field(default=5, ge=0, description="Side-by-side examples per section.")

    @field_validator("methods")
    @classmethod
    def _unique_methods(cls, methods: list[HallucinationMethod]) -> list[HallucinationMethod]:
        if len(set(methods)) != len(methods):
            raise ValueError("each method may be listed once")
        return methods

    @model_validator(mode="after")
    def _sources_and_judge(self) -> HallucinationSettings:
        names = [d.name for d in self.datasets]
        if not self.probes and not names:
            raise ValueError("no questions: set 'probes: true' or list 'datasets'")
        if len(set(names)) != len(names) or (self.probes and "probes" in names):
            raise ValueError("dataset names must be unique ('probes' is the built-in set)")
        if "judge" in self.methods and self.judge is None:
            raise ValueError("methods include 'judge': set 'judge: {backend: <name in backends>}'")
        return self
