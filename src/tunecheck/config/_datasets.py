"""Where a check reads its samples from."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from tunecheck.types import Strict


class HubDataset(Strict):
    """A Hugging Face dataset (needs the `datasets` extra and hub access)."""

    name: str
    split: str = "test"
    config: str | None = None
    revision: str | None = None


class DatasetSpec(Strict):
    """A local JSONL, CSV or Parquet file, or a Hugging Face dataset."""

    path: Path | None = Field(default=None, description="JSONL, CSV or Parquet file (relative to the run file).")
    hub: HubDataset | None = None
    id_field: str | None = Field(default="id", description="Row field holding a stable sample id.")
    category_field: str | None = Field(default="category", description="Row field for per-category results.")
    cluster_field: str | None = Field(
        default=None,
        description="Row field naming each sample's cluster, where samples are not independent (rows written "
                    "from one template, about one document, by one author). Intervals and gates then treat a "
                    "cluster as the unit, so that many samples from a few templates cannot pass for many "
                    "independent ones. Every row must have it.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> DatasetSpec:
        if (self.path is None) == (self.hub is None):
            raise ValueError("give exactly one of 'path' or 'hub'")
        return self


CLUSTER_AWARE = ("checks.task.dataset", "checks.overfitting.cross_domain.in_domain",
                 "checks.overfitting.cross_domain.related", "checks.overfitting.paraphrase.dataset")
"""The datasets whose comparisons honour ``cluster_field``."""


def clustered_elsewhere(model: BaseModel, path: str) -> list[str]:
    """Keys of datasets that set ``cluster_field`` where no comparison would honour it."""
    found: list[str] = []
    for name in type(model).model_fields:
        value, key = getattr(model, name), f"{path}.{name}"
        if isinstance(value, DatasetSpec):
            if value.cluster_field is not None and key not in CLUSTER_AWARE:
                found.append(f"{key}.cluster_field")
        elif isinstance(value, BaseModel):
            found += clustered_elsewhere(value, key)
        elif isinstance(value, dict):
            found += [k for child_key, child in value.items() if isinstance(child, BaseModel)
                      for k in clustered_elsewhere(child, f"{key}.{child_key}")]
    return found
