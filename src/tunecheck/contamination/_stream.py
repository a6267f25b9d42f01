"""Reading a training file one row at a time: the texts the search compares, never the whole file.

JSONL and CSV/TSV are read line by line, Parquet a record batch at a time, so a training
set of millions of rows costs the memory of one batch.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tunecheck.errors import DataError

_PARQUET_BATCH = 8192


@dataclass(frozen=True)
class TrainingText:
    """One field of one training row, with where it came from (``line``: 1-based row or line)."""

    line: int
    field: str
    text: str


def training_texts(path: Path, fields: Sequence[str] | None, *, skip: Sequence[str] = ()) -> Iterator[TrainingText]:
    """Each row's ``fields`` (all its string fields but ``skip`` when ``None``), streamed.

    A row without a named field is an error naming file, line and key.
    """
    for line, record in _records(path):
        if fields is None:
            for key, value in record.items():
                if isinstance(value, str) and value and key not in skip:
                    yield TrainingText(line, key, value)
            continue
        for key in fields:
            if key not in record:
                known = ", ".join(sorted(record)) or "none"
                raise DataError(f"training row has no field '{key}' (fields: {known})", file=str(path), line=line,
                                key=key)
            text = _text(record[key])
            if text:
                yield TrainingText(line, key, text)


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else json.dumps(value, ensure_ascii=False)


def _records(path: Path) -> Iterator[tuple[int, Mapping[str, object]]]:
    if not path.is_file():
        raise DataError("training file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl(path)
    if suffix in (".csv", ".tsv"):
        return _csv(path, "\t" if suffix == ".tsv" else ",")
    if suffix == ".parquet":
        return _parquet(path)
    raise DataError(f"unsupported file type '{suffix}' (use .jsonl, .csv, .tsv or .parquet)", file=str(path))


def _jsonl(path: Path) -> Iterator[tuple[int, Mapping[str, object]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"not valid JSON: {exc.msg}", file=str(path), line=number) from None
            if not isinstance(record, dict):
                raise DataError("each line must be a JSON object", file=str(path), line=number)
            yield number, record


def _csv(path: Path, delimiter: str) -> Iterator[tuple[int, Mapping[str, object]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        for record in reader:
            yield reader.line_num, record


def _parquet(path: Path) -> Iterator[tuple[int, Mapping[str, object]]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise DataError("reading Parquet needs pyarrow: pip install 'tunecheck[parquet]'", file=str(path)) from None
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_PARQUET_BATCH):
        for record in batch.to_pylist():
            number += 1
            yield number, record
