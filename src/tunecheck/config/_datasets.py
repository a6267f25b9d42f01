"""Where a check reads its samples from."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

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

    @model_validator(mode="after")
    def _one_source(self) -> DatasetSpec:
        if (self.path is None) == (self.hub is None):
            raise ValueError("give exactly one of 'path' or 'hub'")
        return self
