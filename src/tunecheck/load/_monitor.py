"""A worker's view of its own health: event-loop lag and CPU time."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import time

from tunecheck.load._wire import WorkerHealth


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tail(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class HealthMonitor:
    """Sleeps ``interval_s`` in a loop and records how late each wake-up was.

    A late wake-up means every other coroutine on the loop (every socket read being timed)
    was also served late by about as much.
    """

    def __init__(self, interval_s: float, uvloop: bool) -> None:
        self._interval = interval_s
        self._uvloop = uvloop
        self._lags: list[float] = []
        self._task: asyncio.Task[None] | None = None
        self._cpu0 = self._wall0 = 0.0

    async def _probe(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(self._interval)
            self._lags.append(time.perf_counter() - start - self._interval)

    def start(self) -> None:
        self._cpu0, self._wall0 = _cpu_seconds(), time.perf_counter()
        self._task = asyncio.get_running_loop().create_task(self._probe())

    async def stop(self) -> WorkerHealth:
        wall = time.perf_counter() - self._wall0
        cpu = _cpu_seconds() - self._cpu0
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        lags_ms = [max(0.0, lag) * 1000.0 for lag in self._lags]
        return WorkerHealth(cpu_s=cpu, wall_s=wall, lag_p99_ms=_tail(lags_ms, 0.99),
                            lag_max_ms=max(lags_ms, default=0.0), lag_samples=len(lags_ms),
                            uvloop=self._uvloop)
