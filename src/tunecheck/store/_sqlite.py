"""The run store: every request and response, written as it completes.

SQLite in WAL mode with ``synchronous=NORMAL``: a committed row survives ``kill -9``
of the process, so a killed run loses at most the requests in flight and a re-run
with the same config requests nothing it already has.

Rows are keyed by (model fingerprint, request hash, repeat index); the request hash
covers the rendered prompt and every generation parameter. The ``plan`` table maps a
check's sample ids to those keys, so a report can be re-rendered without the models
(and without their tokenizers); each plan row also keeps the hash of the request before
rendering (messages, parameters), so re-rendering can tell a sample whose prompt changed
since it was collected. A store written before that column existed gains it empty.

A store that is not a database or is damaged (truncated, overwritten) is a ``DataError``
naming it; a store that cannot be written (a full disk, a read-only folder) is a
``StoreError``. Either way the rows already committed stay as they are.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tunecheck.backends import Generation, Loglikelihood
from tunecheck.errors import DataError, StoreError

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS generations (
    model_fp TEXT NOT NULL, request_hash TEXT NOT NULL, repeat INTEGER NOT NULL,
    prompt TEXT NOT NULL, params TEXT NOT NULL, text TEXT NOT NULL,
    prompt_tokens INTEGER, output_tokens INTEGER, finish_reason TEXT,
    ttft_s REAL, e2e_s REAL, token_times TEXT, token_logprobs TEXT, error TEXT,
    created_at REAL NOT NULL,
    PRIMARY KEY (model_fp, request_hash, repeat)
);
CREATE TABLE IF NOT EXISTS loglikelihoods (
    model_fp TEXT NOT NULL, request_hash TEXT NOT NULL,
    context TEXT NOT NULL, continuation TEXT NOT NULL,
    logprob REAL NOT NULL, token_logprobs TEXT NOT NULL, is_greedy INTEGER NOT NULL, error TEXT,
    created_at REAL NOT NULL,
    PRIMARY KEY (model_fp, request_hash)
);
CREATE TABLE IF NOT EXISTS plan (
    role TEXT NOT NULL, check_id TEXT NOT NULL, sample_id TEXT NOT NULL, repeat INTEGER NOT NULL,
    kind TEXT NOT NULL, model_fp TEXT NOT NULL, request_hash TEXT NOT NULL, source_hash TEXT,
    PRIMARY KEY (role, check_id, kind, sample_id, repeat)
);
CREATE TABLE IF NOT EXISTS artifacts (
    check_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, created_at REAL NOT NULL,
    PRIMARY KEY (check_id, name)
);
"""


@dataclass(frozen=True)
class PlannedRequest:
    """One plan row: where a sample's stored answer is, and what was asked before rendering."""

    model_fp: str
    request_hash: str
    source_hash: str | None


PlanRow = tuple[str, str, str, int, str, str, str, str | None]


class RunStore:
    """A run directory's ``store.sqlite``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise _store_error(path, exc) from None
        self._db = _Connection(connection, path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(plan)")}
        if "source_hash" not in columns:
            self._db.execute("ALTER TABLE plan ADD COLUMN source_hash TEXT")

    def close(self) -> None:
        self._db.close()

    # --- meta -------------------------------------------------------------------
    def set_meta(self, key: str, value: object) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def get_meta(self, key: str) -> object | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    # --- generations ------------------------------------------------------------
    def put_generation(self, model_fp: str, request_hash: str, repeat: int, prompt: str,
                       params: str, generation: Generation) -> None:
        g = generation
        self._db.execute(
            "INSERT OR REPLACE INTO generations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (model_fp, request_hash, repeat, prompt, params, g.text, g.prompt_tokens, g.output_tokens,
             g.finish_reason, g.ttft_s, g.e2e_s, _dump(g.token_times_s), _dump(g.token_logprobs),
             g.error, time.time()),
        )

    def get_generations(self, model_fp: str, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Generation]:
        """Stored generations (errors included) for the given (request hash, repeat) keys."""
        found: dict[tuple[str, int], Generation] = {}
        for chunk in _chunks(keys, 400):
            hashes = sorted({h for h, _ in chunk})
            marks = ",".join("?" * len(hashes))
            rows = self._db.execute(
                "SELECT request_hash, repeat, text, prompt_tokens, output_tokens, finish_reason, ttft_s, e2e_s, "
                f"token_times, token_logprobs, error FROM generations WHERE model_fp = ? AND request_hash IN ({marks})",
                (model_fp, *hashes),
            ).fetchall()
            wanted = set(chunk)
            for row in rows:
                key = (row[0], row[1])
                if key in wanted:
                    found[key] = Generation(
                        text=row[2], prompt_tokens=row[3], output_tokens=row[4], finish_reason=row[5],
                        ttft_s=row[6], e2e_s=row[7], token_times_s=_load_floats(row[8]),
                        token_logprobs=_load_floats(row[9]), error=row[10],
                    )
        return found

    # --- log-likelihoods ----------------------------------------------------------
    def put_loglikelihood(self, model_fp: str, request_hash: str, context: str, continuation: str,
                          result: Loglikelihood) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO loglikelihoods VALUES (?,?,?,?,?,?,?,?,?)",
            (model_fp, request_hash, context, continuation, result.logprob, json.dumps(result.token_logprobs),
             int(result.is_greedy), result.error, time.time()),
        )

    def get_loglikelihoods(self, model_fp: str, hashes: list[str]) -> dict[str, Loglikelihood]:
        found: dict[str, Loglikelihood] = {}
        for chunk in _chunks(sorted(set(hashes)), 400):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT request_hash, logprob, token_logprobs, is_greedy, error FROM loglikelihoods "
                f"WHERE model_fp = ? AND request_hash IN ({marks})",
                (model_fp, *chunk),
            ).fetchall()
            for row in rows:
                found[row[0]] = Loglikelihood(
                    logprob=row[1], token_logprobs=tuple(json.loads(row[2])), is_greedy=bool(row[3]), error=row[4]
                )
        return found

    # --- plan ---------------------------------------------------------------------
    def put_plan(self, rows: list[PlanRow]) -> None:
        """Rows of (role, check_id, sample_id, repeat, kind, model_fp, request_hash, source_hash)."""
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT OR REPLACE INTO plan (role, check_id, sample_id, repeat, kind, model_fp, request_hash, "
            "source_hash) VALUES (?,?,?,?,?,?,?,?)", rows)
        self._db.execute("COMMIT")

    def get_plan(self, role: str, check_id: str, kind: str) -> dict[tuple[str, int], PlannedRequest]:
        """(sample id, repeat) -> the planned request, for one role and check."""
        rows = self._db.execute(
            "SELECT sample_id, repeat, model_fp, request_hash, source_hash FROM plan "
            "WHERE role = ? AND check_id = ? AND kind = ?",
            (role, check_id, kind),
        ).fetchall()
        return {(r[0], r[1]): PlannedRequest(r[2], r[3], r[4]) for r in rows}

    # --- artifacts ------------------------------------------------------------------
    def put_artifact(self, check_id: str, name: str, value: object) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO artifacts VALUES (?,?,?,?)", (check_id, name, json.dumps(value), time.time())
        )

    def get_artifact(self, check_id: str, name: str) -> object | None:
        row = self._db.execute(
            "SELECT value FROM artifacts WHERE check_id = ? AND name = ?", (check_id, name)
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def counts(self) -> dict[str, int]:
        """Rows per table (for progress and tests)."""
        return {t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("generations", "loglikelihoods", "plan", "artifacts")}


_Params = tuple[object, ...] | list[object]


class _Connection:
    """The SQLite connection, with its errors turned into tunecheck's (naming the store file)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection, self._path = connection, path

    def execute(self, sql: str, params: _Params = ()) -> sqlite3.Cursor:
        try:
            return self._connection.execute(sql, params)
        except sqlite3.Error as exc:
            raise _store_error(self._path, exc) from None

    def executemany(self, sql: str, rows: list[PlanRow]) -> None:
        try:
            self._connection.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise _store_error(self._path, exc) from None

    def executescript(self, sql: str) -> None:
        try:
            self._connection.executescript(sql)
        except sqlite3.Error as exc:
            raise _store_error(self._path, exc) from None

    def close(self) -> None:
        self._connection.close()


def _store_error(path: Path, exc: sqlite3.Error) -> DataError | StoreError:
    """Damage (not a database, malformed) is a data error; failing to write (disk full, read-only) a tool one."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and any(
            part in text for part in ("full", "readonly", "disk I/O", "unable to open", "locked")):
        return StoreError(f"{path}: cannot write the run store ({text}); free disk space or fix the folder's "
                          "permissions, then re-run to resume (the answers already stored are kept)")
    return DataError(f"not a readable run store ({text}); move it away to start the run afresh (its stored "
                     "answers cannot be reused)", file=str(path))


def _dump(values: tuple[float, ...] | None) -> str | None:
    return None if values is None else json.dumps(values)


def _load_floats(text: str | None) -> tuple[float, ...] | None:
    return None if text is None else tuple(json.loads(text))


def _chunks(items: list[_T], size: int) -> list[list[_T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]



