"""Writing and reading a load run's files."""

from __future__ import annotations

from pathlib import Path

from tunecheck.load._result import LoadResult, RequestRecord

RESULT_FILE = "load.json"
RECORDS_FILE = "requests.jsonl"


def write_result(result: LoadResult, out_dir: Path) -> Path:
    """Write ``result`` as ``load.json`` in ``out_dir``; returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / RESULT_FILE
    path.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def read_result(path: Path) -> LoadResult:
    return LoadResult.model_validate_json(path.read_text(encoding="utf-8"))


def read_records(path: Path) -> list[RequestRecord]:
    """The per-request records of a JSONL file written by a load run."""
    with path.open(encoding="utf-8") as handle:
        return [RequestRecord.model_validate_json(line) for line in handle if line.strip()]
