"""Settings of the ``overfitting`` check: did the candidate learn the task or memorise its data?

Five parts, each optional (at least one is required): ``loss_gap``, ``training_log``,
``cross_domain``, ``paraphrase`` and ``contamination``. Prompts and outputs have the shape of the ``task``
check's (``prompt``: a ``{field}`` template or chat messages; ``outputs``: extraction,
reference field(s) and metrics). See ``tunecheck.checks.overfitting`` for a full example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from tunecheck.config._base import AuxiliaryBackend, CheckSettings
from tunecheck.config._datasets import DatasetSpec
from tunecheck.config._task import ChatMessageTemplate, TaskOutput
from tunecheck.paraphrase import (
    DEFAULT_INSTRUCTIONS,
    DEFAULT_PARAPHRASE_INSTRUCTION,
    DEFAULT_PARAPHRASER_SYSTEM,
    DEFAULT_REWRITES,
    RewriteName,
)
from tunecheck.types import Strict

Prompt = str | list[ChatMessageTemplate]
_PROMPT_HELP = "'{field}' template over row fields (a user message), or a list of chat messages."


class LossGapSettings(Strict):
    """Per-token loss of the reference completions on training and validation rows, both models."""

    train: DatasetSpec = Field(description="Rows the candidate was fine-tuned on.")
    limit: int | None = Field(default=None, ge=1, description="Rows for this part (default: the check's limit).")
    validation: DatasetSpec = Field(description="Held-out rows from the same distribution.")
    prompt: Prompt = Field(description=_PROMPT_HELP)
    completion: str = Field(description="Row field holding the reference completion the model is scored on.")
    train_samples: int | None = Field(
        default=None, ge=1,
        description="Training rows to score, a seeded random subset; default: as many as the validation rows.",
    )


class TrainingLogSettings(Strict):
    """The candidate's training log: curves for the report and signs of overfitting."""

    path: Path = Field(description="trainer_state.json, a CSV/JSONL log, or a TensorBoard event file or folder.")
    format: Literal["auto", "trainer_state", "csv", "jsonl", "tensorboard"] = Field(
        default="auto", description="'auto' tells the format from the file name."
    )
    train_key: str | None = Field(
        default=None, description="Training-loss key, column or tag (default 'loss'; TensorBoard 'train/loss')."
    )
    eval_key: str | None = Field(
        default=None, description="Evaluation-loss key, column or tag (default 'eval_loss'; TensorBoard 'eval/loss')."
    )
    tail_fraction: float = Field(
        default=0.25, gt=0.0, lt=1.0, description="The last part of training in which divergence is judged."
    )
    min_rise: float = Field(
        default=0.02, ge=0.0,
        description="Final eval loss above its minimum by more than this (minimum before the tail): bottomed out.",
    )
    min_widening: float = Field(
        default=0.05, ge=0.0, description="Eval-train gap growing by more than this over the tail: widening."
    )


class CrossDomainSettings(Strict):
    """The drop from the in-domain test set to a related-domain set, candidate vs baseline."""

    in_domain: DatasetSpec = Field(description="The in-domain test set (the fine-tuning task's distribution).")
    limit: int | None = Field(default=None, ge=1, description="Rows for this part (default: the check's limit).")
    related: DatasetSpec = Field(description="A related domain with the same outputs (labels, fields).")
    prompt: Prompt = Field(description=_PROMPT_HELP)
    outputs: list[TaskOutput] = Field(min_length=1, description="What is scored, as in the task check.")
    max_tokens: int | None = Field(
        default=None, ge=1,
        description="Longest answer here (default: generation.max_tokens); lower it when what is scored comes "
        "first in the answer (a label line).",
    )


class AutomaticVariants(Strict):
    """Seeded rewrites of each original prompt (see ``tunecheck.paraphrase``)."""

    rewrites: list[RewriteName] = Field(
        default_factory=lambda: list(DEFAULT_REWRITES), min_length=1,
        description="instruction, lowercase, casing, whitespace, punctuation, typos.",
    )
    instructions: list[str] = Field(
        default_factory=lambda: list(DEFAULT_INSTRUCTIONS), min_length=1,
        description="Reworded requests for the 'instruction' rewrite; '{prompt}' marks the original text.",
    )
    seed: int = Field(default=0, description="Seed of the random choices (with the item id and rewrite name).")

    @field_validator("instructions")
    @classmethod
    def _placeholder(cls, templates: list[str]) -> list[str]:
        for index, template in enumerate(templates):
            if "{prompt}" not in template:
                raise ValueError(f"[{index}]: the template must contain '{{prompt}}' where the original text goes")
        return templates


class ParaphraserSettings(Strict):
    """Paraphrases written by an auxiliary model of the run file's ``backends`` section."""

    backend: AuxiliaryBackend = Field(default="paraphraser",
                                      description="Name of the model in the run file's 'backends'.")
    variants: int = Field(default=2, ge=1, le=10, description="Paraphrases per item (repeats with seeds seed+r).")
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    max_tokens: int = Field(default=256, ge=8)
    system_prompt: str = Field(default=DEFAULT_PARAPHRASER_SYSTEM, description="The paraphraser's system message.")
    instruction: str = Field(
        default=DEFAULT_PARAPHRASE_INSTRUCTION, description="The request; '{text}' marks the prompt to rewrite."
    )

    @field_validator("instruction")
    @classmethod
    def _placeholder(cls, value: str) -> str:
        if "{text}" not in value:
            raise ValueError("the instruction must contain '{text}' where the prompt to rewrite goes")
        return value


class ParaphraseSettings(Strict):
    """Scores on original prompts vs paraphrased ones, both models, paired by item."""

    dataset: DatasetSpec = Field(description="The original rows (usually the in-domain test set).")
    limit: int | None = Field(default=None, ge=1, description="Rows for this part (default: the check's limit).")
    prompt: Prompt = Field(description=_PROMPT_HELP)
    outputs: list[TaskOutput] = Field(min_length=1, description="What is scored, as in the task check.")
    max_tokens: int | None = Field(
        default=None, ge=1,
        description="Longest answer here (default: generation.max_tokens); lower it when what is scored comes "
        "first in the answer (a label line).",
    )
    paraphrases: DatasetSpec | None = Field(
        default=None,
        description="Rows re-wording an original (its id in 'source_field'); fields they lack are taken from "
        "the original, and references always are.",
    )
    source_field: str = Field(default="source_id", description="Paraphrase-row field naming the original row.")
    kind_field: str | None = Field(
        default=None,
        description="Paraphrase-row field naming the kind of re-wording (for example wording the training data "
                    "holds or not); the report's score-by-kind table then has a row per kind. Not gated.",
    )
    automatic: AutomaticVariants | None = Field(
        default_factory=AutomaticVariants, description="Seeded rewrites; null turns them off."
    )
    paraphraser: ParaphraserSettings | None = Field(default=None, description="Model-written paraphrases.")
    worst_examples: int = Field(default=5, ge=0, description="Side-by-side examples of answers that broke.")

    @model_validator(mode="after")
    def _some_variants(self) -> ParaphraseSettings:
        if self.paraphrases is None and self.automatic is None and self.paraphraser is None:
            raise ValueError("give at least one source of variants: 'paraphrases', 'automatic' or 'paraphraser'")
        return self


class EmbeddingMatch(Strict):
    """Contamination by meaning: sentence-embedding cosine similarity (slower than n-grams)."""

    embedder: str = Field(
        default="packaged:all-minilm-l6-v2",
        description="'packaged:<name>', a local sentence-transformers folder or a hub id.",
    )
    threshold: float = Field(default=0.9, gt=0.0, le=1.0, description="Cosine similarity from which an item counts.")
    max_texts: int = Field(
        default=20000, ge=1, description="Training texts embedded (the first ones); the report says how many."
    )


class ContaminationSettings(Strict):
    """Train/test overlap: the share of each evaluation set's items found in the training data."""

    train: DatasetSpec | None = Field(
        default=None, description="The training file, streamed (default: loss_gap.train). A local file."
    )
    fields: list[str] | None = Field(
        default=None, min_length=1,
        description="Training-row fields compared (default: loss_gap's prompt fields and completion, or every "
        "string field).",
    )
    sets: list[str] | None = Field(
        default=None, min_length=1,
        description="Evaluation sets to measure, e.g. task, cross_domain.related, hallucination.facts, "
        "regression.mmlu (default: every set the run file names).",
    )
    ngram: int = Field(default=3, ge=1, le=13, description="Words per shingle (within a sentence).")
    threshold: float = Field(
        default=0.6, gt=0.0, le=1.0, description="Jaccard similarity of the shingle sets from which an item counts."
    )
    num_perm: int = Field(
        default=64, ge=16, le=1024,
        description="MinHash permutations (candidates only: every pair is confirmed on its exact shingle sets).",
    )
    embedding: EmbeddingMatch | None = Field(default=None, description="Also compare by meaning (optional).")
    max_rate: float = Field(
        default=0.05, ge=0.0, lt=1.0, description="Default gate: at most this share of a set's items contaminated."
    )
    task_metrics: bool = Field(
        default=True,
        description="Recompute the task check's metrics on its clean items (the task's answers, shared with it).",
    )
    examples: int = Field(default=5, ge=0, description="Contaminated items shown per set, beside their training row.")
    workers: int = Field(default=1, ge=1, le=64, description="Processes that share the scan of the training file.")


class OverfittingSettings(CheckSettings):
    """Memorisation versus generalisation.

    Default gates (when ``gates`` is null), each non-inferiority against the baseline:
    ``loss_gap`` margin 0.1 nats/token; the first output metric's ``cross_domain.*.drop``
    and ``paraphrase.*.gap`` margin 0.05 on a 0-1 metric (5 points on a 0-100 metric).
    Training-log measurements are informational unless gated. Contamination: each set's
    ``contamination.<set>.rate`` at most ``contamination.max_rate``.
    """

    loss_gap: LossGapSettings | None = None
    training_log: TrainingLogSettings | None = None
    cross_domain: CrossDomainSettings | None = None
    paraphrase: ParaphraseSettings | None = None
    contamination: ContaminationSettings | None = None
    loss_gap_margin: float = Field(
        default=0.1, gt=0.0, description="Default gate: how much larger (nats/token) the candidate's gap may be."
    )
    drop_margin: float = Field(
        default=0.05, gt=0.0,
        description="Default gates: how much larger the candidate's cross-domain drop and paraphrase gap may be, "
        "on a 0-1 metric (scaled by 100 for a 0-100 metric).",
    )

    @model_validator(mode="after")
    def _some_part(self) -> OverfittingSettings:
        if not (self.loss_gap or self.training_log or self.cross_domain or self.paraphrase or self.contamination):
            raise ValueError(
                "configure at least one of 'loss_gap', 'training_log', 'cross_domain', 'paraphrase', 'contamination'"
            )
        if self.contamination is not None and self.contamination.train is None and self.loss_gap is None:
            raise ValueError("contamination.train: name the training file (or configure loss_gap.train)")
        return self
