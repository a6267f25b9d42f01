"""Dataset loaders (JSONL, CSV, Parquet, Hugging Face hub) and prompt templates."""

from tunecheck.datasets._rows import (
    Dataset,
    Row,
    load_dataset,
    parse_json_line,
    read_jsonl,
    read_records,
    read_text,
    row_clusters,
)
from tunecheck.datasets._safety import SafetyPrompt, load_advbench, load_garak_probes, load_harmbench, load_xstest
from tunecheck.datasets._template import check_fields, fields_of, fill, render_prompt

__all__ = [
    "Dataset",
    "Row",
    "SafetyPrompt",
    "check_fields",
    "fields_of",
    "fill",
    "load_advbench",
    "load_dataset",
    "load_garak_probes",
    "load_harmbench",
    "load_xstest",
    "parse_json_line",
    "read_jsonl",
    "read_records",
    "read_text",
    "render_prompt",
    "row_clusters",
]
