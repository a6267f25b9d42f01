"""Reading dataset files into rows that remember where they came from."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tunecheck.config import DatasetSpec
from tunecheck.errors import DataError
from tunecheck.stats import cluster_ids


@dataclass(frozen=True)
class Row:
    """One dataset row: its fields, its id and category, and its origin (file, line)."""

    id: str
    data: Mapping[str, object]
    source: str
    line: int
    category: str | None = None
    cluster: str | None = None
    """The row's cluster (the dataset's ``cluster_field``), where rows are not independent."""

    def field(self, key: str) -> object:
        """A field's value; a missing key raises ``DataError`` naming file, line and key."""
        if key not in self.data:
            known = ", ".join(sorted(self.data)) or "none"
            raise DataError(f"row has no field '{key}' (fields: {known})", file=self.source, line=self.line, key=key)
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.field(key)
        return value if isinstance(value, str) else json.dumps(value) if value is not None else ""


@dataclass(frozen=True)
class Dataset:
    """Rows plus a content hash recorded in the report."""

    name: str
    rows: tuple[Row, ...]
    content_hash: str

    def take(self, limit: int | None) -> Dataset:
        return self if limit is None else Dataset(self.name, self.rows[:limit], self.content_hash)


def row_clusters(rows: Sequence[Row]) -> npt.NDArray[np.int64] | None:
    """Each row's cluster as 0..G-1 (in order of first appearance), or None where the rows have none."""
    if not rows or any(row.cluster is None for row in rows):
        return None
    return cluster_ids([row.cluster for row in rows])


def load_dataset(spec: DatasetSpec, base_dir: Path, name: str | None = None) -> Dataset:
    """Load a local file or a hub dataset as rows with ids (file, line and key in every error)."""
    if spec.path is not None:
        path = spec.path if spec.path.is_absolute() else base_dir / spec.path
        records = read_records(path)
        source = str(spec.path)
    else:
        assert spec.hub is not None
        records = _hub_records(spec)
        source = f"hub:{spec.hub.name}/{spec.hub.split}"
    rows = tuple(_row(record, line, source, spec) for line, record in records)
    _unique_ids(rows)
    digest = hashlib.sha256(json.dumps([r.data for r in rows], sort_keys=True,
                                       default=str).encode()).hexdigest()[:16]
    return Dataset(name or source, rows, digest)


def read_records(path: Path) -> list[tuple[int, dict[str, object]]]:
    """(line number, record) pairs from a JSONL, CSV or Parquet file."""
    if not path.exists():
        raise DataError("file not found", file=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return read_jsonl(path)
        if suffix in (".csv", ".tsv"):
            return _csv(path, "\t" if suffix == ".tsv" else ",")
        if suffix == ".parquet":
            return _parquet(path)
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    raise DataError(f"unsupported file type '{suffix}' (use .jsonl, .csv, .tsv or .parquet)", file=str(path))


def read_jsonl(path: Path) -> list[tuple[int, dict[str, object]]]:
    """(line number, object) pairs of a JSONL file; blank lines skipped, bad lines name file and line."""
    out = []
    for number, line in enumerate(_utf8_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        record = parse_json_line(line, str(path), number)
        if not isinstance(record, dict):
            raise DataError("each line must be a JSON object", file=str(path), line=number)
        out.append((number, record))
    return out


def parse_json_line(line: str, file: str, number: int) -> object:
    """One JSON value; invalid or too deeply nested JSON is a ``DataError`` naming file and line."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file,
                        line=number + exc.lineno - 1) from None
    except RecursionError:
        raise DataError("JSON nested too deeply to be a record", file=file, line=number) from None


def read_text(path: Path, what: str = "file") -> str:
    """A UTF-8 file's text (without a byte-order mark); unreadable or not UTF-8 is a ``DataError``."""
    try:
        return _utf8_text(path)
    except OSError as exc:
        raise DataError(f"cannot read the {what}: {exc.strerror or exc}", file=str(path)) from None


def _utf8_text(path: Path) -> str:
    """The file's text; bytes that are not UTF-8 are a ``DataError`` naming their line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                        file=str(path), line=line) from None


def _csv(path: Path, delimiter: str) -> list[tuple[int, dict[str, object]]]:
    reader = csv.DictReader(io.StringIO(_utf8_text(path), newline=""), delimiter=delimiter)
    out: list[tuple[int, dict[str, object]]] = []
    try:
        for record in reader:
            if None in record:  # more cells than the header names
                raise DataError(f"{len(reader.fieldnames or ()) + len(record[None])} cells but the header names "
                                f"{len(reader.fieldnames or ())} columns (quote cells that hold '{delimiter}')",
                                file=str(path), line=reader.line_num)
            out.append((reader.line_num, dict(record)))
    except csv.Error as exc:
        raise DataError(f"not valid CSV: {exc}", file=str(path), line=reader.line_num) from None
    return out


def _parquet(path: Path) -> list[tuple[int, dict[str, object]]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise DataError("reading Parquet needs pyarrow: pip install 'tunecheck[parquet]'", file=str(path)) from None
    table = pq.read_table(path)
    return [(i + 1, record) for i, record in enumerate(table.to_pylist())]


def _hub_records(spec: DatasetSpec) -> list[tuple[int, dict[str, object]]]:
    assert spec.hub is not None
    try:
        import datasets
    except ImportError:
        raise DataError("hub datasets need the 'datasets' package: pip install 'tunecheck[datasets]'",
                        file=f"hub:{spec.hub.name}") from None
    try:
        data = datasets.load_dataset(spec.hub.name, spec.hub.config, split=spec.hub.split,
                                     revision=spec.hub.revision)
    except Exception as exc:  # the hub client raises many kinds; name the dataset either way
        raise DataError(f"cannot load from the hub: {exc}", file=f"hub:{spec.hub.name}") from None
    return [(i + 1, dict(record)) for i, record in enumerate(data)]


def _row(record: dict[str, object], line: int, source: str, spec: DatasetSpec) -> Row:
    sample_id = f"{line}"
    if spec.id_field is not None and spec.id_field in record:
        sample_id = str(record[spec.id_field])
    category = None
    if spec.category_field is not None and record.get(spec.category_field) not in (None, ""):
        category = str(record[spec.category_field])
    cluster = None
    if spec.cluster_field is not None:
        if record.get(spec.cluster_field) in (None, ""):
            raise DataError(f"row has no value for the cluster field '{spec.cluster_field}'", file=source, line=line,
                            key=spec.cluster_field)
        cluster = str(record[spec.cluster_field])
    return Row(id=sample_id, data=record, source=source, line=line, category=category, cluster=cluster)


def _unique_ids(rows: tuple[Row, ...]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        if row.id in seen:
            raise DataError(f"duplicate sample id '{row.id}' (first on line {seen[row.id]})",
                            file=row.source, line=row.line, key="id")
        seen[row.id] = row.line
