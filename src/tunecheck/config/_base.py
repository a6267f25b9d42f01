"""Shared pieces of the run-file models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from tunecheck.types import Strict

GateRule = Literal["superiority", "non_inferiority", "at_most", "at_least"]


class GateSpec(Strict):
    """A production requirement on one measurement.

    - ``superiority``: the candidate must beat the baseline by more than ``threshold``
      (judged on the CI's lower bound);
    - ``non_inferiority``: the candidate may be worse than the baseline by at most
      ``threshold`` (the margin), judged on the CI;
    - ``at_most`` / ``at_least``: the candidate's own value against an absolute limit.

    Directions follow the measurement's ``higher_is_better``: for a rate where lower is
    better, "beat" means lower.
    """

    measurement: str = Field(description="Measurement name, as listed in the check's report section.")
    rule: GateRule
    threshold: float = Field(description="min_delta, margin, or absolute limit, in the measurement's unit.")
    blocking: bool = Field(default=True, description="A failing non-blocking gate is a warning, not NO-GO.")


class CheckSettings(Strict):
    """Fields every check shares."""

    enabled: bool = True
    gates: list[GateSpec] | None = Field(
        default=None, description="Requirements that decide the verdict; None takes the check's defaults."
    )
    limit: int | None = Field(default=None, ge=1, description="Use at most this many samples (quick runs).")


AUXILIARY_BACKEND = "auxiliary_backend"


AuxiliaryBackend = Annotated[str, Field(json_schema_extra={AUXILIARY_BACKEND: True})]
OptionalAuxiliaryBackend = Annotated[str | None, Field(json_schema_extra={AUXILIARY_BACKEND: True})]
"""A field naming an entry of the run file's ``backends:`` map (a judge, a paraphraser).

The run file is refused when the name is not there (``RunConfig`` checks every such field),
so a check never meets an unknown auxiliary model at run time."""


def auxiliary_references(model: BaseModel, path: str) -> list[tuple[str, str]]:
    """``(key, backend name)`` for every auxiliary-backend field set in ``model`` and the models it holds."""
    found: list[tuple[str, str]] = []
    if getattr(model, "enabled", True) is False:
        return found  # a check that does not run needs no model
    for name, info in type(model).model_fields.items():
        value, key = getattr(model, name), f"{path}.{name}"
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(AUXILIARY_BACKEND) and isinstance(value, str):
            found.append((key, value))
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else [value]
        for child in children:
            if isinstance(child, BaseModel):
                found += auxiliary_references(child, key)
    return found
