"""Running levels: workers, records, results."""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Literal

import psutil

from tunecheck._interrupt import Interrupted
from tunecheck.load._measure import Tokenizer, to_record
from tunecheck.load._plan import shard_tasks
from tunecheck.load._pool import LoadError, ShardResults, WorkerPool
from tunecheck.load._result import LevelResult, LoadResult, RequestRecord
from tunecheck.load._spec import GeneratorSettings, LoadLevel, LoadSpec
from tunecheck.load._summary import LevelRun, summarize_level

Phase = Literal["warmup", "measure", "done"]


@dataclass(frozen=True)
class LoadProgress:
    """A progress report: ``completed`` measured requests of the level (``total`` when known)."""

    level_index: int
    level: LoadLevel
    phase: Phase
    completed: int
    total: int | None


ProgressCallback = Callable[[LoadProgress], None]


def client_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("aiohttp", "uvloop", "psutil"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


class LoadEngine:
    """Runs levels one after another on a pool of worker processes kept for the run.

    Use as a context manager; per-request records are appended to ``records_path`` (JSONL)
    as each level ends, when given.
    """

    def __init__(self, spec: LoadSpec, *, settings: GeneratorSettings | None = None,
                 tokenizer: Tokenizer | None = None, progress: ProgressCallback | None = None,
                 records_path: Path | None = None) -> None:
        self.spec, self.settings = spec, settings or GeneratorSettings()
        self.tokenizer, self.progress, self.records_path = tokenizer, progress, records_path
        self._pool = WorkerPool()
        if records_path is not None:
            records_path.parent.mkdir(parents=True, exist_ok=True)
            records_path.write_text("")

    def __enter__(self) -> LoadEngine:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._pool.close()

    def _report(self, index: int, level: LoadLevel, phase: Phase, completed: int, total: int | None) -> None:
        if self.progress is not None:
            self.progress(LoadProgress(index, level, phase, completed, total))

    def _shards(self, index: int, level: LoadLevel) -> tuple[ShardResults, float | None]:
        tasks = shard_tasks(self.spec, level, index, self.settings, keep_text=self.tokenizer is not None)
        total = (sum(len(t.measured.schedule) for t in tasks) if level.kind == "open" else self.spec.requests)
        counts = [0] * len(tasks)

        def on_progress(worker: int, completed: int) -> None:
            counts[worker] = completed
            self._report(index, level, "measure", sum(counts), total)

        self._report(index, level, "warmup", 0, total)
        psutil.cpu_percent(interval=None)
        shards = self._pool.run(tasks, on_ready=lambda: self._report(index, level, "measure", 0, total),
                                on_progress=on_progress)
        return shards, psutil.cpu_percent(interval=None)

    def run_level(self, level: LoadLevel, index: int) -> LevelResult:
        """Warm up at ``level``, measure it, and summarise it."""
        started = datetime.now(timezone.utc)
        shards, system_cpu = self._shards(index, level)
        _refuse_rejected_warmup(shards)
        records = tuple(sorted(
            (to_record(outcome, level_index=index, worker=done.worker, t0=shards.t0, slo=self.spec.slo,
                       tokenizer=self.tokenizer)
             for done in shards.done for outcome in done.outcomes), key=lambda r: r.index))
        self._save(records)
        run = LevelRun(index=index, level=level, started_at=started, records=records, readies=shards.readies,
                       health=tuple(d.health for d in shards.done), system_cpu_percent=system_cpu,
                       offered_rps=level.rate)
        result = summarize_level(run, self.spec.slo, self.settings, seed=self.spec.seed + index)
        self._report(index, level, "done", result.scheduled, result.scheduled)
        return result

    def _save(self, records: Sequence[RequestRecord]) -> None:
        if self.records_path is None:
            return
        with self.records_path.open("a", encoding="utf-8") as handle:
            for record in records:
                handle.write(record.model_dump_json() + "\n")


def _refuse_rejected_warmup(shards: ShardResults) -> None:
    """Every warm-up request refused with a 4xx means the request itself is wrong."""
    done = sum(ready.warmup_done for ready in shards.readies)
    errors = [(key, count) for ready in shards.readies for key, count in ready.warmup_errors.items()]
    client_errors = sum(count for key, count in errors if key.startswith("http_4"))
    if done and client_errors == done:
        first = next((r.warmup_first_error for r in shards.readies if r.warmup_first_error), "")
        raise LoadError(f"the server refused every warm-up request ({first}); check the model name "
                        "(--model), the URL and the endpoint kind")


def capacity_of(levels: Sequence[LevelResult]) -> LoadLevel | None:
    """The heaviest level that meets the SLOs with every lighter level meeting them too."""
    best: LoadLevel | None = None
    for result in sorted(levels, key=lambda r: r.level.intensity):
        if result.slo.status != "pass":
            break
        best = result.level
    return best


def _check_levels(levels: Sequence[LoadLevel]) -> None:
    if not levels:
        raise LoadError("no load level given: pass at least one concurrency or rate")
    if len({level.kind for level in levels}) > 1:
        raise LoadError("levels mix closed loop (concurrency) and open loop (rate); run them separately")


def run_load(spec: LoadSpec, levels: Sequence[LoadLevel], *, progress: ProgressCallback | None = None,
             tokenizer: Tokenizer | None = None, settings: GeneratorSettings | None = None,
             records_path: Path | None = None) -> LoadResult:
    """Drive ``spec``'s endpoint at each level in turn and measure it.

    Blocking; call it from synchronous code (it runs its event loops in worker processes).
    Raises ``LoadError`` when the endpoint cannot be measured at all (nothing listening,
    a worker failing). Interrupted (SIGINT, SIGTERM), it stops every worker first and
    raises ``Interrupted`` carrying the levels finished so far as ``partial``.
    """
    _check_levels(levels)
    settings = settings or GeneratorSettings()
    started = datetime.now(timezone.utc)
    results: list[LevelResult] = []

    def result() -> LoadResult:
        return LoadResult(spec=spec, generator=settings, levels=tuple(results),
                          capacity=None if spec.slo.is_empty else capacity_of(results), started_at=started,
                          finished_at=datetime.now(timezone.utc), client_versions=client_versions())

    try:
        with LoadEngine(spec, settings=settings, tokenizer=tokenizer, progress=progress,
                        records_path=records_path) as engine:
            for index, level in enumerate(levels):
                results.append(engine.run_level(level, index))
    except Interrupted as stopped:  # the workers are down (the engine closed them); keep the finished levels
        stopped.partial = result()
        raise
    return result()
