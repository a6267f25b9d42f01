"""Settings of the ``task`` check: did fine-tuning improve the task it was made for?"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from tunecheck.config._base import CheckSettings
from tunecheck.config._datasets import DatasetSpec
from tunecheck.types import Strict


class WholeOutput(Strict):
    kind: Literal["whole"] = "whole"


class FirstLine(Strict):
    kind: Literal["first_line"] = "first_line"


class RegexGroup(Strict):
    kind: Literal["regex"] = "regex"
    pattern: str
    group: int | str = 1
    ignore_case: bool = True

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        import re

        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _has_group(self) -> RegexGroup:
        """The group read must exist in the pattern (else every sample would fail at extraction)."""
        import re

        compiled = re.compile(self.pattern)
        if isinstance(self.group, str) and self.group not in compiled.groupindex:
            named = ", ".join(compiled.groupindex) or "none"
            raise ValueError(f"pattern has no group named '{self.group}' (named groups: {named})")
        if isinstance(self.group, int) and not 0 <= self.group <= compiled.groups:
            raise ValueError(f"pattern has {compiled.groups} capture groups; group {self.group} does not exist "
                             "(add parentheses around the part to extract, or use group: 0 for the whole match)")
        return self


class JsonField(Strict):
    kind: Literal["json"] = "json"
    field: str = Field(description="Dotted path inside the first JSON object of the output.")


class LabelMatch(Strict):
    """Map the output to the first label of ``labels`` it mentions (word match, case-insensitive)."""

    kind: Literal["label"] = "label"


Extraction = Annotated[
    WholeOutput | FirstLine | RegexGroup | JsonField | LabelMatch, Field(discriminator="kind")
]


class ChatMessageTemplate(Strict):
    role: Literal["system", "user", "assistant"]
    content: str


class TaskOutput(Strict):
    """One scored part of the model's answer (a label, a free-text field, ...)."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    extract: Extraction = Field(default_factory=WholeOutput)
    reference: str | list[str] = Field(description="Row field(s) holding the reference(s).")
    labels: list[str] | None = Field(default=None, description="Closed label set (accuracy, F1).")
    metrics: list[str] = Field(min_length=1, description="Registered metric names or 'module:function'.")

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, names: list[str]) -> list[str]:
        from tunecheck.config._suggest import unknown_name
        from tunecheck.metrics import METRICS, entry_point_names

        known = [*METRICS, *entry_point_names()]
        for index, name in enumerate(names):
            if ":" not in name and name not in known:
                raise ValueError(f"[{index}]: {unknown_name('metric', name, known)}")
        return names

    @model_validator(mode="after")
    def _labels_for_label_metrics(self) -> TaskOutput:
        from tunecheck.metrics import LABEL_METRICS

        needs = LABEL_METRICS & set(self.metrics)
        if (needs or self.extract.kind == "label") and not self.labels:
            raise ValueError(f"'labels' is required for {sorted(needs) or 'label extraction'}")
        return self


class TaskSettings(CheckSettings):
    """Task metrics on a held-out set, candidate vs baseline, paired."""

    dataset: DatasetSpec
    prompt: str | list[ChatMessageTemplate] = Field(
        description="'{field}' template over row fields (a user message), or a list of chat messages."
    )
    outputs: list[TaskOutput] = Field(min_length=1)
    worst_examples: int = Field(default=5, ge=0, description="Side-by-side examples per regressed category.")
