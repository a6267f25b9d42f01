"""The parent's side of the worker processes (fresh processes: no state leaks from the caller)."""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from tunecheck.errors import TunecheckError
from tunecheck.load._wire import Go, Progress, Ready, ShardDone, ShardFailed, ShardTask, Stop
from tunecheck.load._worker import worker_main

_START_MARGIN_S = 0.05
STOP_GRACE_S = 0.8  # a stopped worker ends its phase within 0.05 s; the whole pool is down within 2 s


class LoadError(TunecheckError):
    """The load run could not measure the endpoint (tool error, exit code 1)."""


@dataclass(frozen=True)
class ShardResults:
    """What every worker of one level reported."""

    readies: tuple[Ready, ...]
    done: tuple[ShardDone, ...]
    t0: float


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """A fork server where the platform has one (workers fork from a clean process that has
    already imported the worker module: ~10 ms per worker instead of a full interpreter
    start), else spawn. Neither copies the caller's threads or state."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tunecheck.load._worker"])
        return context
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """Worker processes kept across levels; grows on demand."""

    def __init__(self) -> None:
        self._context = _context()
        self._workers: list[tuple[BaseProcess, Connection]] = []

    def ensure(self, count: int) -> None:
        while len(self._workers) < count:
            parent_end, child_end = self._context.Pipe(duplex=True)
            process = self._context.Process(target=worker_main, args=(child_end, len(self._workers)),
                                            name=f"tunecheck-load-{len(self._workers)}", daemon=True)
            process.start()
            child_end.close()
            self._workers.append((process, parent_end))

    def close(self) -> None:
        """Stop every worker, mid-level too: ``Stop`` first, SIGTERM after ``STOP_GRACE_S``, SIGKILL last."""
        for _, conn in self._workers:
            with contextlib.suppress(OSError):
                conn.send(Stop())
        deadline = time.monotonic() + STOP_GRACE_S
        for process, _ in self._workers:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
        for process, conn in self._workers:
            if process.is_alive():
                process.terminate()
                process.join(timeout=0.3)
            if process.is_alive():
                process.kill()
                process.join(timeout=1.0)
            conn.close()
        self._workers.clear()

    def _collect(self, conns: Sequence[Connection], want: type[Ready] | type[ShardDone],
                 on_progress: Callable[[int, int], None] | None) -> list[object]:
        got: dict[int, object] = {}
        index_of = {id(conn): index for index, conn in enumerate(conns)}
        while len(got) < len(conns):
            for ready in wait([c for i, c in enumerate(conns) if i not in got], timeout=1.0):
                index = index_of[id(ready)]
                try:
                    message = conns[index].recv()
                except EOFError as exc:
                    raise LoadError(f"load worker {index} exited unexpectedly") from exc
                if isinstance(message, ShardFailed):
                    raise LoadError(f"load worker {index} failed: {message.message}")
                if isinstance(message, Progress):
                    if on_progress is not None:
                        on_progress(message.worker, message.completed)
                elif isinstance(message, want):
                    got[index] = message
            self._check_alive(len(conns))
        return [got[i] for i in range(len(conns))]

    def _check_alive(self, count: int) -> None:
        for index, (process, _) in enumerate(self._workers[:count]):
            if not process.is_alive():
                raise LoadError(f"load worker {index} died (exit code {process.exitcode}); "
                                "see its error output above")

    def run(self, tasks: Sequence[ShardTask], on_ready: Callable[[], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> ShardResults:
        """Run one level: every task on its own worker, measured phases started together."""
        self.ensure(len(tasks))
        conns = [conn for _, conn in self._workers[: len(tasks)]]
        for conn, task in zip(conns, tasks, strict=True):
            conn.send(task)
        readies = [r for r in self._collect(conns, Ready, None) if isinstance(r, Ready)]
        if on_ready is not None:
            on_ready()
        t0 = time.perf_counter() + _START_MARGIN_S
        for conn in conns:
            conn.send(Go(t0))
        done = [d for d in self._collect(conns, ShardDone, on_progress) if isinstance(d, ShardDone)]
        return ShardResults(tuple(readies), tuple(done), t0)
