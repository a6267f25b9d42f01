"""Dataset loaders (JSONL, CSV, Parquet, Hugging Face hub) and prompt templates."""

from tunecheck.datasets._rows import Dataset, Row, load_dataset, parse_json_line, read_records
from tunecheck.datasets._template import check_fields, fields_of, fill, render_prompt

__all__ = ["Dataset", "Row", "check_fields", "fields_of", "fill", "load_dataset", "parse_json_line",
           "read_records", "render_prompt"]
