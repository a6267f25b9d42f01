"""Settings of the ``consistency`` check: does the model say the same thing twice?

.. code-block:: yaml

    checks:
      consistency:
        dataset: {path: data/test.jsonl}        # omit to use the built-in probe set
        prompt: "Route this ticket: {message}"
        reference: queue                        # optional: enables score_std and factual_agreement
        extract: {kind: regex, pattern: 'Queue:\\s*(\\w+)'}
        repeats: 5
        temperature: 0.7                        # the deployment temperature
        gates:
          - {measurement: answer_agreement, rule: non_inferiority, threshold: 0.05}
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from tunecheck.config._base import CheckSettings
from tunecheck.config._datasets import DatasetSpec
from tunecheck.config._task import ChatMessageTemplate, Extraction, WholeOutput


class ConsistencySettings(CheckSettings):
    """Agreement over repeated prompts at the deployment temperature, candidate vs baseline, paired."""

    dataset: DatasetSpec | None = Field(
        default=None, description="Prompts to repeat; None uses the built-in hallucination probe set."
    )
    prompt: str | list[ChatMessageTemplate] | None = Field(
        default=None, description="'{field}' template or chat messages; required with `dataset`."
    )
    reference: str | list[str] | None = Field(
        default=None,
        description="Row field(s) with reference answers (strings or lists); None for the probe set means "
        "[answer, aliases], otherwise no references.",
    )
    extract: Extraction = Field(default_factory=WholeOutput, description="The part of the output compared.")
    metric: str = Field(default="token_f1", description="Per-sample quality metric whose spread is measured.")
    repeats: int = Field(default=5, ge=2, le=100, description="Repeats per prompt (seeds seed+r).")
    temperature: float | None = Field(
        default=None, gt=0.0, le=2.0,
        description="Deployment temperature; None takes the run's generation temperature, or 0.7 when it is 0.",
    )
    semantic: bool = Field(default=True, description="Measure semantic agreement with sentence embeddings.")
    embedder: str = Field(
        default="packaged:all-minilm-l6-v2", description="'packaged:<name>', a local directory or a hub id."
    )
    examples: int = Field(default=5, ge=0, description="Least consistent prompts shown with their repeats.")

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, name: str) -> str:
        from tunecheck.config._suggest import unknown_name
        from tunecheck.metrics import LABEL_METRICS, METRICS, entry_point_names

        if name in LABEL_METRICS:
            raise ValueError(f"'{name}' needs a label set; use 'exact_match' on an extracted label")
        known = [*(m for m in METRICS if m not in LABEL_METRICS), *entry_point_names()]
        if ":" not in name and name not in known:
            raise ValueError(unknown_name("metric", name, known))
        return name

    @model_validator(mode="after")
    def _prompt_with_dataset(self) -> ConsistencySettings:
        if self.dataset is not None and self.prompt is None:
            raise ValueError("'prompt' is required with 'dataset' (a '{field}' template over its rows)")
        return self
